//! The bindings' entry point (spec section 18): `Options` read from JSON, then
//! `check`, `explain` and `generate` through them, as JavaScript and Python call
//! them. Input: the options' JSON, a NUL byte, then the request body.
//!
//! Oracles: options that serde refuses are an error, never a panic; each call
//! gives an output or an `OptionsError` with a message; each output serializes to
//! a JSON object; `valid` is the report's verdict; `JsonLines` writes what
//! `serde_json` writes, the first time and when the policy is cached; the
//! generated passwords are as many as asked, and each, given back as the options'
//! password, meets every requirement of `explain` under the same options; a
//! single language tag the options accept negotiates (`Locale::negotiate`) to the
//! same locale; no output shows the options' password (a match by chance is told
//! from a leak by counting: with a password of the same shape in its place, the
//! old password occurs as often as before and the new one no more often).

#![no_main]

use cvm_rules::glue::{JsonLines, Options, OptionsError};
use cvm_rules::{Locale, Password};
use libfuzzer_sys::fuzz_target;

mod common;

/// The passwords shorter than this can appear in an output by chance too often
/// to be worth telling apart ("valid", "linux", a run of specials).
const LEAK_MIN_CHARS: usize = 6;

/// The outputs of every call, as JSON text (errors as their messages).
fn outputs(options: &Options, body: &[u8], seed: u64) -> Vec<String> {
    let mut texts = Vec::new();
    match options.check(body, |out| {
        let text = serde_json::to_string(out).expect("a check output serializes");
        let value: serde_json::Value = serde_json::from_str(&text).expect("it is JSON");
        assert_eq!(value["valid"], serde_json::Value::Bool(out.is_valid()));
        let mut lines = JsonLines::new();
        for _ in 0..2 {
            let mut written = Vec::new();
            lines
                .write(&mut written, out)
                .expect("JsonLines writes to memory");
            assert_eq!(
                written,
                format!("{text}\n").into_bytes(),
                "JsonLines differs"
            );
        }
        text
    }) {
        Ok(text) => texts.push(text),
        Err(error) => texts.push(message(&error)),
    }
    match options.explain(|out| serde_json::to_string(out).expect("an explain output serializes")) {
        Ok(text) => texts.push(text),
        Err(error) => texts.push(message(&error)),
    }
    let mut rng = common::InputRng(seed);
    match options.generate(&mut rng, |out| {
        assert_eq!(out.passwords().len(), options.count.unwrap_or(1) as usize);
        serde_json::to_string(out).expect("a generate output serializes");
        out.passwords().to_vec()
    }) {
        // The generated passwords are the output's purpose: that output is not
        // searched for the options' password; each password meets the requirements.
        Ok(passwords) => {
            for password in passwords.into_iter().take(4) {
                let mut again = options.clone();
                again.password = Some(password);
                let met = again
                    .explain(|out| out.is_met())
                    .expect("options that generate also explain");
                assert!(met, "a generated password does not meet its requirements");
            }
        }
        Err(error) => texts.push(message(&error)),
    }
    texts
}

fn message(error: &OptionsError) -> String {
    let text = error.to_string();
    assert!(!text.is_empty(), "an error without a message: {error:?}");
    text
}

fuzz_target!(|data: &[u8]| {
    let (head, body) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let Ok(head) = std::str::from_utf8(head) else {
        return;
    };
    let options = match Options::from_json(head) {
        Ok(options) => options,
        Err(error) => {
            message(&error);
            return;
        }
    };
    // The web form negotiates `lang` from Accept-Language: one tag that the
    // options accept negotiates to the same locale.
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_str(head)
        && let Some(serde_json::Value::String(lang)) = map.get("lang")
        && !lang.contains([',', ';'])
    {
        let parsed = options.lang.expect("a lang the options accept is read");
        assert_eq!(Locale::negotiate(lang), parsed, "{lang:?}");
    }
    let depth = common::Depth::of(data);
    let texts = outputs(&options, body, depth.seed());
    let Some(secret) = options.password.as_ref().map(|p| p.expose().to_string()) else {
        return;
    };
    if secret.chars().count() < LEAK_MIN_CHARS || !texts.iter().any(|t| t.contains(&secret)) {
        return;
    }
    // Chance or leak: with a password (and user name) of the same shape, the
    // original password must appear as often as before (the input may hold its
    // text elsewhere, in an instance id the report shows, say) and the new one no
    // more often than in the first outputs. Counts, not the whole text: a swapped
    // password may change a verdict (it may be on the options' deny-list, say).
    let mut shifted = options.clone();
    let shifted_secret = common::same_shape(&secret);
    shifted.password = Some(Password::from(shifted_secret.clone()));
    shifted.user_name = options.user_name.as_deref().map(common::same_shape);
    let shifted_texts = outputs(&shifted, body, depth.seed());
    assert_eq!(
        occurrences(&texts, &secret),
        occurrences(&shifted_texts, &secret),
        "an output holds the options' password"
    );
    assert_eq!(
        occurrences(&texts, &shifted_secret),
        occurrences(&shifted_texts, &shifted_secret),
        "an output holds the options' password"
    );
});

/// How many times `needle` occurs in the texts (overlaps not counted).
fn occurrences(texts: &[String], needle: &str) -> usize {
    texts.iter().map(|text| text.matches(needle).count()).sum()
}
