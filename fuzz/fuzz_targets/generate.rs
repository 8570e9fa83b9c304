//! `Policy::generate` under policies built from arbitrary rules: a built-in rule
//! set's policy for an OS set, alone or `and` a few rules of the caller's kinds
//! (length, classes, leading `/`, charset, deny-list, repeat, sequence, user
//! name), with a user name or none, at an arbitrary length or the default, from a
//! random-number generator seeded by the input.
//!
//! Oracles: a generated password has the generation length, uses only the
//! policy's alphabet, and passes every rule (`accepts`, each rule's own check, a
//! full report); `NoPassword` exactly when the exact count of passwords of that
//! length is zero (and the entropy is then `-inf`); `Exhausted` only when some
//! rule outside the counted ones (deny-list, repeat, sequence, user name) is
//! present; a policy that cannot be built is an error, never a panic.

#![no_main]

use arbitrary::{Arbitrary, Result, Unstructured};
use cvm_rules::{
    Class, ClassSet, CustomParams, CustomRule, GenerateError, Locale, OsSet, Params, Password,
    PasswordRule, Policy, Profile, RuleSet, Severity, Specials, Subject,
};
use libfuzzer_sys::fuzz_target;

mod common;

/// A caller's own rule: the password must not contain `banned`; a failure's params
/// hold the position and the password itself (which the report redacts).
struct Avoid {
    banned: char,
    warning: bool,
}

impl CustomRule for Avoid {
    fn id(&self) -> &'static str {
        "fuzz.avoid"
    }

    fn check(&self, subject: &Subject<'_>) -> Result<(), CustomParams> {
        let password = subject.password();
        let text = password.expose();
        match text.find(self.banned) {
            None => Ok(()),
            Some(at) => Err(CustomParams::new()
                .with("position", at)
                .with("echo", text.to_string())),
        }
    }

    fn message(&self, failure: &CustomParams, locale: Locale) -> Option<String> {
        let position = failure.get_uint("position")?;
        (locale == Locale::En).then(|| format!("no {:?} (at {position})", self.banned))
    }

    fn params(&self) -> CustomParams {
        CustomParams::new().with("banned", self.banned.to_string())
    }

    fn severity(&self) -> Severity {
        if self.warning {
            Severity::Warning
        } else {
            Severity::Error
        }
    }
}

/// A rule of one of the kinds a caller composes, with small parameters.
fn rule(u: &mut Unstructured<'_>) -> Result<PasswordRule> {
    let specials = |u: &mut Unstructured<'_>| -> Result<Specials> {
        let chosen: String = cvm_rules::Specials::API3
            .chars()
            .filter(|_| u.arbitrary::<bool>().unwrap_or(false))
            .collect();
        Ok(Specials::new(&chosen).expect("API3 specials are specials"))
    };
    Ok(match u.int_in_range(0..=9u8)? {
        0 => PasswordRule::Length {
            min: u.int_in_range(0..=40)?,
            max: u.int_in_range(0..=40)?,
        },
        1 => {
            let of: Vec<Class> = Class::ALL
                .into_iter()
                .filter(|_| u.arbitrary::<bool>().unwrap_or(false))
                .collect();
            PasswordRule::Classes {
                required: u.int_in_range(0..=5)?,
                of: ClassSet::of(&of),
                specials: specials(u)?,
            }
        }
        2 => PasswordRule::LeadingSlash,
        3 => PasswordRule::Charset {
            specials: specials(u)?,
        },
        4 => PasswordRule::denylist(Vec::<String>::arbitrary(u)?),
        5 => PasswordRule::Repeat {
            max: u.int_in_range(0..=4)?,
        },
        6 => PasswordRule::Sequence {
            max: u.int_in_range(0..=5)?,
        },
        8 => PasswordRule::ClassRepeat {
            max: u.int_in_range(0..=4)?,
        },
        7 => PasswordRule::custom(Avoid {
            banned: u.arbitrary()?,
            warning: u.arbitrary()?,
        }),
        _ => PasswordRule::ContainsUsername {
            min_name_chars: u.int_in_range(0..=4)?,
            default_for: *u.choose(&cvm_rules::OsFamily::ALL)?,
        },
    })
}

/// Whether the exact count leaves out a rule of `policy` (so drawing can fail
/// after the count says passwords exist).
fn has_uncounted_rule(policy: &Policy) -> bool {
    policy.rules().any(|r| {
        matches!(
            r,
            PasswordRule::Denylist(_)
                | PasswordRule::Repeat { .. }
                | PasswordRule::Sequence { .. }
                | PasswordRule::ClassRepeat { .. }
                | PasswordRule::ContainsUsername { .. }
                | PasswordRule::Custom(_)
        )
    })
}

fn run(u: &mut Unstructured<'_>) -> Result<()> {
    let rule_set = *u.choose(&RuleSet::ALL)?;
    let os = OsSet::arbitrary(u)?;
    let Ok(base) = rule_set.policy(os) else {
        panic!("a built-in rule set's policy is refused: {}", rule_set.id());
    };
    let extra: Vec<PasswordRule> = (0..u.int_in_range(0..=4u8)?)
        .map(|_| rule(u))
        .collect::<Result<_>>()?;
    let policy = if extra.is_empty() {
        base
    } else {
        match Policy::new(&extra).and_then(|p| base.and(&p)) {
            Ok(policy) => policy,
            // A combination that accepts nothing (or contradicts itself) is refused.
            Err(error) => {
                assert!(!error.to_string().is_empty());
                return Ok(());
            }
        }
    };
    let user_name: Option<String> = Option::arbitrary(u)?;
    let length: Option<usize> = if u.arbitrary()? {
        Some(u.int_in_range(0..=64)?)
    } else {
        None
    };
    let mut rng = common::InputRng(u.arbitrary()?);

    // An asked length outside the bounds is refused, never changed.
    let (min, max) = policy.length_bounds();
    let generation_length = match policy.generation_length(length) {
        Ok(l) => l,
        Err(error) => {
            assert_eq!(error, GenerateError::LengthOutOfBounds { min, max });
            assert!(length.is_some_and(|l| !(min..=max).contains(&l)));
            assert_eq!(
                policy.generate(&mut rng, length, user_name.as_deref()),
                Err(error)
            );
            return Ok(());
        }
    };
    assert!((min..=max).contains(&generation_length) || length.is_none());
    let count = policy.count_passwords(generation_length);
    match policy.generate(&mut rng, length, user_name.as_deref()) {
        Ok(password) => {
            let text = password.expose();
            assert_eq!(text.chars().count(), generation_length);
            assert_ne!(count, Some(0), "a password the count says cannot exist");
            assert!(
                policy.accepts(text, user_name.as_deref()),
                "generated but refused"
            );
            for r in policy.rules() {
                // Advice for a length: generation at a shorter asked length cannot
                // follow it, and does not try (SPEC 19).
                if let PasswordRule::RecommendedLength { min } = r {
                    if (generation_length as u64) < u64::from(*min) {
                        continue;
                    }
                }
                assert!(
                    r.check(&password, user_name.as_deref()).is_ok(),
                    "generated but refused by {}",
                    r.id()
                );
            }
            let report = Profile::API3.check_password_with(
                &policy,
                &Password::new(text),
                user_name.as_deref(),
            );
            assert!(report.is_valid(), "{:?}", report.diagnostics());
        }
        Err(GenerateError::NoPassword { length: l }) => {
            assert_eq!(l, generation_length);
            assert_eq!(count, Some(0));
            assert_eq!(policy.entropy(length).bits, f64::NEG_INFINITY);
        }
        Err(GenerateError::Exhausted { .. }) => {
            assert_ne!(count, Some(0));
            assert!(
                has_uncounted_rule(&policy),
                "drawing failed though every rule is counted"
            );
        }
        Err(other) => panic!("an unknown generation error: {other:?}"),
    }
    if let Some(candidate) = &user_name {
        failures_agree(&policy, candidate, None);
    }
    Ok(())
}

/// A password the policy may refuse (taken from the input): the report's
/// failures are those of checking each rule alone, in order, with the same
/// params (but a custom rule's, which the report redacts), and every message
/// renders in both locales. (The `password` and `options` targets look for leaks.)
fn failures_agree(policy: &Policy, candidate: &str, user_name: Option<&str>) {
    let password = Password::new(candidate);
    let one_by_one = common::failures_one_by_one(policy, &password, user_name);
    let report = Profile::API3.check_password_with(policy, &password, user_name);
    let reported: Vec<_> = report.diagnostics().into_iter().collect();
    assert_eq!(
        reported.len(),
        one_by_one.len(),
        "{reported:?} / {one_by_one:?}"
    );
    for (diagnostic, (id, params)) in reported.iter().zip(&one_by_one) {
        assert_eq!(diagnostic.rule(), *id);
        if !matches!(params, Params::Custom(_)) {
            assert_eq!(diagnostic.params(), params);
        }
        for locale in [Locale::En, Locale::ZhCn] {
            assert!(!diagnostic.message(locale).is_empty());
        }
    }
    assert_eq!(report.is_valid(), policy.accepts(candidate, user_name));
}

fuzz_target!(|data: &[u8]| {
    let _ = run(&mut Unstructured::new(data));
});
