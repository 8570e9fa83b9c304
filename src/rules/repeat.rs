//! `password.repeat`: at most `max` identical characters in a row
//! (`pam_pwquality`'s `maxrepeat`).

use alloc::string::String;

use crate::locale::{Locale, localized};

/// The longest run of identical characters: (its length, the 0-based char index
/// where the first such run starts). `(0, 0)` for the empty password.
pub(crate) fn longest(password: &str) -> (usize, usize) {
    super::longest_run_of(password.chars())
}

/// Whether no character is repeated more than `max` times in a row. ASCII text is
/// walked byte by byte.
pub(crate) fn passes(max: u32, password: &str) -> bool {
    let max = max as usize;
    if password.len() <= max {
        return true;
    }
    if !password.is_ascii() {
        return longest(password).0 <= max;
    }
    let bytes = password.as_bytes();
    let mut run = 1;
    for i in 1..bytes.len() {
        run = if bytes[i] == bytes[i - 1] { run + 1 } else { 1 };
        if run > max {
            return false;
        }
    }
    max >= 1 || bytes.is_empty()
}

super::run_words! {
    (max, actual, position),
    requirement: "No character repeated more than {max} times in a row",
    "同一字符连续出现不超过 {max} 次",
    sentence: "Password must not repeat a character more than {max} times in a row, and it repeats one {actual} times from position {position}. Break the run up.",
    "密码中同一字符不能连续出现超过 {max} 次，当前从第 {position} 位起连续出现了 {actual} 次。请打断这串重复字符。",
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Params;
    use crate::rules::{PasswordRule, Subject};
    use alloc::string::String;

    #[test]
    fn runs() {
        for (input, expected) in [
            ("", (0, 0)),
            ("a", (1, 0)),
            ("abbbcc", (3, 1)),
            ("aabb", (2, 0)),
            ("x密密密", (3, 1)),
        ] {
            assert_eq!(longest(input), expected, "{input:?}");
        }
    }

    /// The byte walk agrees with the char walk.
    #[test]
    fn passes_agrees_with_the_longest() {
        let alphabet = ['a', 'b', 'é'];
        let mut inputs = alloc::vec![String::new()];
        for _ in 0..5 {
            let next: alloc::vec::Vec<String> = inputs
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| alloc::format!("{s}{c}")))
                .collect();
            inputs.extend(next);
        }
        for input in &inputs {
            for max in 0..6 {
                assert_eq!(
                    passes(max, input),
                    longest(input).0 <= max as usize,
                    "{input:?} {max}"
                );
            }
        }
    }

    #[test]
    fn failure_params() {
        assert_eq!(
            PasswordRule::Repeat { max: 2 }.failure(&Subject::new("ab!!!!c", None, false)),
            Params::Run {
                max: 2,
                actual: 4,
                position: 3
            }
        );
        assert_eq!(
            PasswordRule::Repeat { max: 1 }.failure(&Subject::new("e\u{301}xx", None, false)),
            Params::Run {
                max: 1,
                actual: 2,
                position: 2
            }
        );
    }
}
