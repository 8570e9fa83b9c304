//! The laws of composition (spec section 14), through the public API only:
//!
//! - `accepts(a ∧ b) = accepts(a) && accepts(b)`;
//! - `∧` is commutative, associative and idempotent up to the reported rules;
//! - combining with a policy whose rules are all implied changes nothing;
//! - a compiled policy accepts exactly what its rules, checked one by one, accept;
//! - an OS set's policy is the conjunction of its families' policies (the
//!   built-in resolution is an instance of the general mechanism).
//!
//! Exhaustively over every short string of a small alphabet that touches every
//! class and kind, and by property tests over random policies and passwords.

use cvm_rules::{
    Class, ClassSet, CustomParams, CustomRule, Locale, OsFamily, OsSet, Password, PasswordRule,
    Policy, PolicyError, RuleSet, Severity, Specials, Subject,
};
use proptest::prelude::*;

use crate::support::fuzz_input;

/// Every class, kind and special that a rule can tell apart.
const ALPHABET: [char; 10] = ['a', 'A', 'b', '1', '!', '/', '`', '_', ' ', 'é'];

/// Every string of at most `n` characters of [`ALPHABET`].
fn strings(n: usize) -> Vec<String> {
    let mut all = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..n {
        last = last
            .iter()
            .flat_map(|s| ALPHABET.iter().map(move |c| format!("{s}{c}")))
            .collect();
        all.extend(last.iter().cloned());
    }
    all
}

/// The rules a password fails, checked one by one with the rules' own `check`.
fn failed_one_by_one(policy: &Policy, password: &str, user: Option<&str>) -> Vec<String> {
    let password = Password::new(password);
    let mut failed: Vec<String> = policy
        .rules()
        .filter(|r| r.check(&password, user).is_err())
        .map(|r| r.id().as_str().to_string())
        .collect();
    failed.sort();
    failed
}

/// The report's failures (one scan and a failure table) are those of checking
/// each rule alone, params included (counts, positions, kinds, runs).
fn params_agree(policy: &Policy, password: &str) {
    let secret = Password::new(password);
    let report = cvm_rules::Profile::API3.check_password_with(policy, &secret, None);
    assert_eq!(
        fuzz_input::rules_and_params(&report.diagnostics()),
        fuzz_input::failures_one_by_one(policy, &secret, None),
        "{policy:?} {password:?}"
    );
    assert_eq!(report.is_valid(), policy.accepts(password, None));
}

/// What the policy itself says: accepted, and the rules its checklist marks unmet.
fn verdict(policy: &Policy, password: &str, user: Option<&str>) -> (bool, Vec<String>) {
    let checklist = policy.checklist(Some(&Password::new(password)), user);
    let mut failed: Vec<String> = checklist
        .requirements()
        .iter()
        .filter(|r| r.is_met() == Some(false))
        .map(|r| r.id().as_str().to_string())
        .collect();
    failed.sort();
    (policy.accepts(password, user), failed)
}

/// A custom rule with a parameter: at most `max` digits. Its id names the
/// parameter (two rules with one id must be the same rule).
#[derive(Debug)]
struct MaxDigits(u8);

const MAX_DIGITS_IDS: [&str; 4] = [
    "test.max_digits_0",
    "test.max_digits_1",
    "test.max_digits_2",
    "test.max_digits_3",
];

impl CustomRule for MaxDigits {
    fn id(&self) -> &'static str {
        MAX_DIGITS_IDS[usize::from(self.0)]
    }
    fn check(&self, subject: &Subject<'_>) -> Result<(), CustomParams> {
        let password = subject.password();
        let digits = password
            .expose()
            .chars()
            .filter(char::is_ascii_digit)
            .count();
        if digits <= usize::from(self.0) {
            Ok(())
        } else {
            Err(CustomParams::new().with("digits", digits))
        }
    }
    fn message(&self, _: &CustomParams, _: Locale) -> Option<String> {
        Some(format!("Password must hold at most {} digits.", self.0))
    }
    fn params(&self) -> CustomParams {
        CustomParams::new().with("max", u64::from(self.0))
    }
}

/// Asserts the laws for one pair (and a third policy for associativity) over
/// the given passwords.
fn assert_laws(a: &Policy, b: &Policy, c: &Policy, passwords: &[String], user: Option<&str>) {
    // Idempotence: exactly the same policy.
    assert_eq!(&a.and(a).unwrap(), a, "a ∧ a ≠ a");

    let ab = a.and(b);
    let ba = b.and(a);
    assert_eq!(ab.is_ok(), ba.is_ok(), "∧ is not commutative in its errors");
    match (&ab, &ba) {
        (Ok(ab), Ok(ba)) => {
            for p in passwords {
                let both = a.accepts(p, user) && b.accepts(p, user);
                assert_eq!(ab.accepts(p, user), both, "accepts(a ∧ b) for {p:?}");
                assert_eq!(
                    verdict(ab, p, user),
                    verdict(ba, p, user),
                    "a ∧ b vs b ∧ a for {p:?}"
                );
                assert_eq!(verdict(ab, p, user).1, failed_one_by_one(ab, p, user));
            }
            let abc = ab.and(c);
            let bc_a = b.and(c).and_then(|bc| a.and(&bc));
            assert_eq!(
                abc.is_ok(),
                bc_a.is_ok(),
                "∧ is not associative in its errors"
            );
            if let (Ok(abc), Ok(a_bc)) = (abc, bc_a) {
                for p in passwords {
                    assert_eq!(
                        verdict(&abc, p, user),
                        verdict(&a_bc, p, user),
                        "(a∧b)∧c vs a∧(b∧c) for {p:?}"
                    );
                }
            }
        }
        // Refused: the two together accept nothing (of what was tried).
        (Err(error), _) => {
            for p in passwords {
                assert!(
                    !(a.accepts(p, user) && b.accepts(p, user)),
                    "a ∧ b refused ({error}) but both accept {p:?}"
                );
            }
        }
        _ => unreachable!(),
    }
}

fn classes(required: u8, of: ClassSet, specials: Specials) -> PasswordRule {
    PasswordRule::Classes {
        required,
        of,
        specials,
    }
}

/// Small policies whose bounds let short strings pass.
fn small_policies() -> Vec<Policy> {
    let s = |t: &str| Specials::new(t).unwrap();
    let rules: Vec<Vec<PasswordRule>> = vec![
        vec![],
        vec![PasswordRule::Length { min: 2, max: 4 }],
        vec![
            PasswordRule::Length { min: 0, max: 3 },
            PasswordRule::LeadingSlash,
        ],
        vec![classes(2, ClassSet::LOWER_UPPER_DIGIT_SPECIAL, s("!/"))],
        vec![
            classes(2, ClassSet::LETTER_DIGIT_SPECIAL, s("!`")),
            PasswordRule::Charset {
                specials: s("!`_/"),
            },
        ],
        vec![
            PasswordRule::Charset { specials: s("!/") },
            PasswordRule::Repeat { max: 1 },
        ],
        vec![
            PasswordRule::Sequence { max: 1 },
            PasswordRule::denylist(["ab", "AB1", "a!"]),
        ],
        vec![
            PasswordRule::ClassRepeat { max: 1 },
            PasswordRule::Repeat { max: 1 },
        ],
        vec![
            PasswordRule::ContainsUsername {
                min_name_chars: 1,
                default_for: OsFamily::Windows,
            },
            PasswordRule::custom(MaxDigits(1)),
        ],
        vec![
            classes(1, ClassSet::of(&[Class::Special]), s("_")),
            PasswordRule::Length { min: 1, max: 4 },
        ],
    ];
    rules.iter().map(|r| Policy::new(r).unwrap()).collect()
}

#[test]
fn laws_hold_exhaustively_over_short_strings() {
    let passwords = strings(4);
    assert_eq!(passwords.len(), 11_111);
    let policies = small_policies();
    for (i, a) in policies.iter().enumerate() {
        for (j, b) in policies.iter().enumerate() {
            let c = &policies[(i + j) % policies.len()];
            assert_laws(a, b, c, &passwords, None);
        }
    }
    // With a user name the user-name rule looks for.
    assert_laws(
        &policies[7],
        &policies[1],
        &policies[3],
        &passwords,
        Some("a1"),
    );
}

#[test]
fn compiled_policies_accept_what_their_rules_accept() {
    let mut passwords = strings(4);
    passwords.extend(
        [
            "a b\tc密é!",
            "/Ab1 \u{7f}\u{0}x",
            "aaaa1111bbbb",
            "abcdef123456",
            "\r\nAb1!\r\n",
            // CR LF is one cluster, a lone CR or LF is one: ASCII, then below U+300.
            "a\nb\rc\r\nd",
            "é\r\nx\ny\rz",
            // Control characters beside a character that clusters (U+0300 and up).
            "密\u{0}a\u{7f}\u{1b}",
        ]
        .map(String::from),
    );
    let mut policies = small_policies();
    // Two length rules that do not imply each other: either can fail alone.
    policies.push(
        Policy::new(&[
            PasswordRule::Length { min: 2, max: 3 },
            PasswordRule::Length { min: 3, max: 5 },
            PasswordRule::denylist(["abc"]),
        ])
        .unwrap(),
    );
    for rule_set in RuleSet::ALL {
        for index in 0..8u8 {
            let os: OsSet = OsFamily::ALL
                .iter()
                .enumerate()
                .filter(|(i, _)| index & (1 << i) != 0)
                .map(|(_, f)| *f)
                .collect();
            policies.push(rule_set.policy(os).unwrap());
        }
    }
    for policy in &policies {
        for p in &passwords {
            for user in [None, Some("b1")] {
                let one_by_one = failed_one_by_one(policy, p, user);
                assert_eq!(
                    policy.accepts(p, user),
                    one_by_one.is_empty(),
                    "{policy:?} {p:?}"
                );
                assert_eq!(verdict(policy, p, user).1, one_by_one, "{policy:?} {p:?}");
            }
            let password = Password::new(p);
            for rule in policy.rules() {
                assert_eq!(
                    rule.passes(&password),
                    rule.check(&password, None).is_ok(),
                    "{rule:?} {p:?}"
                );
            }
            params_agree(policy, p);
        }
    }
}

/// An OS set's policy is the conjunction of its families' policies: the same
/// rules as `Policy::strictest` of them, and the same verdicts.
#[test]
fn os_set_resolution_is_conjunction() {
    let passwords = strings(3);
    for rule_set in RuleSet::ALL {
        let family = |f: OsFamily| rule_set.policy(OsSet::only(f)).unwrap();
        for index in 0..8u8 {
            let os: OsSet = OsFamily::ALL
                .iter()
                .enumerate()
                .filter(|(i, _)| index & (1 << i) != 0)
                .map(|(_, f)| *f)
                .collect();
            let resolved = rule_set.policy(os).unwrap();
            let members: Vec<Policy> = if os.is_unknown() {
                OsFamily::ALL.map(family).to_vec()
            } else {
                os.iter().map(family).collect()
            };
            let strictest = Policy::strictest(&members).unwrap();
            assert!(
                resolved.rules().eq(strictest.rules()),
                "{} {os:?}",
                rule_set.id()
            );
            assert_eq!(resolved.families(), strictest.families());
            for p in &passwords {
                let all = members.iter().all(|m| m.accepts(p, None));
                assert_eq!(
                    resolved.accepts(p, None),
                    all,
                    "{} {os:?} {p:?}",
                    rule_set.id()
                );
            }
        }
        // The built-in profiles' compile-time policies are the same as run-time ones.
    }
    for profile in cvm_rules::Profile::ALL {
        for index in 0..8u8 {
            let os: OsSet = OsFamily::ALL
                .iter()
                .enumerate()
                .filter(|(i, _)| index & (1 << i) != 0)
                .map(|(_, f)| *f)
                .collect();
            assert_eq!(
                profile.policy(os),
                &profile.rule_set().policy(os).unwrap(),
                "{} {os:?}",
                profile.id()
            );
        }
    }
}

#[test]
fn combining_with_implied_rules_changes_nothing() {
    let windows = RuleSet::API3
        .policy(OsSet::only(OsFamily::Windows))
        .unwrap();
    let linux = RuleSet::API3.policy(OsSet::only(OsFamily::Linux)).unwrap();
    let rules = |p: &Policy| p.rules().cloned().collect::<Vec<_>>();
    assert_eq!(rules(&windows.and(&linux).unwrap()), rules(&windows));
    let weaker = Policy::new(&[
        PasswordRule::Length { min: 6, max: 40 },
        PasswordRule::Charset {
            specials: Specials::API3,
        },
        classes(2, ClassSet::LOWER_UPPER_DIGIT_SPECIAL, Specials::API3),
    ])
    .unwrap();
    assert_eq!(rules(&windows.and(&weaker).unwrap()), rules(&windows));
    assert_eq!(rules(&weaker.and(&windows).unwrap()), rules(&windows));
}

#[test]
fn policies_are_validated_when_built() {
    let s = Specials::new("!").unwrap();
    assert_eq!(
        Policy::new(&[PasswordRule::Length { min: 9, max: 8 }]).unwrap_err(),
        PolicyError::LengthBounds { min: 9, max: 8 }
    );
    assert_eq!(
        Policy::new(&[PasswordRule::Length { min: 8, max: 16 }])
            .unwrap()
            .and(&Policy::new(&[PasswordRule::Length { min: 20, max: 30 }]).unwrap())
            .unwrap_err(),
        PolicyError::LengthBounds { min: 20, max: 16 }
    );
    let at = |text: &str| Specials::new(text).unwrap();
    let refused = [
        // A rule that is wrong alone is named with its own bounds, not the policy's.
        (
            vec![
                PasswordRule::Length { min: 12, max: 30 },
                PasswordRule::Length { min: 9, max: 8 },
            ],
            PolicyError::LengthBounds { min: 9, max: 8 },
        ),
        (
            vec![
                classes(1, ClassSet::LOWER_UPPER_DIGIT_SPECIAL, s),
                classes(3, ClassSet::of(&[Class::Lower, Class::Digit]), s),
            ],
            PolicyError::ClassCount {
                required: 3,
                available: 2,
            },
        ),
        // Wrong alone: the count of the rule's own classes, before the charset's.
        (
            vec![
                classes(5, ClassSet::LOWER_UPPER_DIGIT_SPECIAL, s),
                PasswordRule::Charset { specials: at("@") },
            ],
            PolicyError::ClassCount {
                required: 5,
                available: 4,
            },
        ),
        (
            vec![classes(5, ClassSet::LOWER_UPPER_DIGIT_SPECIAL, s)],
            PolicyError::ClassCount {
                required: 5,
                available: 4,
            },
        ),
        // Four classes, but no special character is allowed.
        (
            vec![
                classes(4, ClassSet::LOWER_UPPER_DIGIT_SPECIAL, s),
                PasswordRule::Charset { specials: at("@") },
            ],
            PolicyError::ClassCount {
                required: 4,
                available: 3,
            },
        ),
        (
            vec![
                PasswordRule::Repeat { max: 0 },
                PasswordRule::Length { min: 1, max: 9 },
            ],
            PolicyError::AcceptsNothing,
        ),
    ];
    for (rules, error) in refused {
        assert_eq!(Policy::new(&rules).unwrap_err(), error, "{rules:?}");
    }
    // A custom rule must live in a namespace of its own, and an id names one rule.
    let error = Policy::new(&[PasswordRule::custom(Named("password.mine"))]).unwrap_err();
    assert!(
        matches!(
            error,
            PolicyError::CustomRuleId {
                id: "password.mine",
                ..
            }
        ),
        "{error}"
    );
    let error = Policy::new(&[
        PasswordRule::custom(MaxDigits(1)),
        PasswordRule::custom(Clash),
    ])
    .unwrap_err();
    assert_eq!(
        error,
        PolicyError::CustomRuleClash {
            id: "test.max_digits_1"
        }
    );
    // The same custom rule twice is one rule.
    let twice = Policy::new(&[
        PasswordRule::custom(MaxDigits(2)),
        PasswordRule::custom(MaxDigits(2)),
    ])
    .unwrap();
    assert_eq!(twice.rules().count(), 1);
}

/// `and` knows the OS only when both sides do; a policy's rules iterate from both
/// ends with an exact length, for built-in (static) and composed (shared) policies.
#[test]
fn conjunction_keeps_os_knowledge_and_rules_iterate_both_ways() {
    let known = RuleSet::API3.policy(OsSet::only(OsFamily::Linux)).unwrap();
    let unknown = RuleSet::API3.policy(OsSet::UNKNOWN).unwrap();
    assert!(known.is_os_known() && !unknown.is_os_known());
    assert!(known.and(&known).unwrap().is_os_known());
    assert!(!known.and(&unknown).unwrap().is_os_known());
    assert!(!unknown.and(&known).unwrap().is_os_known());

    let built_in = cvm_rules::Profile::API3.policy(OsSet::only(OsFamily::Windows));
    let composed = built_in
        .and(&Policy::new(&[PasswordRule::Repeat { max: 2 }]).unwrap())
        .unwrap();
    for policy in [built_in, &composed] {
        let forward: Vec<_> = policy.rules().collect();
        assert!(forward.len() >= 3, "{policy:?}");
        let mut backward: Vec<_> = policy.rules().rev().collect();
        backward.reverse();
        assert_eq!(backward, forward);
        let mut rules = policy.rules();
        assert_eq!(rules.len(), forward.len());
        assert_eq!(rules.size_hint(), (forward.len(), Some(forward.len())));
        rules.next();
        rules.next_back();
        assert_eq!(rules.len(), forward.len() - 2);
    }
}

/// Policies are equal when their rules, families and OS knowledge are; `Debug`
/// shows all three.
#[test]
fn policy_equality_and_debug() {
    let linux = RuleSet::API3.policy(OsSet::only(OsFamily::Linux)).unwrap();
    let ubuntu = RuleSet::API3.policy(OsSet::only(OsFamily::Ubuntu)).unwrap();
    let unknown = RuleSet::API3.policy(OsSet::UNKNOWN).unwrap();
    let bare = Policy::new(&linux.rules().cloned().collect::<Vec<_>>()).unwrap();
    // The same rules: only the families differ, then only the OS knowledge.
    assert!(linux.rules().eq(ubuntu.rules()));
    assert_ne!(linux, ubuntu);
    assert!(linux.rules().eq(bare.rules()) && linux.families() != bare.families());
    assert_ne!(linux, bare);
    // Every family, known or not: the same rules and families.
    let every: OsSet = OsFamily::ALL.iter().copied().collect();
    let all_known = RuleSet::API3.policy(every).unwrap();
    assert!(all_known.rules().eq(unknown.rules()));
    assert_eq!(all_known.families(), unknown.families());
    assert!(all_known.is_os_known() && !unknown.is_os_known());
    assert_ne!(all_known, unknown);
    assert_eq!(
        linux,
        RuleSet::API3.policy(OsSet::only(OsFamily::Linux)).unwrap()
    );
    let longer = linux
        .and(&Policy::new(&[PasswordRule::Length { min: 20, max: 30 }]).unwrap())
        .unwrap();
    assert_ne!(linux, longer);
    let shown = format!("{linux:?}");
    for part in ["Policy", "families", "os_known: true", "rules", "Length"] {
        assert!(shown.contains(part), "{shown}");
    }
}

/// A custom rule that fails a password of exactly `length` characters.
struct LengthIsNot(&'static str, usize);

impl CustomRule for LengthIsNot {
    fn id(&self) -> &'static str {
        self.0
    }
    fn check(&self, subject: &Subject<'_>) -> Result<(), CustomParams> {
        let password = subject.password();
        if password.expose().chars().count() == self.1 {
            Err(CustomParams::new().with("length", self.1))
        } else {
            Ok(())
        }
    }
    fn message(&self, _: &CustomParams, _: Locale) -> Option<String> {
        None
    }
}

/// Past 64 rules (the width of the failure bit set), failures are kept whole and
/// still reported, in order, with the verdict right.
#[test]
fn policies_of_more_than_64_rules() {
    let mut rules = vec![
        PasswordRule::Length { min: 1, max: 100 },
        PasswordRule::Repeat { max: 3 },
    ];
    for n in 1..=70 {
        let id: &'static str = Box::leak(format!("test.length_is_not_{n}").into_boxed_str());
        rules.push(PasswordRule::custom(LengthIsNot(id, n)));
    }
    let policy = Policy::new(&rules).unwrap();
    assert_eq!(policy.rules().count(), 72);
    for n in [1, 62, 63, 64, 65, 70, 71] {
        let password: String = "ab".repeat(n).chars().take(n).collect();
        let report =
            cvm_rules::Profile::API3.check_password_with(&policy, &Password::new(&password), None);
        let failed: Vec<String> = report
            .diagnostics()
            .iter()
            .map(|d| d.rule().as_str().to_string())
            .collect();
        let expected: Vec<String> = if n <= 70 {
            vec![format!("test.length_is_not_{n}")]
        } else {
            vec![]
        };
        assert_eq!(failed, expected, "{n}");
        assert_eq!(report.is_valid(), n > 70);
        assert_eq!(policy.accepts(&password, None), n > 70);
        params_agree(&policy, &password);
        // The report's checklist, past the 64th rule too, is the policy's.
        let password = Password::new(&password);
        assert_eq!(
            report.into_report().checklist(),
            policy.checklist(Some(&password), None),
            "{n}"
        );
    }
    // A repeat at the end of a long password: a built-in rule among 72.
    let report = cvm_rules::Profile::API3.check_password_with(
        &policy,
        &Password::new(format!("{}aaaa", "ab".repeat(40))),
        None,
    );
    assert_eq!(report.diagnostics().len(), 1);
    assert_eq!(report.diagnostics()[0].rule().as_str(), "password.repeat");
}

/// A custom rule that passes everything, under any id.
struct Named(&'static str);

impl CustomRule for Named {
    fn id(&self) -> &'static str {
        self.0
    }
    fn check(&self, _: &Subject<'_>) -> Result<(), CustomParams> {
        Ok(())
    }
    fn message(&self, _: &CustomParams, _: Locale) -> Option<String> {
        None
    }
}

/// Another rule under `MaxDigits(1)`'s id.
struct Clash;

impl CustomRule for Clash {
    fn id(&self) -> &'static str {
        "test.max_digits_1"
    }
    fn check(&self, _: &Subject<'_>) -> Result<(), CustomParams> {
        Ok(())
    }
    fn message(&self, _: &CustomParams, _: Locale) -> Option<String> {
        None
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
}

// ---- property tests over random policies ------------------------------------

fn specials() -> impl Strategy<Value = Specials> {
    prop::sample::subsequence(vec!['!', '@', '/', '`', '_'], 0..=5)
        .prop_map(|cs| Specials::new(&cs.into_iter().collect::<String>()).unwrap())
}

fn class_set() -> impl Strategy<Value = ClassSet> {
    prop::sample::subsequence(Class::ALL.to_vec(), 0..=5).prop_map(|cs| cs.into_iter().collect())
}

fn rule() -> impl Strategy<Value = PasswordRule> {
    prop_oneof![
        (0u32..5, 0u32..5).prop_map(|(min, extra)| PasswordRule::Length {
            min,
            max: min + extra
        }),
        (class_set(), specials()).prop_flat_map(
            |(of, sp)| (0..=of.len()).prop_map(move |required| classes(required, of, sp))
        ),
        Just(PasswordRule::LeadingSlash),
        specials().prop_map(|specials| PasswordRule::Charset { specials }),
        (1u8..4, prop::sample::select(OsFamily::ALL.to_vec())).prop_map(
            |(min_name_chars, default_for)| PasswordRule::ContainsUsername {
                min_name_chars,
                default_for
            }
        ),
        (1u32..4).prop_map(|max| PasswordRule::Repeat { max }),
        (1u32..4).prop_map(|max| PasswordRule::Sequence { max }),
        (1u32..4).prop_map(|max| PasswordRule::ClassRepeat { max }),
        prop::collection::vec("[ab1!]{1,3}", 0..4).prop_map(PasswordRule::denylist),
        (0u8..4).prop_map(|n| PasswordRule::custom(MaxDigits(n))),
    ]
}

fn policy() -> impl Strategy<Value = Policy> {
    prop::collection::vec(rule(), 0..5)
        .prop_filter_map("a policy that accepts something", |rules| {
            Policy::new(&rules).ok()
        })
}

/// A policy whose rules are each implied by a rule of `policy`: some of them,
/// loosened.
fn loosened(policy: &Policy, picks: &[(bool, u32)]) -> Policy {
    let rules: Vec<PasswordRule> = policy
        .rules()
        .zip(picks.iter().cycle())
        .filter(|(_, (keep, _))| *keep)
        .map(|(rule, (_, by))| match rule {
            PasswordRule::Length { min, max } => PasswordRule::Length {
                min: min.saturating_sub(*by),
                max: max + by,
            },
            PasswordRule::Repeat { max } => PasswordRule::Repeat { max: max + by },
            PasswordRule::Sequence { max } => PasswordRule::Sequence { max: max + by },
            PasswordRule::ClassRepeat { max } => PasswordRule::ClassRepeat { max: max + by },
            other => other.clone(),
        })
        .collect();
    Policy::new(&rules).expect("looser than a valid policy")
}

fn password() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET.to_vec()), 0..7)
        .prop_map(|cs| cs.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn laws_hold_for_random_policies(
        a in policy(),
        b in policy(),
        c in policy(),
        passwords in prop::collection::vec(password(), 64),
        user in prop::option::of("[aA1]{1,3}"),
    ) {
        assert_laws(&a, &b, &c, &passwords, user.as_deref());
        for p in &passwords {
            let one_by_one = failed_one_by_one(&a, p, user.as_deref());
            prop_assert_eq!(a.accepts(p, user.as_deref()), one_by_one.is_empty());
        }
    }

    #[test]
    fn implied_rules_change_nothing(a in policy(), picks in prop::collection::vec((any::<bool>(), 0u32..3), 1..6)) {
        let weaker = loosened(&a, &picks);
        prop_assert_eq!(&a.and(&weaker).unwrap(), &a);
        // With the weaker policy first, the same rules; two rules of one kind that
        // neither implies keep the order in which they came.
        let ids = |p: &Policy| {
            let mut rules: Vec<String> = p.rules().map(|r| format!("{r:?}")).collect();
            rules.sort();
            rules
        };
        prop_assert_eq!(ids(&weaker.and(&a).unwrap()), ids(&a));
    }
}

#[test]
fn an_empty_user_name_is_no_name_even_when_every_length_counts() {
    // Found by the `generate` fuzz target: `min_name_chars: 0` and an empty user
    // name panicked in the containment search (its input is a seed of that target).
    let policy = Policy::new(&[PasswordRule::ContainsUsername {
        min_name_chars: 0,
        default_for: OsFamily::Linux,
    }])
    .unwrap();
    assert!(policy.accepts("abc123", Some("")));
    assert!(!policy.accepts("abc123", Some("c")));
    let secret = Password::new("abc123");
    assert!(policy.checklist(Some(&secret), Some("")).all_met());
}

/// `password.class_repeat` end to end: its policy-file key, its place among the
/// rules, its params, both messages, its checklist line and its JSON.
#[test]
fn the_class_repeat_rule_from_a_policy_file() {
    use cvm_rules::{Params, PolicyFile, RuleId};
    let refused = PolicyFile::from_json(r#"{"extends": "api3", "all": {"max_class_repeat": 0}}"#)
        .unwrap_err()
        .to_string();
    assert!(
        refused.ends_with("all.max_class_repeat must be a whole number from 1 to 4294967295"),
        "{refused}"
    );
    let typo = PolicyFile::from_json(r#"{"extends": "api3", "all": {"max_class_repeats": 2}}"#)
        .unwrap_err()
        .to_string();
    // The typo is named, and the key it missed is among those offered (whatever
    // other keys a later rule adds to the list).
    assert!(typo.contains("`max_class_repeats`"), "{typo}");
    assert!(typo.contains("`max_class_repeat`,"), "{typo}");

    let file =
        PolicyFile::from_json(r#"{"extends": "api3", "linux": {"max_class_repeat": 2}}"#).unwrap();
    let rules = file.rule_set(|_| Err("no files".into())).unwrap();
    let linux = rules.policy(OsSet::only(OsFamily::Linux)).unwrap();
    let windows = rules.policy(OsSet::only(OsFamily::Windows)).unwrap();
    assert!(
        linux
            .rules()
            .any(|r| *r == PasswordRule::ClassRepeat { max: 2 })
    );
    assert!(
        !windows
            .rules()
            .any(|r| matches!(r, PasswordRule::ClassRepeat { .. }))
    );
    let json = serde_json::to_string(&linux).unwrap();
    assert!(
        json.contains(r#"{"rule":"password.class_repeat","max":2}"#),
        "{json}"
    );

    // "abc" is three lowercase letters in a row, from position 2.
    let profile = cvm_rules::Profile::API3
        .clone()
        .with_rule_set(rules.clone())
        .unwrap();
    let report = profile.check_password(
        &Password::new("Xabc1!Y2@zK3"),
        OsSet::only(OsFamily::Linux),
        None,
    );
    let failed: Vec<_> = report.diagnostics().iter().map(|d| d.rule()).collect();
    assert_eq!(failed, [RuleId::PasswordClassRepeat]);
    let diagnostic = &report.diagnostics()[0];
    assert!(matches!(
        diagnostic.params(),
        Params::Run {
            max: 2,
            actual: 3,
            position: 2,
            ..
        }
    ));
    assert_eq!(
        diagnostic.message(Locale::En),
        "Password must not hold more than 2 characters of one class in a row (lowercase letters, uppercase letters, digits or other characters), and it holds 3 from position 2. Put a character of another class in between."
    );
    assert_eq!(
        diagnostic.message(Locale::ZhCn),
        "密码中同一类字符（小写字母、大写字母、数字或其他字符）不能连续超过 2 个，当前从第 2 位起连续 3 个。请在其间插入其他类别的字符。"
    );
    let checklist = linux.checklist(Some(&Password::new("Xab1!Y2@z")), None);
    let line = checklist
        .requirements()
        .iter()
        .find(|r| r.rule().id() == RuleId::PasswordClassRepeat)
        .expect("a checklist line");
    assert_eq!(line.is_met(), Some(true));
    assert_eq!(
        line.message(Locale::En),
        "No more than 2 characters of one class in a row (lowercase letters, uppercase letters, digits, other characters)"
    );
    assert_eq!(
        line.message(Locale::ZhCn),
        "同一类字符（小写字母、大写字母、数字、其他字符）连续不超过 2 个"
    );
}
