//! `password.repeat`: at most `max` identical characters in a row
//! (`pam_pwquality`'s `maxrepeat`).

use alloc::string::String;

use super::{run_facts, run_params, FailureFacts, PasswordRule, Subject};
use crate::diagnostic::Params;
use crate::locale::{text, Locale};

#[cfg(feature = "serde")]
pub(crate) use super::write_max as write_params;

/// The longest run of identical characters: (its length, the 0-based char index
/// where the first such run starts). `(0, 0)` for the empty password.
pub(crate) fn longest_run(password: &str) -> (usize, usize) {
    let (mut best, mut best_start) = (0, 0);
    let (mut run, mut start) = (0, 0);
    let mut previous = None;
    for (i, c) in password.chars().enumerate() {
        if previous == Some(c) {
            run += 1;
        } else {
            run = 1;
            start = i;
        }
        if run > best {
            (best, best_start) = (run, start);
        }
        previous = Some(c);
    }
    (best, best_start)
}

/// Whether no character is repeated more than `max` times in a row. ASCII text is
/// walked byte by byte.
pub(crate) fn passes(max: u32, password: &str) -> bool {
    let max = max as usize;
    if password.len() <= max {
        return true;
    }
    if !password.is_ascii() {
        return longest_run(password).0 <= max;
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

/// Whether the rule holds.
pub(crate) fn holds(subject: &Subject<'_>, max: &u32) -> bool {
    passes(*max, subject.password)
}

/// Whether "at most `max` in a row" guarantees the other rule's "at most `max2`".
pub(crate) const fn implies_rule(max: &u32, other: &PasswordRule) -> bool {
    match other {
        PasswordRule::Repeat { max: max2 } => *max <= *max2,
        _ => false,
    }
}

/// The facts of a failure: the longest run and where it starts.
pub(crate) fn facts(subject: &Subject<'_>, _: &u32) -> FailureFacts {
    run_facts(subject.password, longest_run(subject.password))
}

/// The params of a failure, from its facts.
pub(crate) fn params(facts: FailureFacts, max: &u32) -> Params {
    run_params(facts, max)
}

/// The checklist line.
pub(crate) fn requirement(locale: Locale, max: &u32) -> String {
    match locale {
        Locale::En => text!("No character repeated more than {max} times in a row"),
        Locale::ZhCn => text!("同一字符连续出现不超过 {max} 次"),
    }
}

/// The message of a failure.
pub(crate) fn message(params: &Params, locale: Locale) -> Option<String> {
    let Params::Run {
        max,
        actual,
        position,
    } = params
    else {
        return None;
    };
    Some(match locale {
        Locale::En => text!("Password must not repeat a character more than {max} times in a row, and it repeats one {actual} times from position {position}. Break the run up."),
        Locale::ZhCn => text!("密码中同一字符不能连续出现超过 {max} 次，当前从第 {position} 位起连续出现了 {actual} 次。请打断这串重复字符。"),
    })
}

/// The rule of the policy-file key `max_repeat`.
pub(crate) fn from_policy_number(max: u32) -> PasswordRule {
    PasswordRule::Repeat { max }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;

    #[test]
    fn runs() {
        assert_eq!(longest_run(""), (0, 0));
        assert_eq!(longest_run("a"), (1, 0));
        assert_eq!(longest_run("abbbcc"), (3, 1));
        assert_eq!(longest_run("aabb"), (2, 0));
        assert_eq!(longest_run("x密密密"), (3, 1));
    }

    /// The byte walk agrees with the char walk.
    #[test]
    fn passes_agrees_with_the_longest_run() {
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
                    longest_run(input).0 <= max as usize,
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
