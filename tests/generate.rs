//! Generating compliant passwords (spec section 17): every generated password
//! passes its policy; the draw is uniform among the accepted passwords (chi-square
//! tests against the exact expectation, with a fixed seed); the entropy equals a
//! brute-force count; a policy that accepts nothing at a length gives an error.

use std::collections::BTreeMap;

use cvm_rules::{
    Class, ClassSet, CustomParams, CustomRule, GenerateError, Locale, OsFamily, OsSet,
    PasswordRule, Policy, Profile, RuleId, RuleSet, Specials, Subject,
};
use proptest::prelude::*;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;

/// A custom rule: no `0` anywhere.
struct NoZero;

impl CustomRule for NoZero {
    fn id(&self) -> &'static str {
        "test.no_zero"
    }
    fn check(&self, subject: &Subject<'_>) -> Result<(), CustomParams> {
        let password = subject.password();
        if password.expose().contains('0') {
            Err(CustomParams::new())
        } else {
            Ok(())
        }
    }
    fn message(&self, _: &CustomParams, _: Locale) -> Option<String> {
        Some("Password must not hold a 0.".into())
    }
}

/// A custom rule that refuses everything.
struct Never;

impl CustomRule for Never {
    fn id(&self) -> &'static str {
        "test.never"
    }
    fn check(&self, _: &Subject<'_>) -> Result<(), CustomParams> {
        Err(CustomParams::new())
    }
    fn message(&self, _: &CustomParams, _: Locale) -> Option<String> {
        None
    }
}

fn os_sets() -> Vec<OsSet> {
    (0..8u8)
        .map(|index| {
            OsFamily::ALL
                .iter()
                .enumerate()
                .filter(|(i, _)| index & (1 << i) != 0)
                .map(|(_, f)| *f)
                .collect()
        })
        .collect()
}

/// Every built-in rule set's policy of every OS set, and run-time policies with
/// the rules of section 14 and a custom rule.
fn policies() -> Vec<Policy> {
    let mut all = Vec::new();
    for rule_set in RuleSet::ALL {
        for os in os_sets() {
            all.push(rule_set.policy(os).unwrap());
        }
    }
    let windows = Profile::API3.policy(OsSet::only(OsFamily::Windows));
    let extra = [
        vec![PasswordRule::denylist([
            "aaaaaaaaaaaaaaaa",
            "Password1234!",
        ])],
        vec![PasswordRule::Repeat { max: 1 }],
        vec![PasswordRule::Sequence { max: 2 }],
        vec![PasswordRule::ClassRepeat { max: 1 }],
        vec![PasswordRule::custom(NoZero)],
        vec![
            PasswordRule::Repeat { max: 2 },
            PasswordRule::Sequence { max: 3 },
            PasswordRule::Charset {
                specials: Specials::new("!@#").unwrap(),
            },
        ],
    ];
    for rules in extra {
        all.push(windows.and(&Policy::new(&rules).unwrap()).unwrap());
    }
    all
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_generated_password_passes_its_policy(seed in any::<u64>(), length in prop::option::of(0usize..40)) {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        for policy in policies() {
            for user_name in [None, Some("admin")] {
                let (min, max) = policy.length_bounds();
                // An asked length is kept or refused, never changed; the default is clamped.
                let generated = policy.generate(&mut rng, length, user_name);
                if let Some(asked) = length.filter(|l| !(min..=max).contains(l)) {
                    prop_assert_eq!(generated.unwrap_err(), GenerateError::LengthOutOfBounds { min, max }, "{}", asked);
                    continue;
                }
                let password = generated.unwrap();
                let text = password.expose();
                let expected_length = length.unwrap_or_else(|| 16usize.clamp(min, max));
                prop_assert_eq!(text.chars().count(), expected_length);
                // The generator says the length it draws at.
                prop_assert_eq!(policy.generator(length, user_name).unwrap().length(), expected_length);
                prop_assert!(policy.accepts(text, user_name), "{policy:?} refuses a generated password");
                // No diagnostic, but the recommended length's warning when a
                // shorter length was asked for (no password of it can meet it).
                let report = Profile::API3.check_password_with(&policy, &password, user_name);
                let recommended = report
                    .diagnostics()
                    .iter()
                    .all(|d| d.rule() == RuleId::PasswordRecommendedLength && expected_length < 12);
                prop_assert!(recommended, "{:?}", report.diagnostics());
            }
        }
    }
}

/// A policy small enough to enumerate: letters, digits and `!` (63 characters),
/// at least 3 of {lower, upper, digit, special}, not starting with `/` (which it
/// does not allow anyway), exactly 3 characters.
fn small_policy() -> Policy {
    let bang = Specials::new("!").unwrap();
    Policy::new(&[
        PasswordRule::Length { min: 3, max: 3 },
        PasswordRule::Classes {
            required: 3,
            of: ClassSet::LOWER_UPPER_DIGIT_SPECIAL,
            specials: bang,
        },
        PasswordRule::Charset { specials: bang },
    ])
    .unwrap()
}

const SMALL_ALPHABET: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!";

fn class_of(c: char) -> usize {
    match c {
        'a'..='z' => 0,
        'A'..='Z' => 1,
        '0'..='9' => 2,
        _ => 3,
    }
}

/// Pearson's chi-square statistic of observed counts against expected counts.
fn chi_square(observed: &BTreeMap<String, u64>, expected: &BTreeMap<String, f64>) -> (f64, usize) {
    let mut x2 = 0.0;
    for (key, e) in expected {
        let o = *observed.get(key).unwrap_or(&0) as f64;
        x2 += (o - e) * (o - e) / e;
    }
    assert!(
        observed.keys().all(|k| expected.contains_key(k)),
        "an impossible outcome was drawn"
    );
    (x2, expected.len() - 1)
}

/// The 0.999 quantile of the chi-square distribution with `dof` degrees of
/// freedom (Wilson–Hilferty): a correct generator fails once in a thousand seeds,
/// and the seed is fixed.
fn critical(dof: usize) -> f64 {
    let k = dof as f64;
    let z = 3.09;
    k * (1.0 - 2.0 / (9.0 * k) + z * (2.0 / (9.0 * k)).sqrt()).powi(3)
}

/// Every password of three characters of [`SMALL_ALPHABET`] that `policy` accepts.
fn accepted_of_three(policy: &Policy) -> Vec<String> {
    let chars: Vec<char> = SMALL_ALPHABET.chars().collect();
    let mut accepted = Vec::new();
    for &a in &chars {
        for &b in &chars {
            for &c in &chars {
                let p: String = [a, b, c].iter().collect();
                if policy.accepts(&p, None) {
                    accepted.push(p);
                }
            }
        }
    }
    accepted
}

#[test]
fn generation_is_uniform_over_positions_and_class_counts() {
    let policy = small_policy();
    // The exact distribution, by enumerating every accepted password.
    let accepted = accepted_of_three(&policy);
    // Exactly three distinct classes among four, in three characters.
    let per_class = [26u128, 26, 10, 1];
    let mut exact = 0u128;
    for skipped in 0..4 {
        let product: u128 = (0..4)
            .filter(|&c| c != skipped)
            .map(|c| per_class[c])
            .product();
        exact += 6 * product;
    }
    assert_eq!(accepted.len() as u128, exact);
    assert_eq!(policy.count_passwords(3), Some(exact));

    let n = 40_000u64;
    let mut rng = ChaCha8Rng::seed_from_u64(0x5eed);
    let generator = policy.generator(None, None).unwrap();
    let drawn: Vec<String> = (0..n)
        .map(|_| generator.generate(&mut rng).unwrap().expose().to_string())
        .collect();

    // Per position: the character, against its exact share of the accepted passwords.
    for position in 0..3 {
        let mut expected: BTreeMap<String, f64> = BTreeMap::new();
        for p in &accepted {
            *expected
                .entry(p[position..position + 1].to_string())
                .or_default() += 1.0;
        }
        for e in expected.values_mut() {
            *e *= n as f64 / accepted.len() as f64;
        }
        let mut observed: BTreeMap<String, u64> = BTreeMap::new();
        for p in &drawn {
            *observed
                .entry(p[position..position + 1].to_string())
                .or_default() += 1;
        }
        let (x2, dof) = chi_square(&observed, &expected);
        assert!(
            x2 < critical(dof),
            "position {position}: chi-square {x2:.1} with {dof} degrees of freedom"
        );
    }

    // The class counts: how many characters of each class.
    let counts = |p: &str| {
        let mut k = [0u8; 4];
        for c in p.chars() {
            k[class_of(c)] += 1;
        }
        format!("{k:?}")
    };
    let mut expected: BTreeMap<String, f64> = BTreeMap::new();
    for p in &accepted {
        *expected.entry(counts(p)).or_default() += n as f64 / accepted.len() as f64;
    }
    let mut observed: BTreeMap<String, u64> = BTreeMap::new();
    for p in &drawn {
        *observed.entry(counts(p)).or_default() += 1;
    }
    let (x2, dof) = chi_square(&observed, &expected);
    assert!(
        x2 < critical(dof),
        "class counts: chi-square {x2:.1} with {dof} degrees of freedom"
    );
}

#[test]
fn a_biased_generator_would_fail_the_test() {
    // The test has power: a generator that favours lower case fails it.
    let policy = small_policy();
    let accepted = accepted_of_three(&policy);
    let n = 40_000u64;
    let mut expected: BTreeMap<String, f64> = BTreeMap::new();
    for p in &accepted {
        *expected.entry(p[0..1].to_string()).or_default() += n as f64 / accepted.len() as f64;
    }
    // Biased: among the accepted passwords, those starting with a lower-case letter twice as often.
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut observed: BTreeMap<String, u64> = BTreeMap::new();
    let mut drawn = 0;
    while drawn < n {
        let p = policy.generate(&mut rng, None, None).unwrap();
        let p = p.expose();
        let keep = class_of(p.chars().next().unwrap()) == 0
            || rand_chacha::rand_core::Rng::next_u32(&mut rng) % 2 == 0;
        if keep {
            *observed.entry(p[0..1].to_string()).or_default() += 1;
            drawn += 1;
        }
    }
    let (x2, dof) = chi_square(&observed, &expected);
    assert!(
        x2 > critical(dof),
        "chi-square {x2:.1} should reject a biased draw"
    );
}

/// Brute force: every string of `length` over the generation alphabet.
fn brute_force_count(policy: &Policy, alphabet: &[char], length: usize) -> u128 {
    let mut count = 0;
    let mut indexes = vec![0usize; length];
    loop {
        let p: String = indexes.iter().map(|&i| alphabet[i]).collect();
        if policy.accepts(&p, None) {
            count += 1;
        }
        let mut k = 0;
        loop {
            if k == length {
                return count;
            }
            indexes[k] += 1;
            if indexes[k] < alphabet.len() {
                break;
            }
            indexes[k] = 0;
            k += 1;
        }
    }
}

#[test]
fn entropy_counts_equal_brute_force() {
    let letters_digits = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let cases: Vec<(Vec<PasswordRule>, &str)> = vec![
        (
            vec![
                PasswordRule::Charset {
                    specials: Specials::new("!/").unwrap(),
                },
                PasswordRule::LeadingSlash,
            ],
            "!/",
        ),
        (
            vec![
                PasswordRule::Charset {
                    specials: Specials::new("!/_").unwrap(),
                },
                PasswordRule::LeadingSlash,
                PasswordRule::Classes {
                    required: 2,
                    of: ClassSet::LETTER_DIGIT_SPECIAL,
                    specials: Specials::new("!/_").unwrap(),
                },
            ],
            "!/_",
        ),
        (
            vec![
                PasswordRule::Charset {
                    specials: Specials::new("@/").unwrap(),
                },
                PasswordRule::Classes {
                    required: 3,
                    of: ClassSet::LOWER_UPPER_DIGIT_SPECIAL,
                    specials: Specials::new("/").unwrap(),
                },
            ],
            "@/",
        ),
        (
            vec![
                PasswordRule::Charset {
                    specials: Specials::NONE,
                },
                PasswordRule::Classes {
                    required: 1,
                    of: ClassSet::of(&[Class::Digit]),
                    specials: Specials::NONE,
                },
                PasswordRule::Classes {
                    required: 2,
                    of: ClassSet::LOWER_UPPER_DIGIT_SPECIAL,
                    specials: Specials::NONE,
                },
            ],
            "",
        ),
        (
            // Two special sets that overlap: `@` is special to both classes rules,
            // `!` and `#` to one each, so the kinds' bits overlap.
            vec![
                PasswordRule::Charset {
                    specials: Specials::new("!@#").unwrap(),
                },
                PasswordRule::Classes {
                    required: 2,
                    of: ClassSet::LETTER_DIGIT_SPECIAL,
                    specials: Specials::new("!@").unwrap(),
                },
                PasswordRule::Classes {
                    required: 1,
                    of: ClassSet::of(&[Class::Special]),
                    specials: Specials::new("@#").unwrap(),
                },
            ],
            "!@#",
        ),
    ];
    for (rules, specials) in cases {
        let alphabet: Vec<char> = letters_digits.chars().chain(specials.chars()).collect();
        // No length rule: the count of each length is asked for directly.
        let policy = Policy::new(&rules).unwrap();
        for length in 0..=3 {
            let brute = brute_force_count(&policy, &alphabet, length);
            assert_eq!(policy.count_passwords(length), Some(brute), "{rules:?}");
            let bits = policy.entropy(Some(length)).bits;
            if brute == 0 {
                assert_eq!(bits, f64::NEG_INFINITY);
            } else {
                assert!(
                    (bits - (brute as f64).log2()).abs() < 1e-9,
                    "{bits} for {brute}"
                );
            }
        }
    }
}

#[test]
fn entropy_of_the_built_in_policies() {
    // legacy-2017 Windows at 16 characters: 91 characters, not `/` first, at least 3
    // of the 4 classes (lower 26, upper 26, digit 10, special 29 of which `/` is one).
    // By inclusion–exclusion over the class sets, written out independently.
    let windows = Profile::LEGACY_2017.policy(OsSet::only(OsFamily::Windows));
    let e = windows.entropy(None);
    assert_eq!(e.length, 16);
    assert_eq!(
        windows.count_passwords(16),
        Some(21_854_066_899_834_733_388_094_573_473_768)
    );
    assert!((e.bits - 104.1077).abs() < 1e-4, "{}", e.bits);
    // An asked length is kept: outside the bounds no password has it.
    assert_eq!(windows.entropy(Some(40)).length, 40);
    assert_eq!(windows.entropy(Some(40)).bits, f64::NEG_INFINITY);
    assert_eq!(windows.entropy(Some(3)).length, 3);
    assert_eq!(windows.entropy(Some(3)).bits, f64::NEG_INFINITY);
    // The default length is clamped: legacy-2017 Linux is 8 to 16, api3's is 16.
    let short = Policy::new(&[PasswordRule::Length { min: 4, max: 10 }]).unwrap();
    assert_eq!(short.entropy(None).length, 10);
}

#[test]
fn a_policy_that_accepts_nothing_at_that_length_is_an_error_not_a_loop() {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    // Four classes in three characters.
    let four = Policy::new(&[
        PasswordRule::Length { min: 3, max: 8 },
        PasswordRule::Classes {
            required: 4,
            of: ClassSet::LOWER_UPPER_DIGIT_SPECIAL,
            specials: Specials::API3,
        },
    ])
    .unwrap();
    assert_eq!(
        four.generate(&mut rng, Some(3), None).unwrap_err(),
        GenerateError::NoPassword { length: 3 }
    );
    assert!(four.generate(&mut rng, Some(4), None).is_ok());
    assert_eq!(four.entropy(Some(3)).bits, f64::NEG_INFINITY);
    // A custom rule that refuses everything: the tries run out.
    let never = Policy::new(&[PasswordRule::custom(Never)]).unwrap();
    assert_eq!(
        never.generate(&mut rng, None, None).unwrap_err(),
        GenerateError::Exhausted {
            tries: Policy::MAX_GENERATION_TRIES
        }
    );
    // A deny-list of every one-character password, but two characters are fine.
    let digits: Vec<String> = (0..10).map(|d| d.to_string()).collect();
    let short = Policy::new(&[
        PasswordRule::Length { min: 1, max: 2 },
        PasswordRule::Charset {
            specials: Specials::NONE,
        },
        PasswordRule::Classes {
            required: 1,
            of: ClassSet::of(&[Class::Digit]),
            specials: Specials::NONE,
        },
        PasswordRule::denylist(
            digits.iter().chain(
                ["a1", "1a"]
                    .iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .iter(),
            ),
        ),
    ]);
    assert!(short.is_ok(), "two-character passwords remain: {short:?}");
}
