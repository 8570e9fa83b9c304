//! `password.length`: between `min` and `max` Unicode scalar values.

use alloc::string::String;
#[cfg(feature = "serde")]
use serde::ser::SerializeMap;

use super::{PasswordRule, ScanFacts};
use crate::characters::Scan;
use crate::diagnostic::Params;
use crate::locale::{Locale, localized};

/// Whether a password of `chars` characters is within `min..=max`.
pub(crate) const fn passes_scan(scan: &Scan, min: &u32, max: &u32) -> bool {
    let chars = scan.chars as u64;
    chars >= *min as u64 && chars <= *max as u64
}

/// Whether `min..=max` lies within the other rule's bounds (or reaches the
/// length it recommends).
pub(crate) const fn implies_rule(min: &u32, max: &u32, other: &PasswordRule) -> bool {
    match other {
        PasswordRule::Length {
            min: min2,
            max: max2,
        } => *min >= *min2 && *max <= *max2,
        // Every password it allows has the length recommended.
        PasswordRule::RecommendedLength { min: recommended } => *min >= *recommended,
        _ => false,
    }
}

/// The params of a failure.
pub(crate) fn params(facts: &impl ScanFacts, min: &u32, max: &u32) -> Params {
    Params::Range {
        min: (*min).into(),
        max: (*max).into(),
        actual: facts.chars(),
    }
}

/// The checklist line.
pub(crate) fn requirement(locale: Locale, min: &u32, max: &u32) -> String {
    localized!(
        locale,
        "{min} to {max} characters",
        "长度为 {min} 到 {max} 个字符"
    )
}

/// The message of a failure.
pub(crate) fn message(params: &Params, locale: Locale) -> Option<String> {
    let Params::Range { min, max, actual } = params else {
        return None;
    };
    Some(localized!(
        locale,
        "Password must be {min} to {max} characters long, and it has {actual}.",
        "密码长度必须为 {min} 到 {max} 个字符，当前为 {actual} 个。"
    ))
}

/// The JSON params: `"min": 8, "max": 16`.
#[cfg(feature = "serde")]
pub(crate) fn write_params<M: SerializeMap>(
    m: &mut M,
    min: &u32,
    max: &u32,
) -> Result<(), M::Error> {
    m.serialize_entry("min", min)?;
    m.serialize_entry("max", max)
}
