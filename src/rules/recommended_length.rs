//! `password.recommended_length`: at least `min` Unicode scalar values
//! recommended. A warning, not an error: Tencent's API 3.0 text for Linux
//! passwords says "Linux实例密码必须8到30位，推荐使用12位以上密码" (8 to 30
//! characters; 12 or more recommended). A shorter password stays valid; the
//! checklist shows the rule as advice.
//!
//! A password shorter than the least length allowed fails `password.length`
//! and gets this warning too: the recommendation is the same whatever the error.
//! A length rule of at least `min` characters implies the rule (so a batch with
//! a Windows instance, 12 to 30, drops it).

use alloc::string::String;
#[cfg(feature = "serde")]
use serde::ser::SerializeMap;

use super::{PasswordRule, ScanFacts};
use crate::characters::Scan;
use crate::diagnostic::Params;
use crate::locale::{Locale, localized};

/// Whether a password of `chars` characters has the length recommended.
pub(crate) const fn passes_scan(scan: &Scan, min: &u32) -> bool {
    scan.chars as u64 >= *min as u64
}

/// Whether the other rule recommends no more: a recommendation of at most `min`.
pub(crate) const fn implies_rule(min: &u32, other: &PasswordRule) -> bool {
    matches!(other, PasswordRule::RecommendedLength { min: other_min } if *min >= *other_min)
}

/// The params of a failure: the length recommended and the password's.
pub(crate) fn params(facts: &impl ScanFacts, min: &u32) -> Params {
    Params::AtLeast {
        min: (*min).into(),
        actual: facts.chars(),
    }
}

/// The checklist line.
pub(crate) fn requirement(locale: Locale, min: &u32) -> String {
    localized!(
        locale,
        "{min} or more characters (recommended)",
        "推荐使用 {min} 位及以上的密码"
    )
}

/// The message of a failure.
pub(crate) fn message(params: &Params, locale: Locale) -> Option<String> {
    let Params::AtLeast { min, actual } = params else {
        return None;
    };
    Some(localized!(
        locale,
        "Password is recommended to be {min} or more characters long, and it has {actual}. It is accepted; a longer one is safer.",
        "密码推荐使用 {min} 位及以上，当前为 {actual} 位。此密码仍可使用，更长的密码更安全。"
    ))
}

/// The JSON params: `"min": 12`.
#[cfg(feature = "serde")]
pub(crate) fn write_params<M: SerializeMap>(m: &mut M, min: &u32) -> Result<(), M::Error> {
    m.serialize_entry("min", min)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::Locale;

    #[test]
    fn twelve_or_more_is_recommended() {
        let rule = PasswordRule::RecommendedLength { min: 12 };
        for (password, holds) in [
            ("abcdefgh", false),
            ("abcdefghijk", false),
            ("abcdefghijkl", true),
            ("密码密码密码密码密码密码", true),
            ("", false),
        ] {
            assert_eq!(
                passes_scan(&Scan::new(password), &12),
                holds,
                "{password:?}"
            );
            assert_eq!(rule.passes(&crate::Password::new(password)), holds);
        }
        assert!(rule.implies(&PasswordRule::RecommendedLength { min: 10 }));
        assert!(!rule.implies(&PasswordRule::RecommendedLength { min: 14 }));
        assert!(PasswordRule::Length { min: 12, max: 30 }.implies(&rule));
        assert!(!PasswordRule::Length { min: 8, max: 30 }.implies(&rule));
        let params = Params::AtLeast { min: 12, actual: 9 };
        assert_eq!(
            message(&params, Locale::En).unwrap(),
            "Password is recommended to be 12 or more characters long, and it has 9. It is accepted; a longer one is safer."
        );
        assert!(message(&Params::None, Locale::En).is_none());
    }
}
