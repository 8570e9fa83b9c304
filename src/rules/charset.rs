//! `password.charset`: only letters, digits and the rule's special characters.
//! A failure is reported by grapheme position and kind, never by character.

use alloc::string::String;
use core::fmt::Write;
#[cfg(feature = "serde")]
use serde::ser::SerializeMap;

use super::wording::{SpacedSpecials, kind_name};
use super::{PasswordRule, ScanFacts};
use crate::characters::{Scan, Specials};
use crate::diagnostic::Params;
use crate::locale::{Locale, localized, text};

/// Whether every character is allowed.
pub(crate) const fn passes_scan(scan: &Scan, specials: &Specials) -> bool {
    !scan.has_disallowed(*specials)
}

/// Whether allowing only `specials` guarantees allowing only the other rule's.
pub(crate) const fn implies_rule(specials: &Specials, other: &PasswordRule) -> bool {
    if let PasswordRule::Charset {
        specials: specials2,
    } = other
    {
        specials.is_subset_of(*specials2)
    } else {
        false
    }
}

/// The checklist line.
pub(crate) fn requirement(locale: Locale, specials: &Specials) -> String {
    let s = SpacedSpecials(*specials);
    localized!(
        locale,
        "Only letters a–z and A–Z, digits 0–9 and the special characters {s}",
        "只包含字母 a–z、A–Z，数字 0–9 和特殊字符 {s}"
    )
}

/// The message of a failure: where the characters that are not allowed are, by
/// position and kind (never the characters).
pub(crate) fn message(params: &Params, locale: Locale) -> Option<String> {
    let Params::Charset {
        positions,
        count,
        specials,
        plus_hint,
    } = params
    else {
        return None;
    };
    let en = locale == Locale::En;
    let sep = if en { ", " } else { "，" };
    let mut places = String::new();
    for (i, bad) in positions.iter().enumerate() {
        if i > 0 {
            places.push_str(sep);
        }
        let kind = kind_name(bad.kind, locale);
        if en {
            let _ = write!(places, "position {} ({kind})", bad.position);
        } else {
            let _ = write!(places, "第 {} 位（{kind}）", bad.position);
        }
    }
    let more = count.saturating_sub(positions.len());
    let s = SpacedSpecials(*specials);
    let mut out = if en {
        text!("Password has {count} character(s) that are not allowed, at {places}")
    } else {
        text!("密码含有 {count} 个不允许的字符，位于{places}")
    };
    if more > 0 {
        let _ = if en {
            write!(out, ", and {more} more")
        } else {
            write!(out, "，另有 {more} 个")
        };
    }
    let _ = if en {
        write!(
            out,
            ". Use only letters a–z and A–Z, digits 0–9 and the special characters {s}."
        )
    } else {
        write!(out, "。只能使用字母 a–z、A–Z，数字 0–9 和特殊字符 {s}。")
    };
    if *plus_hint {
        out.push_str(if en {
            " In a query string + means a space: send a + in the password as %2B."
        } else {
            " 查询字符串中的 + 表示空格：密码中的 + 请编码为 %2B。"
        });
    }
    Some(out)
}

/// The JSON params: `"specials": ".."`.
#[cfg(feature = "serde")]
pub(crate) fn write_params<M: SerializeMap>(
    m: &mut M,
    specials: &Specials,
) -> Result<(), M::Error> {
    m.serialize_entry("specials", specials)
}

/// The params of a failure: the first [`MAX_REPORTED_POSITIONS`] grapheme clusters
/// holding a character that is not allowed (1-based, with the kind of the first
/// such character), and how many clusters do; whether the query form's `+`
/// decoded to one of its spaces.
///
/// [`MAX_REPORTED_POSITIONS`]: crate::limits::MAX_REPORTED_POSITIONS
pub(crate) fn params(facts: &impl ScanFacts, specials: &Specials) -> Params {
    let (positions, count, plus_hint) = facts.disallowed(*specials);
    Params::Charset {
        positions,
        count,
        specials: *specials,
        plus_hint,
    }
}

#[cfg(test)]
mod tests {
    use crate::{Locale, OsFamily, OsSet, Password, Profile, RuleId};

    fn charset_message(password: &str, locale: Locale) -> String {
        let report = Profile::API3.check_password(
            &Password::new(password),
            OsSet::only(OsFamily::Linux),
            None,
        );
        let diagnostics = report.diagnostics();
        let charset = diagnostics
            .iter()
            .find(|d| d.rule() == RuleId::PasswordCharset)
            .unwrap();
        charset.message(locale)
    }

    #[test]
    fn a_message_names_each_place_in_order_then_what_is_allowed() {
        let en = charset_message("abc 12AB\u{e9}!", Locale::En);
        assert!(
            en.starts_with(
                "Password has 2 character(s) that are not allowed, at position 4 \
                 (white space), position 9 (non-ASCII character). Use only letters"
            ),
            "{en}"
        );
        let zh = charset_message("abc 12AB\u{e9}!", Locale::ZhCn);
        assert!(
            zh.starts_with(
                "密码含有 2 个不允许的字符，位于第 4 位（空白字符），第 9 位（非 ASCII 字符）。"
            ),
            "{zh}"
        );
    }

    #[test]
    fn past_the_reported_places_a_message_counts_the_rest() {
        let spaced = "a ".repeat(crate::limits::MAX_REPORTED_POSITIONS + 2);
        let en = charset_message(&spaced, Locale::En);
        assert!(
            en.contains("position 32 (white space), and 2 more. Use only"),
            "{en}"
        );
        assert!(!en.contains("position 34"), "{en}");
        let zh = charset_message(&spaced, Locale::ZhCn);
        assert!(zh.contains("第 32 位（空白字符），另有 2 个。"), "{zh}");
        // Exactly the reported number: nothing more to count.
        let spaced = "a ".repeat(crate::limits::MAX_REPORTED_POSITIONS);
        let en = charset_message(&spaced, Locale::En);
        assert!(en.contains("position 32 (white space). Use only"), "{en}");
    }
}
