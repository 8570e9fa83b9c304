//! `Profile::check_password` on arbitrary bytes, under every profile and OS set,
//! with and without a user name taken from the input.
//!
//! Oracles (the fast mode runs all but the no-leak check under one profile, OS set
//! and user name picked by the input, and everything on one input in 16; see
//! `common::Depth`): the failed rule ids equal the naive regex twin's
//! (`tests/support/twin.rs`); the params equal a naive reading of the password
//! (length in chars, classes found and missing, charset problems by grapheme
//! position and kind); `Policy::accepts` and the checklist agree with the
//! report; and no output (messages in both locales, `Debug`, the serialized
//! report and checklist) holds the password.

#![no_main]

use std::collections::BTreeSet;

use cvm_rules::parts::CharKind;
use cvm_rules::{
    Checklist, Class, Diagnostic, Locale, Localized, Params, Password, Profile, Report, Severity,
};
use libfuzzer_sys::fuzz_target;
use unicode_segmentation::UnicodeSegmentation;

#[path = "../../tests/support/twin.rs"]
mod twin;

mod common;

/// The params of each failure, read naively from the password (spec sections 4
/// and 8): the length in chars; the classes found and missing; the 1-based grapheme
/// clusters holding a character outside the alphabet, with the kind of the first
/// such character, at most 16 of them, and how many.
fn check_params(profile: &Profile, password: &str, report: &Report) {
    // The specials of the profile's rule set, as the spec lists them (written out
    // here, not taken from the crate: the oracle must not share its tables).
    let specials = match profile.id() {
        "api3" => "()~!@#$%^&*-+=_|{}[]:;'<>,.?/`",
        _ => "()~!@#$%^&*-+=_|{}[]:;'<>,.?/",
    };
    let allowed = |c: char| c.is_ascii_alphanumeric() || specials.contains(c);
    for d in report.diagnostics() {
        match d.params() {
            Params::Range {
                min, max, actual, ..
            } => {
                assert_eq!(*actual, password.chars().count() as u64);
                assert!(actual < min || actual > max);
            }
            Params::Classes {
                required,
                found,
                classes,
                missing,
                ..
            } => {
                let has = |class: Class| match class {
                    Class::Lower => password.chars().any(|c| c.is_ascii_lowercase()),
                    Class::Upper => password.chars().any(|c| c.is_ascii_uppercase()),
                    Class::Letter => password.chars().any(|c| c.is_ascii_alphabetic()),
                    Class::Digit => password.chars().any(|c| c.is_ascii_digit()),
                    Class::Special => password.chars().any(|c| specials.contains(c)),
                    other => panic!("a class this target does not know: {other:?}"),
                };
                let present: Vec<Class> = classes.iter().filter(|c| has(*c)).collect();
                assert_eq!(usize::from(*found), present.len());
                assert!(found < required);
                let absent: Vec<Class> = classes.iter().filter(|c| !has(*c)).collect();
                assert_eq!(missing.iter().collect::<Vec<_>>(), absent);
            }
            Params::Charset {
                positions,
                count,
                plus_hint,
                ..
            } => {
                let bad: Vec<(usize, CharKind)> = password
                    .graphemes(true)
                    .enumerate()
                    .filter_map(|(i, g)| {
                        let c = g.chars().find(|&c| !allowed(c))?;
                        let kind = if c.is_whitespace() {
                            CharKind::Whitespace
                        } else if c.is_control() {
                            CharKind::Control
                        } else if !c.is_ascii() {
                            CharKind::NonAscii
                        } else {
                            CharKind::Symbol
                        };
                        Some((i + 1, kind))
                    })
                    .collect();
                assert_eq!(*count, bad.len(), "charset count");
                let shown: Vec<(usize, CharKind)> = positions
                    .iter()
                    .map(|b| (b.position as usize, b.kind))
                    .collect();
                assert_eq!(shown, bad[..bad.len().min(16)], "charset positions");
                assert!(!plus_hint);
            }
            Params::AtLeast { min, actual, .. } => {
                // SPEC 19: "推荐使用12位以上密码", advice below 12 characters.
                assert_eq!(d.rule().as_str(), "password.recommended_length");
                assert_eq!((*min, *actual), (12, password.chars().count() as u64));
                assert!(actual < min);
            }
            Params::None | Params::ContainsUsername { .. } => {}
            other => panic!("password params of another shape: {other:?}"),
        }
    }
}

/// No output of `report` holds `password` (checked from 6 characters on). The
/// output of a valid report can hold a short password by chance ("actual",
/// "Password", a run of specials): when a password of the same shape gives the
/// very same diagnostics, the diagnostics cannot hold its text, and the match is
/// such a chance.
fn check_no_leak(
    profile: &'static Profile,
    os: cvm_rules::OsSet,
    password: &str,
    user_name: Option<&str>,
    report: &Report,
    checklist: &Checklist,
) {
    if password.chars().count() < 6 {
        return;
    }
    let mut out = common::render(report);
    out.push_str(&format!("{checklist:?}\n"));
    for locale in [Locale::En, Locale::ZhCn] {
        out.push_str(&serde_json::to_string(&Localized::new(checklist, locale)).unwrap());
        for r in checklist.requirements() {
            out.push_str(&r.message(locale));
        }
    }
    let escaped = serde_json::to_string(password).unwrap();
    let escaped = &escaped[1..escaped.len() - 1];
    if !out.contains(password) && !out.contains(escaped) {
        return;
    }
    let other = common::same_shape(password);
    assert_ne!(
        other, password,
        "the password appears in the output:\n{out}"
    );
    let other_name = user_name.map(common::same_shape);
    let again = profile.check_password(&Password::new(other.as_str()), os, other_name.as_deref());
    assert_eq!(
        &again.diagnostics()[..],
        report.diagnostics(),
        "the password appears in the output:\n{out}"
    );
}

fuzz_target!(|data: &[u8]| {
    let Some((password, user_name)) = common::split_password_input(data) else {
        return;
    };
    let depth = common::Depth::of(data);
    let secret = Password::new(password.as_str());
    let mut names = vec![None];
    if user_name.is_some() {
        names.push(user_name.as_deref());
    }
    let all = Profile::ALL;
    let os_sets: Vec<_> = common::os_sets().collect();
    let (profiles, os_sets, names) = (
        depth.sample(&all, 0),
        depth.sample(&os_sets, 1),
        depth.sample(&names, 2),
    );
    // Rendering is the slow part: once per distinct (profile, user name, diagnostics).
    let mut rendered: Vec<(&str, Option<&str>, Vec<Diagnostic>)> = Vec::new();
    for &profile in profiles {
        for (os, families) in os_sets {
            let os = *os;
            for &name in names {
                // The compact report, and the same outcome as a request's report.
                let compact = profile.check_password(&secret, os, name);
                let report = compact.clone().into_report();
                assert_eq!(compact.is_valid(), report.is_valid());
                assert_eq!(&compact.diagnostics()[..], report.diagnostics());
                let fast: BTreeSet<&str> = report
                    .diagnostics()
                    .iter()
                    .map(|d| d.rule().as_str())
                    .collect();
                let naive = twin::batch_failures(profile.id(), families, &password, name);
                assert_eq!(
                    fast,
                    naive,
                    "fast and twin disagree: profile {}, os {families:?}, user name {name:?}, password {password:?}",
                    profile.id()
                );

                // The same answer through the other entry points of a policy.
                let policy = profile.policy(os);
                assert_eq!(report.policy(), policy);
                assert_eq!(policy.accepts(&password, name), report.is_valid());
                let checklist = policy.checklist(Some(&secret), name);
                let unmet: BTreeSet<&str> = checklist
                    .requirements()
                    .iter()
                    .filter(|r| r.is_met() != Some(true))
                    .map(|r| r.id().as_str())
                    .collect();
                assert_eq!(unmet, fast, "the checklist disagrees with the report");
                assert_eq!(checklist.all_met(), report.is_valid());

                for d in report.diagnostics() {
                    assert_eq!(*d.field(), cvm_rules::Field::Password);
                    // The one password rule that advises rather than refuses (SPEC 19).
                    let advice = d.rule().as_str() == "password.recommended_length";
                    let expected = if advice {
                        Severity::Warning
                    } else {
                        Severity::Error
                    };
                    assert_eq!(d.severity(), expected, "{}", d.rule().as_str());
                }
                common::check_report(&report, 0);
                let seen = rendered
                    .iter()
                    .any(|(p, n, d)| *p == profile.id() && *n == name && d == report.diagnostics());
                if !seen {
                    check_params(profile, &password, &report);
                    if depth.full() {
                        check_no_leak(profile, os, &password, name, &report, &checklist);
                    }
                    rendered.push((profile.id(), name, report.into_diagnostics()));
                }
            }
        }
    }
});
