//! Data-driven vectors: the spec's worked examples (section 13) and the wire-form
//! edge cases, one row per line of `tests/vectors/*.tsv`, driven by one test each.
//!
//! Row format (tab-separated): `profile  os  facts  input  expected`
//! - `profile`: `legacy-2017` or `api3`, optionally with its password rules
//!   replaced: `api3+rules:login-settings` (a built-in rule set) or
//!   `api3+policy:NAME.json` (a policy file of `tests/vectors/policies/`);
//! - `os`: `-` (unknown) or a comma-separated list of families;
//! - `facts`: `-` or inline `DescribeInstances` JSON;
//! - `input`: the request as sent; `\xNN` is a raw byte, `\\` a backslash;
//! - `expected`: `valid`, or every diagnostic in order, separated by ` ; `, each
//!   `rule@field:code` (code `-` for a warning; field `-` for the whole input),
//!   optionally followed by a space and a JSON object whose keys must match the
//!   diagnostic's params.
#![cfg(feature = "serde")]

use cvm_rules::{Context, Facts, OsFamily, OsSet, PolicyFile, Profile, Request, RuleId, RuleSet};
use serde_json::Value;

pub(crate) struct Row {
    pub line: usize,
    /// The first three columns as written (profile, os, facts).
    pub columns: [String; 3],
    pub profile: Profile,
    pub os: OsSet,
    pub facts: Option<Facts>,
    pub input: Vec<u8>,
    expected: String,
}

impl Row {
    /// The row's context: its OS families and, when it has them, its facts.
    pub(crate) fn context(&self) -> Context<'_> {
        let ctx = Context::new().with_os(self.os);
        match &self.facts {
            Some(facts) => ctx.with_facts(facts),
            None => ctx,
        }
    }
}

fn unescape(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && bytes.get(i + 1) == Some(&b'x') && i + 3 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 2..i + 4]).expect("hex digits");
            out.push(u8::from_str_radix(hex, 16).expect("valid \\xNN"));
            i += 4;
        } else if bytes[i] == b'\\' && bytes.get(i + 1) == Some(&b'\\') {
            out.push(b'\\');
            i += 2;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    out
}

pub(crate) fn rows(file: &str) -> Vec<Row> {
    let path = format!("{}/tests/vectors/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("vector file");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(
                cols.len(),
                5,
                "{file}:{}: expected 5 tab-separated columns",
                i + 1
            );
            let os = match cols[1] {
                "-" => OsSet::UNKNOWN,
                list => list
                    .split(',')
                    .map(|f| f.parse::<OsFamily>().expect("family"))
                    .collect(),
            };
            let facts = match cols[2] {
                "-" => None,
                json => Some(Facts::from_json(json).expect("facts fixture")),
            };
            Row {
                line: i + 1,
                columns: [cols[0].into(), cols[1].into(), cols[2].into()],
                profile: profile(cols[0]),
                os,
                facts,
                input: unescape(cols[3]),
                expected: cols[4].to_string(),
            }
        })
        .collect()
}

/// The profile of the first column, with its rule set replaced when it says so.
fn profile(column: &str) -> Profile {
    let (base, replaced) = match column.split_once('+') {
        Some((base, rules)) => (base, Some(rules)),
        None => (column, None),
    };
    let profile = base.parse::<&Profile>().expect("profile id").clone();
    let rule_set = match replaced {
        None => return profile,
        Some(r) if r.starts_with("rules:") => {
            r[6..].parse::<&RuleSet>().expect("rule set id").clone()
        }
        Some(r) if r.starts_with("policy:") => {
            let dir = format!("{}/tests/vectors/policies", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(format!("{dir}/{}", &r[7..])).expect("policy file");
            PolicyFile::from_json(&text)
                .expect("policy file")
                .rule_set(|name| {
                    std::fs::read_to_string(format!("{dir}/{name}")).map_err(|e| e.to_string())
                })
                .expect("policy file's rules")
        }
        Some(other) => panic!("unknown profile variant {other}"),
    };
    profile.with_rule_set(rule_set).expect("a valid rule set")
}

/// `rule@field:code`, as the expected column writes a diagnostic.
fn describe(d: &cvm_rules::Diagnostic) -> String {
    let field = d.field().to_string();
    format!(
        "{}@{}:{}",
        d.rule(),
        if field.is_empty() { "-" } else { &field },
        d.code().unwrap_or("-")
    )
}

fn run(file: &str) {
    let mut failures = Vec::new();
    let rows = rows(file);
    assert!(!rows.is_empty());
    for row in &rows {
        let request = Request::parse(&row.input, &row.profile);
        let ctx = row.context();
        let report = request.validate(&ctx);
        // The report's checklist marks what checking the password again would.
        let checklist = report.checklist();
        match request.password_value() {
            Some(password) => assert_eq!(
                checklist,
                report
                    .policy()
                    .checklist(Some(password), request.user_name_value()),
                "{file}:{}: the report's checklist",
                row.line
            ),
            None => assert!(!checklist.is_checked(), "{file}:{}", row.line),
        }
        let actual: Vec<String> = report.diagnostics().iter().map(describe).collect();
        let expected: Vec<&str> = if row.expected == "valid" {
            Vec::new()
        } else {
            row.expected.split(" ; ").collect()
        };
        let mut ok = actual.len() == expected.len();
        if row.expected == "valid" && !report.is_valid() {
            ok = false;
        }
        for (d, want) in report.diagnostics().iter().zip(&expected) {
            let (head, params) = match want.split_once(' ') {
                Some((h, p)) => (h, Some(p)),
                None => (*want, None),
            };
            if describe(d) != head {
                ok = false;
            }
            if let Some(params) = params {
                let want: Value = serde_json::from_str(params).expect("params JSON");
                let have = serde_json::to_value(d.params()).expect("serialize");
                for (k, v) in want.as_object().expect("params object") {
                    if have.get(k) != Some(v) {
                        ok = false;
                    }
                }
            }
        }
        if !ok {
            let have: Vec<String> = report
                .diagnostics()
                .iter()
                .map(|d| {
                    format!(
                        "{} {}",
                        describe(d),
                        serde_json::to_string(d.params()).unwrap()
                    )
                })
                .collect();
            failures.push(format!(
                "{file}:{}: expected\n    {}\n  got\n    {}",
                row.line,
                row.expected,
                if have.is_empty() {
                    "valid".to_string()
                } else {
                    have.join(" ; ")
                }
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

/// Every vector file.
pub(crate) const FILES: [&str; 5] = [
    "spec-examples.tsv",
    "wire-form.tsv",
    "facts.tsv",
    "password-rules.tsv",
    "login-settings.tsv",
];

#[test]
fn password_rules_of_policy_files() {
    run("password-rules.tsv");
}

#[test]
fn login_settings_boundaries() {
    run("login-settings.tsv");
}

#[test]
fn spec_examples() {
    run("spec-examples.tsv");
}

#[test]
fn wire_form_edge_cases() {
    run("wire-form.tsv");
}

#[test]
fn instance_facts() {
    run("facts.tsv");
}

/// Every rule id appears in some vector with its field and code, so a wrong id,
/// code or field in the library fails a row.
#[test]
fn vectors_cover_every_rule_in_both_profiles() {
    let mut seen = std::collections::BTreeSet::new();
    for file in FILES {
        for row in rows(file) {
            for want in row.expected.split(" ; ") {
                if let Some((rule, _)) = want.split_once('@') {
                    seen.insert((row.profile.id().to_string(), rule.to_string()));
                }
            }
        }
    }
    let mut missing = Vec::new();
    for profile in Profile::ALL {
        for rule in RuleId::ALL {
            // Needs an input over 1 MiB: `tests/requests.rs` covers it in both profiles.
            if *rule == RuleId::InputTooLarge {
                continue;
            }
            // Not rules of the legacy profile (sections 4 and 19).
            let api3_only = [
                RuleId::PasswordContainsUsername,
                RuleId::PasswordRecommendedLength,
            ];
            if api3_only.contains(rule) && profile.id() == "legacy-2017" {
                continue;
            }
            if !seen.contains(&(profile.id().to_string(), rule.as_str().to_string())) {
                missing.push(format!("{} in {}", rule, profile.id()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no vector covers {}",
        missing.join(", ")
    );
}

/// Every diagnostic of every vector renders in both languages through its own
/// template (never the fallback), and states its bounds exactly.
#[test]
fn every_vector_diagnostic_has_a_message_in_both_languages() {
    use cvm_rules::{Locale, Params};
    for file in FILES {
        for row in rows(file) {
            let ctx = row.context();
            let report = Request::parse(&row.input, &row.profile).validate(&ctx);
            for d in report.diagnostics() {
                let en = d.message(Locale::En);
                let zh = d.message(Locale::ZhCn);
                let at = format!("{file}:{} {}", row.line, d.rule());
                assert!(
                    !en.contains("is not met") && !zh.contains("不满足规则"),
                    "{at}: fallback message"
                );
                assert!(en.ends_with('.') || en.ends_with('?'), "{at}: {en}");
                assert!(zh.ends_with('。') || zh.ends_with('？'), "{at}: {zh}");
                assert!(
                    zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{at}: {zh}"
                );
                if let Params::Range {
                    min, max, actual, ..
                } = d.params()
                {
                    for n in [max, actual] {
                        assert!(
                            en.contains(&n.to_string()) && zh.contains(&n.to_string()),
                            "{at}: {en} / {zh}"
                        );
                    }
                    if d.rule() != RuleId::UsernameLength {
                        assert!(en.contains(&format!("{min} to {max}")), "{at}: {en}");
                        assert!(zh.contains(&format!("{min} 到 {max}")), "{at}: {zh}");
                    }
                }
                let field = d.field().to_string();
                if !field.is_empty() && d.rule() != RuleId::PasswordContainsUsername {
                    // Chinese password messages say 密码 (password) rather than the field name.
                    assert!(en.contains(&field), "{at}: {en} does not name {field}");
                    assert!(
                        zh.contains(&field) || (field == "Password" && zh.contains("密码")),
                        "{at}: {zh} does not name {field}"
                    );
                }
            }
        }
    }
}
