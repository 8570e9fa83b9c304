//! `password.sequence`: no run of more than `max` consecutive ascending or
//! descending letters of one case or digits (`abcd`, `DCBA`, `4321`;
//! `pam_pwquality`'s `maxsequence`).

use alloc::string::String;

use crate::locale::{Locale, localized};

/// The group a character belongs to for sequences: `a`–`z`, `A`–`Z` or `0`–`9`.
fn group(c: char) -> Option<u8> {
    match c {
        'a'..='z' => Some(0),
        'A'..='Z' => Some(1),
        '0'..='9' => Some(2),
        _ => None,
    }
}

/// The step from `a` to `b` when both are in one group and one apart: `+1` or `-1`.
fn step(a: char, b: char) -> Option<i8> {
    if group(a)? != group(b)? {
        return None;
    }
    match b as i32 - a as i32 {
        1 => Some(1),
        -1 => Some(-1),
        _ => None,
    }
}

/// The longest sequence: (its length in characters, the 0-based char index where
/// the first such sequence starts). A lone letter or digit is a sequence of 1;
/// other characters are in none.
pub(crate) fn longest(password: &str) -> (usize, usize) {
    let (mut best, mut best_start) = (0, 0);
    let (mut run, mut start, mut direction) = (0usize, 0usize, 0i8);
    let mut previous: Option<char> = None;
    for (i, c) in password.chars().enumerate() {
        match previous.and_then(|p| step(p, c)) {
            Some(s) if run >= 2 && s == direction => run += 1,
            Some(s) => {
                // A new sequence of two: the previous character and this one.
                (run, start, direction) = (2, i - 1, s);
            }
            None => {
                (run, start, direction) = (usize::from(group(c).is_some()), i, 0);
            }
        }
        if run > best {
            (best, best_start) = (run, start);
        }
        previous = Some(c);
    }
    (best, best_start)
}

/// Whether no sequence is longer than `max`.
pub(crate) fn passes(max: u32, password: &str) -> bool {
    password.len() <= max as usize || longest(password).0 <= max as usize
}

super::run_words! {
    (max, actual, position),
    requirement: "No more than {max} consecutive letters or digits in a row (such as abcd or 4321)",
    "连续的字母或数字不超过 {max} 个（如 abcd、4321）",
    sentence: "Password must not hold more than {max} consecutive letters or digits in a row (such as abcd or 4321), and it holds {actual} from position {position}. Break the sequence up.",
    "密码不能包含超过 {max} 个连续的字母或数字（如 abcd、4321），当前从第 {position} 位起有 {actual} 个。请打断这一序列。",
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Params;
    use crate::rules::{PasswordRule, Subject};
    use alloc::vec::Vec;

    /// The naive twin: every substring, checked by its definition.
    fn naive_longest(password: &str) -> usize {
        let chars: Vec<char> = password.chars().collect();
        let mut best = 0;
        for i in 0..chars.len() {
            if group(chars[i]).is_none() {
                continue;
            }
            best = best.max(1);
            for direction in [1i32, -1] {
                let mut j = i + 1;
                while j < chars.len()
                    && group(chars[j]) == group(chars[i])
                    && chars[j] as i32 - chars[j - 1] as i32 == direction
                {
                    j += 1;
                }
                best = best.max(j - i);
            }
        }
        best
    }

    #[test]
    fn sequences() {
        for (input, expected) in [
            ("", (0, 0)),
            ("!", (0, 0)),
            ("a", (1, 0)),
            ("abcd", (4, 0)),
            ("xDCBA!", (4, 1)),
            ("984321", (4, 2)),
            ("abcba", (3, 0)),
            ("aBc", (1, 0)),
            ("z{", (1, 0)),
            ("9:", (1, 0)),
            ("yzAB", (2, 0)),
        ] {
            assert_eq!(longest(input), expected, "{input:?}");
        }
    }

    #[test]
    fn agrees_with_the_naive_twin() {
        let alphabet = ['a', 'b', 'c', 'B', 'C', '1', '2', '0', '!', 'é'];
        let mut inputs: Vec<alloc::string::String> = alloc::vec!["".into()];
        for _ in 0..4 {
            let next: Vec<alloc::string::String> = inputs
                .iter()
                .filter(|s| s.chars().count() + 1 > inputs.last().map_or(0, |l| l.chars().count()))
                .flat_map(|s| alphabet.iter().map(move |c| alloc::format!("{s}{c}")))
                .collect();
            inputs.extend(next);
        }
        for input in &inputs {
            assert_eq!(longest(input).0, naive_longest(input), "{input:?}");
            for max in 0..5 {
                assert_eq!(passes(max, input), naive_longest(input) <= max as usize);
            }
        }
    }

    #[test]
    fn failure_params() {
        assert_eq!(
            PasswordRule::Sequence { max: 3 }.failure(&Subject::new("x!abcde", None, false)),
            Params::Run {
                max: 3,
                actual: 5,
                position: 3
            }
        );
    }
}
