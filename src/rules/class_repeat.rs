//! `password.class_repeat`: at most `max` consecutive characters of the same
//! class (`pam_pwquality`'s `maxclassrepeat`). The classes are pam_pwquality's
//! four: lowercase letters `a`–`z`, uppercase letters `A`–`Z`, digits `0`–`9`, and
//! every other character (special, non-ASCII, white space or control).

use alloc::string::String;

use crate::locale::{Locale, localized};

/// The class of a character: 0 lowercase, 1 uppercase, 2 digit, 3 any other.
fn class_of(c: char) -> u8 {
    match c {
        'a'..='z' => 0,
        'A'..='Z' => 1,
        '0'..='9' => 2,
        _ => 3,
    }
}

/// The longest run of characters of one class: (its length in characters, the
/// 0-based char index where the first such run starts). `(0, 0)` for the empty
/// password.
pub(crate) fn longest(password: &str) -> (usize, usize) {
    super::longest_run_of(password.chars().map(class_of))
}

/// Whether no run of one class is longer than `max`.
pub(crate) fn passes(max: u32, password: &str) -> bool {
    // A password of at most `max` bytes has at most `max` characters.
    password.len() <= max as usize || longest(password).0 <= max as usize
}

super::run_words! {
    (max, actual, position),
    requirement: "No more than {max} characters of one class in a row (lowercase letters, uppercase letters, digits, other characters)",
    "同一类字符（小写字母、大写字母、数字、其他字符）连续不超过 {max} 个",
    sentence: "Password must not hold more than {max} characters of one class in a row (lowercase letters, uppercase letters, digits or other characters), and it holds {actual} from position {position}. Put a character of another class in between.",
    "密码中同一类字符（小写字母、大写字母、数字或其他字符）不能连续超过 {max} 个，当前从第 {position} 位起连续 {actual} 个。请在其间插入其他类别的字符。",
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Params;
    use crate::rules::{PasswordRule, Subject};
    use alloc::vec::Vec;

    /// The naive twin: every run of one class, by its definition.
    fn naive_longest(password: &str) -> usize {
        let classes: Vec<u8> = password.chars().map(class_of).collect();
        let mut best = 0;
        for i in 0..classes.len() {
            let mut j = i;
            while j < classes.len() && classes[j] == classes[i] {
                j += 1;
            }
            best = best.max(j - i);
        }
        best
    }

    #[test]
    fn runs_of_one_class() {
        for (input, expected) in [
            ("", (0, 0)),
            ("aB3!", (1, 0)),
            ("aB345!", (3, 2)),
            ("ab!@#CD", (3, 2)),
            // Non-ASCII, white space and specials are one class, "other".
            ("x é!\u{301}Y", (4, 1)),
        ] {
            assert_eq!(longest(input), expected, "{input:?}");
        }
        for input in ["", "a", "abcDEF123", "a1b2c3", "!!a!!!", "éé é", "Zz9_9Zz"] {
            assert_eq!(longest(input).0, naive_longest(input), "{input:?}");
            for max in 0..5u32 {
                assert_eq!(
                    passes(max, input),
                    naive_longest(input) <= max as usize,
                    "{input:?} max {max}"
                );
            }
        }
    }

    #[test]
    fn failure_params_count_graphemes() {
        let rule = PasswordRule::ClassRepeat { max: 2 };
        let subject = Subject::new("e\u{301}abc1", None, false);
        // "e" + combining accent (one grapheme), then "abc": the run of lowercase
        // letters starts at char 2, grapheme 2.
        assert_eq!(
            rule.failure(&subject),
            Params::Run {
                max: 2,
                actual: 3,
                position: 2
            }
        );
    }

    #[test]
    fn implication_within_the_rule_only() {
        let two = PasswordRule::ClassRepeat { max: 2 };
        let three = PasswordRule::ClassRepeat { max: 3 };
        assert!(two.implies(&three));
        assert!(!three.implies(&two));
        assert!(!two.implies(&PasswordRule::Repeat { max: 2 }));
    }
}
