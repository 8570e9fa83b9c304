//! `password.contains_username`: a password must not contain the account's user
//! name, compared case-insensitively; names shorter than `min_name_chars` are not
//! looked for.
//!
//! Tencent's text says only "不包括用户名" (must not include the user name). The
//! case-insensitive match and the 3-character floor are this crate's reading,
//! taken from Windows' own complexity rule, which the server's check is likely to
//! follow; the server's matching is not documented.

use alloc::string::String;
#[cfg(feature = "serde")]
use serde::ser::SerializeMap;

use super::{FailureFacts, PasswordRule, Subject};
use crate::diagnostic::Params;
use crate::limits::MAX_USER_NAME_SEARCH;
use crate::locale::{Locale, localized};
use crate::os::OsFamily;

/// Whether `password` does not contain the effective user name: `user_name`, else
/// the default account of `default_for`.
pub(crate) fn passes(
    password: &str,
    user_name: Option<&str>,
    min_name_chars: u8,
    default_for: OsFamily,
) -> bool {
    let name = user_name.unwrap_or(default_for.default_account());
    !contains_user_name(password, name, min_name_chars)
}

/// Whether a rule looking for names of `min` or more characters (default account
/// of `family`) guarantees one looking for names of `min2` or more (of `family2`).
pub(crate) const fn implies(min: u8, family: OsFamily, min2: u8, family2: OsFamily) -> bool {
    min <= min2 && family as u8 == family2 as u8
}

/// Whether the rule holds.
pub(crate) fn holds(subject: &Subject<'_>, min_name_chars: &u8, default_for: &OsFamily) -> bool {
    passes(
        subject.password,
        subject.user_name,
        *min_name_chars,
        *default_for,
    )
}

/// Whether the rule guarantees the other (see [`implies`]).
pub(crate) const fn implies_rule(min: &u8, family: &OsFamily, other: &PasswordRule) -> bool {
    if let PasswordRule::ContainsUsername {
        min_name_chars,
        default_for,
    } = other
    {
        implies(*min, *family, *min_name_chars, *default_for)
    } else {
        false
    }
}

/// The facts of a failure: none (the name itself is never repeated: it is part
/// of the password).
pub(crate) fn facts(_: &Subject<'_>, _: &u8, _: &OsFamily) -> FailureFacts {
    (0, 0)
}

/// The params of a failure.
pub(crate) fn params(_: FailureFacts, min_name_chars: &u8, _: &OsFamily) -> Params {
    Params::ContainsUsername {
        min_name_chars: *min_name_chars,
    }
}

/// The checklist line.
pub(crate) fn requirement(locale: Locale, min_name_chars: &u8, _: &OsFamily) -> String {
    localized!(
        locale,
        "Does not contain the account's user name (case-insensitive; names of {min_name_chars} or more characters)",
        "不包含账户的用户名（不区分大小写；适用于 {min_name_chars} 个字符及以上的用户名）"
    )
}

/// The message of a failure.
pub(crate) fn message(params: &Params, locale: Locale) -> Option<String> {
    let Params::ContainsUsername { min_name_chars } = params else {
        return None;
    };
    Some(localized!(
        locale,
        "Password must not contain the account's user name (compared without regard to case; names of {min_name_chars} or more characters); choose a password without it.",
        "密码不能包含账户的用户名（不区分大小写；适用于 {min_name_chars} 个字符及以上的用户名）；请换一个不含用户名的密码。"
    ))
}

/// The JSON params: `"min_name_chars": 3, "default_account": "root"`.
#[cfg(feature = "serde")]
pub(crate) fn write_params<M: SerializeMap>(
    m: &mut M,
    min_name_chars: &u8,
    default_for: &OsFamily,
) -> Result<(), M::Error> {
    m.serialize_entry("min_name_chars", min_name_chars)?;
    m.serialize_entry("default_account", default_for.default_account())
}

/// Case-insensitive containment of `name` in `password` (both lowercased). Names
/// shorter than `min_chars` are not looked for; nor is a name with more characters
/// than the password has bytes, which lowercasing cannot make fit.
///
/// Linear in the input, whatever the name's length: a name of at most
/// [`MAX_USER_NAME_SEARCH`] bytes (every valid `UserName`, and the default
/// accounts) is compared at each place of an ASCII password without allocating;
/// longer or non-ASCII text is lowercased into copies searched with `str::contains`
/// (Two-Way: linear in both lengths).
pub(crate) fn contains_user_name(password: &str, name: &str, min_chars: u8) -> bool {
    // An empty name is no name (and `windows(0)` below would panic).
    if name.is_empty() || name.len() < usize::from(min_chars) || name.len() > 4 * password.len() {
        return false;
    }
    let name_chars = name.chars().count();
    if name_chars < usize::from(min_chars) || name_chars > password.len() {
        return false;
    }
    if password.is_ascii() && name.is_ascii() {
        let needle = name.as_bytes();
        if needle.len() <= MAX_USER_NAME_SEARCH {
            return password
                .as_bytes()
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle));
        }
        return password
            .to_ascii_lowercase()
            .contains(&name.to_ascii_lowercase());
    }
    if name.is_ascii() && name.len() <= MAX_USER_NAME_SEARCH && password.len() <= STREAMED_BYTES {
        return contains_ascii_name_streamed(password, name.as_bytes());
    }
    // Longer or non-ASCII names (the password fails `password.charset` anyway):
    // full Unicode lowercasing into copies.
    password.to_lowercase().contains(&name.to_lowercase())
}

/// A non-ASCII password of at most this many bytes is searched for an ASCII name
/// without copies (quadratic, so bounded; a failing password's report then
/// allocates nothing).
const STREAMED_BYTES: usize = 4096;

/// `password.to_lowercase().contains(name)` for an ASCII `name`, without copies:
/// the name is compared at every place of the password's lowercase mapping, char
/// by char (`char::to_lowercase`; the one context-dependent mapping of
/// `str::to_lowercase`, the Greek final sigma, cannot produce ASCII, so it
/// changes no match of an ASCII name). A place may fall inside the mapping of
/// one character (`İ` lowercases to `i` and a combining dot).
fn contains_ascii_name_streamed(password: &str, name: &[u8]) -> bool {
    let mut rest = password;
    while let Some(c) = rest.chars().next() {
        let after = &rest[c.len_utf8()..];
        for skip in 0..c.to_lowercase().len() {
            let mut stream = c
                .to_lowercase()
                .skip(skip)
                .chain(after.chars().flat_map(char::to_lowercase));
            if name
                .iter()
                .all(|&b| stream.next() == Some(char::from(b.to_ascii_lowercase())))
            {
                return true;
            }
        }
        rest = after;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_states_its_minimum_in_both_languages() {
        let rule = PasswordRule::ContainsUsername {
            min_name_chars: 3,
            default_for: OsFamily::Windows,
        };
        assert_eq!(
            rule.requirement(Locale::En),
            "Does not contain the account's user name (case-insensitive; names of 3 or more characters)"
        );
        assert_eq!(
            rule.requirement(Locale::ZhCn),
            "不包含账户的用户名（不区分大小写；适用于 3 个字符及以上的用户名）"
        );
    }

    #[cfg(feature = "serde")]
    #[test]
    fn the_rule_serializes_its_minimum_and_default_account() {
        let rule = PasswordRule::ContainsUsername {
            min_name_chars: 4,
            default_for: OsFamily::Linux,
        };
        assert_eq!(
            serde_json::to_value(&rule).unwrap(),
            serde_json::json!({
                "rule": "password.contains_username",
                "min_name_chars": 4,
                "default_account": "root",
            })
        );
    }

    #[test]
    fn user_name_containment() {
        assert!(contains_user_name("xxADMINISTRATORxx", "Administrator", 3));
        assert!(contains_user_name("my-Root-pw", "root", 3));
        assert!(!contains_user_name("my-Ro0t-pw", "root", 3));
        assert!(!contains_user_name("abAB12", "ab", 3));
        assert!(contains_user_name("xÉCOLEx", "école", 3));
        assert!(!contains_user_name("ab", "abc", 3));
        // The minimum counts characters, not bytes: `éé` is 4 bytes, 2 characters.
        assert!(!contains_user_name("xééx", "éé", 3));
        assert!(contains_user_name("xééx", "éé", 2));
        // A name longer in bytes than the password can still be in it: three
        // KELVIN SIGNs (9 bytes) lowercase to `kkk`.
        assert!(contains_user_name("kkk", "\u{212A}\u{212A}\u{212A}", 3));
    }

    #[test]
    fn ascii_names_in_non_ascii_passwords_match_the_lowercased_copies() {
        let passwords = [
            "xÉCOLEx",
            "\u{212A}elvin-ADMIN", // KELVIN SIGN lowercases to ASCII `k`
            "\u{130}nstall",       // `İ`: `i` and a combining dot
            "ΣROOTς-root",
            "ǅroot",
            "日本語root語",
            "rooT",
            "ro\u{301}ot",
        ];
        let names = [
            "root",
            "kelvin",
            "i",
            "i\u{307}n",
            "nstall",
            "admin",
            "ro",
            "xécole",
            "dzroot",
        ];
        for password in passwords {
            for name in names {
                let copies = password.to_lowercase().contains(&name.to_lowercase());
                assert_eq!(
                    contains_user_name(password, name, 1),
                    copies,
                    "{password:?} {name:?}"
                );
            }
        }
    }

    #[test]
    fn an_empty_name_is_no_name() {
        // Found by the `generate` fuzz target: `min_name_chars: 0` let an empty
        // name reach `windows(0)`, which panics.
        assert!(!contains_user_name("abc123", "", 0));
        assert!(!contains_user_name("", "", 0));
        assert!(contains_user_name("abc123", "c", 0));
    }

    #[test]
    fn long_names_are_looked_for() {
        // Longer than any valid `UserName`, still a name the password must not hold
        // (the rule sets no upper bound on the name); found by the `password` fuzz target.
        let name = "n".repeat(MAX_USER_NAME_SEARCH + 1);
        let password = alloc::format!("aB3!{}x", name.to_uppercase());
        assert!(contains_user_name(&password, &name, 3));
        assert!(!contains_user_name(
            &password[..password.len() - 2],
            &name,
            3
        ));
        let wide = "\u{FFFD}".repeat(300);
        assert!(contains_user_name(&wide, &wide[3..], 3));
    }

    #[test]
    fn the_default_account_applies_without_a_user_name() {
        assert!(!passes("xAdministrator1!", None, 3, OsFamily::Windows));
        assert!(passes(
            "xAdministrator1!",
            Some("deploy"),
            3,
            OsFamily::Windows
        ));
        assert!(!passes("my-root-pw", None, 3, OsFamily::Linux));
        assert!(implies(3, OsFamily::Windows, 3, OsFamily::Windows));
        assert!(implies(3, OsFamily::Windows, 4, OsFamily::Windows));
        assert!(!implies(4, OsFamily::Windows, 3, OsFamily::Windows));
        assert!(!implies(3, OsFamily::Linux, 3, OsFamily::Windows));
    }
}
