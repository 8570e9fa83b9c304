//! The naive twin of the password check: one regex per class, written the way a
//! typical backend would, with no tables, no implication logic and no resolution.
//! It returns the ids of the failed rules under each family, and the union for a
//! batch; the fast check must agree with it on every input.
//!
//! Shared by `tests/` and the fuzz targets (`#[path]`-included).

#![allow(dead_code)]

use regex::Regex;
use std::collections::BTreeSet;
use std::sync::OnceLock;

const SPECIALS_2017: &str = "()~!@#$%^&*-+=_|{}[]:;'<>,.?/";

struct Twin {
    lower: Regex,
    upper: Regex,
    digit: Regex,
    special_2017: Regex,
    special_api3: Regex,
    alphabet_2017: Regex,
    alphabet_api3: Regex,
}

fn twin() -> &'static Twin {
    static TWIN: OnceLock<Twin> = OnceLock::new();
    TWIN.get_or_init(|| {
        let s2017 = regex::escape(SPECIALS_2017);
        let sapi3 = format!("{s2017}`");
        Twin {
            lower: Regex::new("[a-z]").unwrap(),
            upper: Regex::new("[A-Z]").unwrap(),
            digit: Regex::new("[0-9]").unwrap(),
            special_2017: Regex::new(&format!("[{s2017}]")).unwrap(),
            special_api3: Regex::new(&format!("[{sapi3}]")).unwrap(),
            alphabet_2017: Regex::new(&format!("^[a-zA-Z0-9{s2017}]*$")).unwrap(),
            alphabet_api3: Regex::new(&format!("^[a-zA-Z0-9{sapi3}]*$")).unwrap(),
        }
    })
}

/// The rule ids a password fails under one family (`linux`, `ubuntu`, `windows`)
/// of one profile (`legacy-2017`, `api3`).
pub fn failures(
    profile: &str,
    family: &str,
    password: &str,
    user_name: Option<&str>,
) -> BTreeSet<&'static str> {
    let t = twin();
    let api3 = profile == "api3";
    let windows = family == "windows";
    let (special, alphabet) = if api3 {
        (&t.special_api3, &t.alphabet_api3)
    } else {
        (&t.special_2017, &t.alphabet_2017)
    };
    let mut failed = BTreeSet::new();

    let len = password.chars().count();
    let (min, max) = match (api3, windows) {
        (false, false) => (8, 16),
        (false, true) => (12, 16),
        (true, false) => (8, 30),
        (true, true) => (12, 30),
    };
    if len < min || len > max {
        failed.insert("password.length");
    }
    // API 3.0 recommends 12 or more characters for Linux (a warning).
    if api3 && !windows && len < 12 {
        failed.insert("password.recommended_length");
    }

    let lower = t.lower.is_match(password);
    let upper = t.upper.is_match(password);
    let digit = t.digit.is_match(password);
    let spec = special.is_match(password);
    let classes = if !api3 && !windows {
        [lower || upper, digit, spec].iter().filter(|b| **b).count() >= 2
    } else {
        [lower, upper, digit, spec].iter().filter(|b| **b).count() >= 3
    };
    if !classes {
        failed.insert("password.classes");
    }

    if password.starts_with('/') {
        failed.insert("password.leading_slash");
    }
    if !alphabet.is_match(password) {
        failed.insert("password.charset");
    }
    if api3 && windows {
        let name = user_name.unwrap_or("Administrator");
        if name.chars().count() >= 3 && password.to_lowercase().contains(&name.to_lowercase()) {
            failed.insert("password.contains_username");
        }
    }
    failed
}

/// The union of the failures under every family of the batch (all families when
/// none is given: the OS is unknown).
pub fn batch_failures(
    profile: &str,
    families: &[&str],
    password: &str,
    user_name: Option<&str>,
) -> BTreeSet<&'static str> {
    let all = ["linux", "ubuntu", "windows"];
    let families = if families.is_empty() {
        &all[..]
    } else {
        families
    };
    let mut failed: BTreeSet<&'static str> = families
        .iter()
        .flat_map(|f| failures(profile, f, password, user_name))
        .collect();
    // A Windows instance's 12-character minimum holds the recommendation: a
    // batch with one is told the minimum, not the advice.
    if families.contains(&"windows") {
        failed.remove("password.recommended_length");
    }
    failed
}
