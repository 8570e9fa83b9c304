//! A password a policy accepts, built to prove that one exists (a policy that
//! accepts nothing is refused when built).
//!
//! Each combination of allowed kinds of characters that the compiled verdict
//! accepts, at the shortest lengths the length rules allow, is written out by
//! cycling through the kinds and through a few characters of each that are far
//! apart (no repeats, no sequences), then checked against every rule but the
//! custom ones, which the crate cannot see into.

use alloc::string::String;
use alloc::vec::Vec;

use super::Policy;
use crate::diagnostic::Severity;
use crate::limits::MAX_INPUT_BYTES;
use crate::rules::{PasswordRule, Subject};

/// How many spellings of one combination of kinds are tried (deny-lists).
const VARIANTS: usize = 8;

/// How many lengths past the shortest are tried.
const LONGER: usize = 3;

impl Policy {
    /// A password every rule accepts, but the custom ones and the warnings (a
    /// policy that accepts a password only with a warning accepts it), if there
    /// is one.
    pub(crate) fn witness(&self) -> Option<String> {
        let c = self.compiled();
        if c.min_chars > MAX_INPUT_BYTES {
            return None; // no request could carry it
        }
        // The allowed printable ASCII characters, by kind, `/` last in its kind.
        let mut kinds: Vec<(u8, Vec<u8>)> = Vec::new();
        for b in (0x21u8..0x7F).filter(|b| c.allows_byte(*b)) {
            let bits = c.kind_of(b);
            match kinds.iter_mut().find(|(k, _)| *k == bits) {
                Some((_, members)) => members.push(b),
                None => kinds.push((bits, alloc::vec![b])),
            }
        }
        for (_, members) in &mut kinds {
            members.sort_by_key(|&b| b == b'/');
            let n = members.len();
            // Up to 8 characters, every third one: no two are neighbours, so no
            // spelling holds a sequence or (with two or more) a repeat.
            let reps: Vec<u8> = members.iter().step_by(3).take(8).copied().collect();
            let reps = if reps.len() == 1 && n > 1 {
                alloc::vec![members[0], members[n - 1]]
            } else {
                reps
            };
            *members = reps;
        }
        let mut subsets: Vec<usize> = (0..1usize << kinds.len()).collect();
        subsets.sort_by_key(|s| s.count_ones());
        for subset in subsets {
            let chosen: Vec<&(u8, Vec<u8>)> = kinds
                .iter()
                .enumerate()
                .filter(|(i, _)| subset & (1 << i) != 0)
                .map(|(_, k)| k)
                .collect();
            let key = chosen.iter().fold(0, |key, (bits, _)| key | bits);
            if !c.verdict_of(key, false) {
                continue;
            }
            // The shortest length first, then a few longer ones (a deny-list of
            // every short password).
            let shortest = c.min_chars.max(chosen.len());
            let longest = c.max_chars.min(shortest.saturating_add(LONGER));
            for length in shortest..=longest {
                if length > 0 && chosen.is_empty() {
                    break;
                }
                for variant in 0..VARIANTS {
                    let candidate = spell(&chosen, length, variant);
                    if self.holds_built_in_errors(&candidate) {
                        return Some(candidate);
                    }
                }
            }
        }
        None
    }

    fn holds_built_in_errors(&self, password: &str) -> bool {
        let subject = Subject::new(password, None, false);
        self.rules_hold(self.key_of(password), &subject, |r| {
            !matches!(r, PasswordRule::Custom(_)) && r.severity() == Severity::Error
        })
    }
}

/// `length` characters cycling through the kinds of `chosen` (each at least
/// once), starting at the kind `variant` picks, and through the characters of
/// each kind from `variant` on.
fn spell(chosen: &[&(u8, Vec<u8>)], length: usize, variant: usize) -> String {
    let mut out = String::with_capacity(length);
    let first = if chosen.is_empty() {
        0
    } else {
        variant % chosen.len()
    };
    for t in 0..length {
        let (_, reps) = chosen[(first + t) % chosen.len()];
        let round = t / chosen.len();
        out.push(char::from(reps[(round + variant) % reps.len()]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::characters::{ClassSet, Specials};

    #[test]
    fn witnesses_pass_the_policy() {
        let policies = [
            Policy::new(&[]).unwrap(),
            Policy::new(&[
                PasswordRule::Length { min: 12, max: 16 },
                PasswordRule::Classes {
                    required: 4,
                    of: ClassSet::LOWER_UPPER_DIGIT_SPECIAL,
                    specials: Specials::LEGACY_2017,
                },
                PasswordRule::LeadingSlash,
                PasswordRule::Charset {
                    specials: Specials::new("/").unwrap(),
                },
                PasswordRule::Repeat { max: 1 },
                PasswordRule::Sequence { max: 2 },
            ])
            .unwrap(),
        ];
        for policy in &policies {
            let w = policy.witness().unwrap();
            assert!(policy.accepts(&w, None), "{w:?}");
        }
    }

    #[test]
    fn contradictions_have_no_witness() {
        // Only `/` is special, at least 4 classes, and nothing may start with `/`,
        // at length 4: the `/` must go somewhere else, which works; at length 1 it cannot.
        let tight = Policy::new(&[
            PasswordRule::Length { min: 1, max: 3 },
            PasswordRule::Classes {
                required: 4,
                of: ClassSet::LOWER_UPPER_DIGIT_SPECIAL,
                specials: Specials::API3,
            },
        ]);
        assert_eq!(
            tight.unwrap_err(),
            super::super::PolicyError::AcceptsNothing
        );
        // One digit, and every digit denied.
        let mut rules = digits_only(1, 1);
        rules.push(PasswordRule::denylist([
            "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
        ]));
        let denied = Policy::new(&rules);
        assert_eq!(
            denied.unwrap_err(),
            super::super::PolicyError::AcceptsNothing
        );
    }

    fn digits_only(min: u32, max: u32) -> Vec<PasswordRule> {
        alloc::vec![
            PasswordRule::Length { min, max },
            PasswordRule::Charset {
                specials: Specials::NONE,
            },
            PasswordRule::Classes {
                required: 1,
                of: ClassSet::of(&[crate::characters::Class::Digit]),
                specials: Specials::NONE,
            },
        ]
    }

    fn witness_of(rules: &[PasswordRule]) -> Option<String> {
        Policy::new(rules).ok()?.witness()
    }

    #[test]
    fn a_witness_is_spelled_shortest_and_with_the_fewest_kinds_first() {
        // No rule: the empty password.
        assert_eq!(witness_of(&[]).as_deref(), Some(""));
        // Two characters of one kind (the specials come first in ASCII), every
        // third member of it: no repeat, no sequence.
        let short = [PasswordRule::Length { min: 2, max: 4 }];
        assert_eq!(witness_of(&short).as_deref(), Some("!$"));
        // Digits: 0, 3, 6, 9 cycled.
        assert_eq!(witness_of(&digits_only(2, 2)).as_deref(), Some("03"));
        // Three classes of twelve: special, digit, upper in turn.
        let api3_windows = [
            PasswordRule::Length { min: 12, max: 30 },
            PasswordRule::Classes {
                required: 3,
                of: ClassSet::LOWER_UPPER_DIGIT_SPECIAL,
                specials: Specials::API3,
            },
            PasswordRule::LeadingSlash,
            PasswordRule::Charset {
                specials: Specials::API3,
            },
        ];
        assert_eq!(witness_of(&api3_windows).as_deref(), Some("!0A%3D(6G+9J"));
    }

    #[test]
    fn a_denied_spelling_makes_way_for_the_next_variant_then_a_longer_length() {
        let mut rules = digits_only(2, 2);
        rules.push(PasswordRule::denylist(["03"]));
        assert_eq!(witness_of(&rules).as_deref(), Some("36"));
        // Every spelling of 1 to 3 digits denied: 4 digits, the third length past
        // the shortest.
        let mut rules = digits_only(1, 10);
        let spellings = (1..=3).flat_map(|len| {
            (0..4).map(move |v| {
                (0..len)
                    .map(|t| [b'0', b'3', b'6', b'9'][(t + v) % 4] as char)
                    .collect::<String>()
            })
        });
        rules.push(PasswordRule::denylist(spellings.collect::<Vec<_>>()));
        assert_eq!(witness_of(&rules).as_deref(), Some("0369"));
    }

    #[test]
    fn a_kind_of_two_or_three_members_is_spelled_with_its_first_and_last() {
        // Only `!` and `/` are special; a special is required, no repeat: `!/`.
        let specials = Specials::new("!/").unwrap();
        let rules = [
            PasswordRule::Length { min: 2, max: 2 },
            PasswordRule::Charset { specials },
            PasswordRule::Classes {
                required: 1,
                of: ClassSet::of(&[crate::characters::Class::Special]),
                specials,
            },
            PasswordRule::Repeat { max: 1 },
        ];
        assert_eq!(witness_of(&rules).as_deref(), Some("!/"));
    }

    #[test]
    fn no_witness_is_longer_than_a_request_can_carry() {
        let max = u32::try_from(MAX_INPUT_BYTES).unwrap();
        let at_limit = Policy::new(&[PasswordRule::Length { min: max, max }]).unwrap();
        assert_eq!(at_limit.witness().map(|w| w.len()), Some(MAX_INPUT_BYTES));
        let over = Policy::new(&[PasswordRule::Length {
            min: max + 1,
            max: max + 1,
        }]);
        assert_eq!(over.unwrap_err(), super::super::PolicyError::AcceptsNothing);
    }

    #[test]
    fn a_later_variant_starts_at_another_kind() {
        use crate::characters::Class;
        // A digit and a lower-case letter; the first spelling, `0a`, denied: the
        // second starts at the second kind, one character on in each.
        let rules = [
            PasswordRule::Length { min: 2, max: 2 },
            PasswordRule::Charset {
                specials: Specials::NONE,
            },
            PasswordRule::Classes {
                required: 2,
                of: ClassSet::of(&[Class::Digit, Class::Lower]),
                specials: Specials::NONE,
            },
            PasswordRule::denylist(["0a"]),
        ];
        assert_eq!(witness_of(&rules).as_deref(), Some("d3"));
    }

    #[test]
    fn kinds_that_share_a_class_bit_combine_into_both_classes() {
        use crate::characters::Class;
        // `@` is special for both rules, `!` for the first only, `^` for the
        // second only. `@` alone is denied: `!@` is the first pair that holds a
        // special of each rule (the kinds' bits overlap).
        let special = |chars| PasswordRule::Classes {
            required: 1,
            of: ClassSet::of(&[Class::Special]),
            specials: Specials::new(chars).unwrap(),
        };
        let rules = [
            PasswordRule::Length { min: 1, max: 2 },
            PasswordRule::Charset {
                specials: Specials::new("!@^").unwrap(),
            },
            special("!@"),
            special("@^"),
            PasswordRule::denylist(["@", "@@"]),
        ];
        assert_eq!(witness_of(&rules).as_deref(), Some("!@"));
    }
}
