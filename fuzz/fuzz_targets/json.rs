//! `Request::from_json` on arbitrary bytes, under both profiles and every OS set.
//!
//! Oracles (fast and full as in the `query` target): as the `query` target (no panic, determinism, order, `first_error`,
//! messages, round trip through the query form); and the values read, the counts
//! of wire-form problems, and whether the input is refused equal a plain reading
//! of the same JSON with `serde_json` (sections 7 and 10).

#![no_main]

use std::fmt;

use cvm_rules::glue::{WireShape, wire_parameters};
use cvm_rules::{Field, Profile, Request, RuleId};
use libfuzzer_sys::fuzz_target;
use serde::de::{Deserializer, MapAccess, Visitor};
use serde_json::Value;

mod common;

/// A JSON object's entries in input order, repeated keys included.
struct Entries;

impl<'de> Visitor<'de> for Entries {
    type Value = Vec<(String, Value)>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(entries)
    }
}

/// The entries of a JSON object, or `None` for anything else (or not JSON).
fn entries(input: &[u8]) -> Option<Vec<(String, Value)>> {
    let mut de = serde_json::Deserializer::from_slice(input);
    let entries = (&mut de).deserialize_map(Entries).ok()?;
    de.end().ok()?;
    Some(entries)
}

/// The action's parameters (`Some` shape) and the common ones (`None`), as the
/// library's parameter list names them.
fn known(key: &str) -> Option<Option<WireShape>> {
    wire_parameters()
        .find(|(name, _)| *name == key)
        .map(|(_, shape)| shape)
}

fn check_against_plain_reading(input: &[u8], request: &Request<'_, '_>) {
    let wire = request.wire_diagnostics();
    let refused = wire.iter().any(|d| *d.field() == Field::Input);
    if input.len() > cvm_rules::glue::MAX_INPUT_BYTES {
        assert!(refused);
        return;
    }
    let Some(entries) = entries(input) else {
        // Not a JSON object: refused as a whole, whatever the input.
        assert!(
            refused,
            "a body that is not a JSON object was read: {wire:?}"
        );
        return;
    };
    let params: usize = entries
        .iter()
        .map(|(_, v)| 1 + v.as_array().map_or(0, Vec::len))
        .sum();
    if params > cvm_rules::glue::MAX_PARAMS {
        assert!(wire.iter().any(|d| d.rule() == RuleId::InputTooLarge));
        return;
    }
    assert!(!refused, "a JSON object was refused: {wire:?}");

    let first = |key: &str| entries.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    let text = |key: &str| match first(key) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.as_str()),
        _ => None,
    };
    assert_eq!(
        request.password_value().map(|p| p.expose()),
        text("Password")
    );
    assert_eq!(request.user_name_value(), text("UserName"));
    assert_eq!(
        request.force_stop_value(),
        first("ForceStop").and_then(Value::as_bool)
    );
    let ids: Vec<&str> = match first("InstanceIds") {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    assert!(request.instance_id_values().eq(ids.iter().copied()));

    let count = |rule: RuleId| wire.iter().filter(|d| d.rule() == rule).count();
    let unknown = entries.iter().filter(|(k, _)| known(k).is_none()).count();
    assert_eq!(count(RuleId::ParamUnknown), unknown, "param.unknown");
    let repeated: usize = wire_parameters()
        .filter(|(_, shape)| shape.is_some())
        .map(|(key, _)| {
            entries
                .iter()
                .filter(|(k, _)| k == key)
                .count()
                .saturating_sub(1)
        })
        .sum();
    assert_eq!(count(RuleId::ParamRepeated), repeated, "param.repeated");
    let mut wrong_types = 0;
    for (key, shape) in wire_parameters() {
        let value = first(key);
        match (shape, value) {
            (None, _) | (_, None | Some(Value::Null)) => {}
            (Some(WireShape::Text), Some(v)) => wrong_types += usize::from(!v.is_string()),
            // A flag of another type is its own value rule's problem.
            (Some(WireShape::Flag), Some(_)) => {}
            (Some(WireShape::Items), Some(Value::Array(items))) => {
                wrong_types += items.iter().filter(|v| !v.is_string()).count();
            }
            (Some(WireShape::Items), Some(_)) => wrong_types += 1,
            (Some(shape), Some(_)) => panic!("a shape this reading does not know: {shape:?}"),
        }
    }
    assert_eq!(count(RuleId::ParamType), wrong_types, "param.type");
}

fuzz_target!(|data: &[u8]| {
    let depth = common::Depth::of(data);
    for &profile in depth.sample(&Profile::ALL, 0) {
        let request = common::read_and_check(data, profile, Request::from_json, &depth);
        if depth.full() && data.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
            let parsed = Request::parse(data, profile);
            assert_eq!(parsed.wire_diagnostics(), request.wire_diagnostics());
        }
        check_against_plain_reading(data, &request);
        common::round_trip(&request);
    }
});
