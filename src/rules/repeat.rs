//! `password.repeat`: at most `max` identical characters in a row
//! (`pam_pwquality`'s `maxrepeat`).

use super::graphemes;
use crate::diagnostic::Params;

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

/// Whether "at most `max` in a row" guarantees "at most `max2` in a row".
pub(crate) const fn implies(max: u32, max2: u32) -> bool {
    max <= max2
}

/// The params of a failure: the longest run and where it starts.
pub(crate) fn failure(max: u32, password: &str) -> Params {
    let (actual, start) = longest_run(password);
    Params::Run {
        max,
        actual: actual as u32,
        position: graphemes::position_of_char(password, start),
    }
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
            failure(2, "ab!!!!c"),
            Params::Run {
                max: 2,
                actual: 4,
                position: 3
            }
        );
        assert_eq!(
            failure(1, "e\u{301}xx"),
            Params::Run {
                max: 1,
                actual: 2,
                position: 2
            }
        );
    }
}
