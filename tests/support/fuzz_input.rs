//! How the fuzz targets read their input, and the order they check reports
//! against, shared by `fuzz/` and `tests/` (which replay the inputs the targets
//! found), so both read a stored input and judge a report the same way.

#![allow(dead_code)]

use std::sync::LazyLock;

use cvm_rules::glue::{WireShape, wire_parameters};
use cvm_rules::{Diagnostic, Field, OsFamily, OsSet, Params, Password, Policy, RuleId};

/// Every OS set: the 8 subsets of the three families, `UNKNOWN` first, with the
/// family names the regex twin takes.
pub fn os_sets() -> impl Iterator<Item = (OsSet, Vec<&'static str>)> {
    (0u8..8).map(|bits| {
        let families: Vec<OsFamily> = OsFamily::ALL
            .into_iter()
            .enumerate()
            .filter(|(i, _)| bits & (1 << i) != 0)
            .map(|(_, f)| f)
            .collect();
        let names = families.iter().map(|f| f.as_str()).collect();
        (OsSet::of(&families), names)
    })
}

/// How the `password` target reads its input (see `fuzz/fuzz_targets/password.rs`):
/// byte 0 chooses the user name: none (`0`), after a NUL (`1`), or a substring of
/// the password (`2`, and `3` with its ASCII case swapped) whose start and length
/// in characters are the little-endian `u16`s of bytes 1–4.
pub fn split_password_input(data: &[u8]) -> Option<(String, Option<String>)> {
    let (&mode, rest) = data.split_first()?;
    match mode % 4 {
        0 => Some((String::from_utf8_lossy(rest).into_owned(), None)),
        1 => {
            let nul = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
            let password = String::from_utf8_lossy(&rest[..nul]).into_owned();
            let name = String::from_utf8_lossy(rest.get(nul + 1..).unwrap_or(&[])).into_owned();
            Some((password, Some(name)))
        }
        swap => {
            let head = rest.get(..4)?;
            let start = usize::from(u16::from_le_bytes([head[0], head[1]]));
            let len = usize::from(u16::from_le_bytes([head[2], head[3]]));
            let password = String::from_utf8_lossy(&rest[4..]).into_owned();
            let chars = password.chars().count();
            let start = if chars == 0 { 0 } else { start % chars };
            let name: String = password.chars().skip(start).take(len).collect();
            let name = if swap == 3 {
                name.chars()
                    .map(|c| {
                        if c.is_ascii_lowercase() {
                            c.to_ascii_uppercase()
                        } else {
                            c.to_ascii_lowercase()
                        }
                    })
                    .collect()
            } else {
                name
            };
            Some((password, Some(name)))
        }
    }
}

/// The parameters in the documented order of diagnostics (the whole input
/// first, unknown names last), as the wire names a field shows: the parameter
/// list's order, each item right after its array (`InstanceIds.`).
static DOCUMENTED_ORDER: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut order = Vec::new();
    for (name, shape) in wire_parameters() {
        match shape {
            None => {}
            Some(WireShape::Items) => order.extend([name.to_string(), format!("{name}.")]),
            Some(_) => order.push(name.to_string()),
        }
    }
    order
});

/// The documented sort key of a diagnostic's field, read from the name it shows
/// (not from the crate's own ordering): the whole input first, then each
/// parameter in the list's order (`InstanceIds`'s items by their place right
/// after it), unknown names last by their place.
pub fn field_key(field: &Field) -> (usize, usize) {
    let order = &*DOCUMENTED_ORDER;
    let rank = |shown: &str| {
        order
            .iter()
            .position(|name| name == shown)
            .unwrap_or_else(|| panic!("a field the oracle does not know: {shown:?}"))
    };
    let shown = field.to_string();
    match field {
        Field::Unknown { position, .. } => (order.len() + 1, *position),
        Field::InstanceId { position, .. } => {
            // An item's name is `InstanceIds.<index>`, or the bare array name
            // when a query gives `InstanceIds=…` (an item without an index).
            let array = shown.split('.').next().unwrap_or_default();
            assert!(
                order.iter().any(|name| *name == format!("{array}.")),
                "an item shows {shown:?}"
            );
            (1 + rank(&format!("{array}.")), *position)
        }
        _ if shown.is_empty() => (0, 0),
        _ => (1 + rank(&shown), 0),
    }
}

/// A password's failures found rule by rule (`PasswordRule::check`), as (rule,
/// params) in the policy's order: what a report's failures (one scan and a failure
/// table) must equal.
pub fn failures_one_by_one(
    policy: &Policy,
    password: &Password<'_>,
    user_name: Option<&str>,
) -> Vec<(RuleId, Params)> {
    policy
        .rules()
        .filter_map(|rule| {
            rule.check(password, user_name)
                .err()
                .map(|p| (rule.id(), p))
        })
        .collect()
}

/// The (rule, params) of each diagnostic, to compare with [`failures_one_by_one`].
pub fn rules_and_params(diagnostics: &[Diagnostic]) -> Vec<(RuleId, Params)> {
    diagnostics
        .iter()
        .map(|d| (d.rule(), d.params().clone()))
        .collect()
}
