//! `Request::from_query` on arbitrary bytes, under both profiles and every OS set.
//!
//! Oracles (the fast mode runs the cheap ones under one profile and OS set picked
//! by the input, and all of them on one input in 16; see `common::Depth`): no
//! panic; reading and validating twice give the same diagnostics; the
//! diagnostics are sorted by the documented key; `first_error` is the first error;
//! every message renders without the catch-all; a clean request survives a round
//! trip through `to_query_exposing_password`; and the values read, and the counts
//! of wire-form problems, equal a naive reading of the query (section 7).

#![no_main]

use std::collections::BTreeMap;

use cvm_rules::glue::{WireShape, wire_parameters};
use cvm_rules::{Profile, Request, RuleId};
use libfuzzer_sys::fuzz_target;

mod common;

/// `+` as a space, then `%XX` escapes; an invalid escape is kept as it is.
fn decode(raw: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < raw.len() && hex(raw[i + 1]).is_some() && hex(raw[i + 2]).is_some() => {
                out.push((hex(raw[i + 1]).unwrap() * 16 + hex(raw[i + 2]).unwrap()) as u8);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// A decimal index without leading zeros that fits in `u64`.
fn index(text: &str) -> Option<u64> {
    let well_formed = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    well_formed.then(|| text.parse().ok()).flatten()
}

/// What section 7 says a query holds, read the simplest way.
#[derive(Debug, Default)]
struct Naive {
    password: Option<String>,
    user_name: Option<String>,
    force_stop: Option<bool>,
    ids: Vec<String>,
    unknown: usize,
    repeated: usize,
    encoding: usize,
}

fn naive(input: &[u8]) -> Naive {
    // A full URL: everything after the first `?`, unless a parameter comes before it.
    let query = match input.iter().position(|&b| b == b'?') {
        Some(q) if !input[..q].iter().any(|&b| b == b'=' || b == b'&') => &input[q + 1..],
        _ => input,
    };
    let mut n = Naive::default();
    let mut scalars: BTreeMap<&str, usize> = BTreeMap::new();
    let mut numbered: Vec<(u64, Option<String>)> = Vec::new();
    let mut malformed: Vec<Option<String>> = Vec::new();
    for segment in query.split(|&b| b == b'&').filter(|s| !s.is_empty()) {
        let (raw_name, raw_value) = match segment.iter().position(|&b| b == b'=') {
            Some(eq) => (&segment[..eq], &segment[eq + 1..]),
            None => (segment, &segment[..0]),
        };
        let Ok(name) = String::from_utf8(decode(raw_name)) else {
            n.unknown += 1;
            continue;
        };
        let value = String::from_utf8(decode(raw_value)).ok();
        let items = wire_parameters()
            .find(|(_, shape)| *shape == Some(WireShape::Items))
            .map(|(name, _)| name)
            .unwrap();
        let known = wire_parameters().find(|(known, _)| *known == name);
        match known {
            Some((scalar, Some(WireShape::Text | WireShape::Flag))) => {
                let count = scalars.entry(scalar).or_insert(0);
                *count += 1;
                if *count > 1 {
                    n.repeated += 1;
                    continue;
                }
                let Some(value) = value else {
                    n.encoding += 1;
                    continue;
                };
                match name.as_str() {
                    "Password" if !value.is_empty() => n.password = Some(value),
                    "UserName" if !value.is_empty() => n.user_name = Some(value),
                    "ForceStop" if value.eq_ignore_ascii_case("true") => n.force_stop = Some(true),
                    "ForceStop" if value.eq_ignore_ascii_case("false") => {
                        n.force_stop = Some(false)
                    }
                    _ => {}
                }
            }
            Some((_, Some(WireShape::Items))) => malformed.push(value),
            // A common parameter: accepted, not checked.
            Some((_, None)) => {}
            Some((_, Some(shape))) => panic!("a shape this reading does not know: {shape:?}"),
            None => match name
                .strip_prefix(items)
                .and_then(|rest| rest.strip_prefix('.'))
            {
                Some(index_text) => match index(index_text) {
                    Some(i) => numbered.push((i, value)),
                    None => malformed.push(value),
                },
                None => n.unknown += 1,
            },
        }
    }
    // Items by index (a repeated index keeps its first value), then the malformed.
    numbered.sort_by_key(|(i, _)| *i);
    let mut previous = None;
    let mut items = Vec::new();
    for (i, value) in numbered {
        if previous == Some(i) {
            n.repeated += 1;
            continue;
        }
        previous = Some(i);
        items.push(value);
    }
    items.extend(malformed);
    n.encoding += items.iter().filter(|v| v.is_none()).count();
    n.ids = items.into_iter().flatten().collect();
    n
}

fn check_against_naive(input: &[u8], request: &Request<'_, '_>) {
    let wire = request.wire_diagnostics();
    if wire.iter().any(|d| d.rule() == RuleId::InputTooLarge) {
        return;
    }
    let n = naive(input);
    let count = |rule: RuleId| wire.iter().filter(|d| d.rule() == rule).count();
    assert_eq!(
        request.password_value().map(|p| p.expose()),
        n.password.as_deref(),
        "Password"
    );
    assert_eq!(
        request.user_name_value(),
        n.user_name.as_deref(),
        "UserName"
    );
    assert_eq!(request.force_stop_value(), n.force_stop, "ForceStop");
    assert!(
        request
            .instance_id_values()
            .eq(n.ids.iter().map(String::as_str)),
        "InstanceIds: {:?} vs {:?}",
        request.instance_id_values().collect::<Vec<_>>(),
        n.ids
    );
    assert_eq!(count(RuleId::ParamUnknown), n.unknown, "param.unknown");
    assert_eq!(count(RuleId::ParamRepeated), n.repeated, "param.repeated");
    assert_eq!(count(RuleId::ParamEncoding), n.encoding, "param.encoding");
}

fuzz_target!(|data: &[u8]| {
    let depth = common::Depth::of(data);
    for &profile in depth.sample(&Profile::ALL, 0) {
        let request = common::read_and_check(data, profile, Request::from_query, &depth);
        if depth.full() && data.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            let parsed = Request::parse(data, profile);
            assert_eq!(parsed.wire_diagnostics(), request.wire_diagnostics());
        }
        check_against_naive(data, &request);
        common::round_trip(&request);
    }
});
