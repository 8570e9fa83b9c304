//! `PolicyFile::from_json` on arbitrary text, then `PolicyFile::rule_set` with
//! deny-list files read from the input (spec section 16).
//!
//! Oracles: a bad file is an error, never a panic, and its message is not empty
//! and shows no deny-list entry; `from_value` (the bindings' way, from parsed
//! JSON) accepts a value exactly when `from_json` accepts its text; a file's rule set gives a policy
//! for every OS set (a file whose rules accept nothing is refused when read); a
//! file only tightens: a password its policy accepts, for any OS set, the base
//! rule set's policy accepts too, checked on passwords generated from the file's
//! policy and on candidates taken from the input; and `accepts` agrees with a full
//! report, failure by failure: each failure's params are those of checking its
//! rule alone.

#![no_main]

use cvm_rules::{OsSet, Password, PolicyFile, Profile};
use libfuzzer_sys::fuzz_target;

mod common;

/// What every deny-list file holds here: no error may show it.
const FILE_ENTRY: &str = "Zq9!denylist-file-entry";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let depth = common::Depth::of(data);
    let file = PolicyFile::from_json(text);
    // The bindings read parsed JSON: a value is accepted exactly when its text is.
    // (Parsing to a value drops repeated keys, which `from_json` refuses, so the
    // value is compared with its own text, not with the input.)
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
        let from_text = PolicyFile::from_json(&value.to_string());
        let from_value = PolicyFile::from_value(value);
        assert_eq!(
            from_text.is_ok(),
            from_value.is_ok(),
            "from_json and from_value disagree: {:?} / {:?}",
            from_text.as_ref().err().map(ToString::to_string),
            from_value.as_ref().err().map(ToString::to_string)
        );
    }
    let file = match file {
        Ok(file) => file,
        Err(error) => {
            assert!(!error.to_string().is_empty());
            return;
        }
    };
    // A path starting with `missing` cannot be read; any other holds FILE_ENTRY.
    let rule_set = file.rule_set(|path| {
        if path.starts_with("missing") {
            Err("no such file".into())
        } else {
            Ok(format!("{FILE_ENTRY}\n\n{path}\n"))
        }
    });
    let rule_set = match rule_set {
        Ok(rule_set) => rule_set,
        Err(error) => {
            let message = error.to_string();
            assert!(!message.is_empty());
            assert!(
                !message.contains(FILE_ENTRY),
                "an error shows a deny-list entry: {message}"
            );
            return;
        }
    };
    let base = file.base();
    let half = (0..=text.len() / 2)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let candidates = [text, text.trim(), &text[..half]];
    let all: Vec<OsSet> = common::os_sets().map(|(os, _)| os).collect();
    for &os in depth.sample(&all, 0) {
        let Ok(policy) = rule_set.policy(os) else {
            panic!("a file's rule set refuses the OS set {os:?}");
        };
        let base_policy = base.policy(os).expect("a built-in rule set's policy");
        let mut passwords: Vec<String> = candidates.iter().map(|c| c.to_string()).collect();
        let mut rng = common::InputRng(depth.seed());
        if let Ok(generated) = policy.generate(&mut rng, None, None) {
            passwords.push(generated.expose().to_string());
        }
        for password in &passwords {
            let accepted = policy.accepts(password, None);
            if accepted {
                assert!(
                    base_policy.accepts(password, None),
                    "the file loosens {}'s policy for {os:?}",
                    base.id()
                );
            }
            let report =
                Profile::API3.check_password_with(&policy, &Password::new(password.as_str()), None);
            assert_eq!(
                report.is_valid(),
                accepted,
                "accepts and the report disagree"
            );
            // The compiled policy's failures (one scan, a failure table) are those
            // of checking each rule alone (`PasswordRule::check`), params included.
            assert_eq!(
                common::rules_and_params(&report.diagnostics()),
                common::failures_one_by_one(&policy, &Password::new(password.as_str()), None),
                "the report and the rules disagree"
            );
        }
    }
});
