//! Every input a fuzz target (`fuzz/`) found a failure with, replayed.
//!
//! The inputs live in `tests/fuzz-regressions/<target>/`, as the target read them;
//! each target directory is replayed through the oracle of that target (the
//! targets without a finding yet, `facts` among them, have no directory). Each
//! library fix also has a named test that states the case in plain values.

use crate::support::twin;

use crate::support::fuzz_input;

use fuzz_input::{os_sets, split_password_input};

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use cvm_rules::{
    Context, Facts, OsFamily, OsSet, Password, PasswordReport, Profile, Report, Request, RuleId,
    Severity,
};

/// The inputs stored for one fuzz target, by file name. A target replayed here
/// has found something: its folder missing or empty is a failure, not a pass.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-regressions")
        .join(target);
    let entries = fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut inputs: Vec<_> = entries
        .map(|e| e.expect("a readable directory entry").path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&p).expect("a readable input"))
        })
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no input in {}", dir.display());
    inputs
}

fn failed(report: &PasswordReport) -> BTreeSet<&'static str> {
    report
        .diagnostics()
        .iter()
        .map(|d| d.rule().as_str())
        .collect()
}

/// The `password` target's oracle: the fast check fails the same rules as the twin.
fn assert_agrees_with_twin(password: &str, user_name: Option<&str>) {
    for profile in Profile::ALL {
        for (os, families) in os_sets() {
            for name in [None, user_name] {
                let report = profile.check_password(&Password::new(password), os, name);
                assert_eq!(
                    failed(&report),
                    twin::batch_failures(profile.id(), &families, password, name),
                    "profile {}, os {families:?}, user name of {:?} characters",
                    profile.id(),
                    name.map(|n| n.chars().count()),
                );
            }
        }
    }
}

/// The request targets' oracle: sorted by the documented key (read from the
/// names the fields show, as the fuzz targets read it), `first_error` first.
fn assert_report_invariants(report: &Report) {
    let key = |d: &cvm_rules::Diagnostic| (fuzz_input::field_key(d.field()), d.rule());
    let diagnostics = report.diagnostics();
    assert!(diagnostics.windows(2).all(|w| key(&w[0]) <= key(&w[1])));
    assert_eq!(
        report.first_error(),
        diagnostics.iter().find(|d| d.severity() == Severity::Error)
    );
}

#[test]
fn password_inputs_agree_with_the_twin() {
    for (file, data) in inputs("password") {
        let Some((password, user_name)) = split_password_input(&data) else {
            continue;
        };
        eprintln!("replaying password/{file}");
        assert_agrees_with_twin(&password, user_name.as_deref());
    }
}

#[test]
fn request_inputs_keep_the_report_invariants() {
    // The targets with a finding.
    for target in ["json", "query"] {
        for (file, data) in inputs(target) {
            eprintln!("replaying {target}/{file}");
            for profile in Profile::ALL {
                let request = match target {
                    "query" => Request::from_query(&data, profile),
                    _ => Request::from_json(&data, profile),
                };
                for (os, _) in os_sets() {
                    assert_report_invariants(&request.validate(&Context::new().with_os(os)));
                }
            }
        }
    }
}

/// `password` target: a user name longer than 256 characters was never looked for
/// (the crate skipped such names to keep the search cheap), so a password holding
/// it passed `password.contains_username` where the twin — and section 4, which
/// sets no upper bound — fail it. Found with 458 U+FFFD characters and a 381-character
/// tail of them as the user name (`tests/fuzz-regressions/password/long-user-name-inside-password`).
/// The search is now linear for names of any length.
#[test]
fn long_user_name_inside_the_password_is_found() {
    let windows = OsSet::only(OsFamily::Windows);
    let cases = [
        ("\u{FFFD}".repeat(458), "\u{FFFD}".repeat(381)),
        (format!("aB3!{}", "N".repeat(300)), "n".repeat(257)),
        (format!("{}x", "ab".repeat(600)), "AB".repeat(500)),
    ];
    for (password, name) in &cases {
        let report =
            Profile::API3.check_password(&Password::new(password.as_str()), windows, Some(name));
        assert!(
            report
                .diagnostics()
                .iter()
                .any(|d| d.rule() == RuleId::PasswordContainsUsername),
            "a {}-character name inside the password",
            name.chars().count()
        );
        assert_agrees_with_twin(password, Some(name));
    }
    // Through a request too (where the name also fails `username.length`).
    let query = format!(
        "InstanceIds.0=ins-r8hr2upy&Password=aB3!{}&UserName={}",
        "N".repeat(300),
        "n".repeat(257)
    );
    let report = Request::from_query(query.as_bytes(), Profile::API3).validate(&Context::new());
    let rules: Vec<RuleId> = report.diagnostics().iter().map(|d| d.rule()).collect();
    assert!(rules.contains(&RuleId::PasswordContainsUsername));
    assert!(rules.contains(&RuleId::UsernameLength));
    // A long name the password does not hold is still not reported.
    let report = Profile::API3.check_password(
        &Password::new(format!("aB3!{}", "N".repeat(300))),
        windows,
        Some(&"m".repeat(257)),
    );
    assert!(!failed(&report).contains("password.contains_username"));
}

/// The `structured` target's round trip: a request without wire problems, written
/// back in the query form and read again, gives the same diagnostics on the same
/// fields.
#[cfg(feature = "arbitrary")]
#[test]
fn structured_inputs_survive_a_round_trip() {
    use arbitrary::{Arbitrary, Unstructured};
    for (file, data) in inputs("structured") {
        eprintln!("replaying structured/{file}");
        let mut u = Unstructured::new(&data);
        let Ok((request, os, facts)) =
            <(Request<'static, 'static>, OsSet, Option<Facts>)>::arbitrary(&mut u)
        else {
            continue;
        };
        let mut ctx = Context::new().with_os(os);
        if let Some(facts) = &facts {
            ctx = ctx.with_facts(facts);
        }
        assert_report_invariants(&request.validate(&ctx));
        if request.wire_diagnostics().is_empty() {
            let query = request.to_query_exposing_password();
            let back = Request::from_query(query.as_bytes(), request.profile());
            let shape = |r: &Request<'_, '_>| -> Vec<(String, RuleId)> {
                r.validate(&Context::new())
                    .diagnostics()
                    .iter()
                    .filter(|d| d.rule() != RuleId::ForceStopValue)
                    .filter(|d| {
                        !matches!(
                            d.field(),
                            cvm_rules::Field::Action | cvm_rules::Field::Version
                        )
                    })
                    .map(|d| (d.field().to_string(), d.rule()))
                    .collect()
            };
            assert_eq!(shape(&request), shape(&back), "{query}");
        }
    }
}

/// `structured` target: a legacy request numbered from 0 (`InstanceIds.0`), written
/// back by `to_query_exposing_password`, was renumbered from 1, so its diagnostics
/// named other items. The items keep the request's own first index now.
#[test]
fn a_zero_based_legacy_request_keeps_its_numbering_when_written_back() {
    let query = "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.0=ins-r8hr2upy&InstanceIds.1=&InstanceIds.2=";
    let request = Request::from_query(query.as_bytes(), Profile::LEGACY_2017);
    let again = request.to_query_exposing_password();
    assert!(
        again.contains("InstanceIds.0=ins-r8hr2upy&InstanceIds.1=&InstanceIds.2="),
        "{again}"
    );
    let fields = |r: &Request<'_, '_>| -> Vec<String> {
        r.validate(&Context::new())
            .diagnostics()
            .iter()
            .map(|d| d.field().to_string())
            .collect()
    };
    let back = Request::from_query(again.as_bytes(), Profile::LEGACY_2017);
    assert_eq!(fields(&request), fields(&back));
    assert!(fields(&request).contains(&"InstanceIds.2".to_string()));
    // A request built in code is numbered from 1 in legacy-2017.
    let built = Request::new(Profile::LEGACY_2017).with_instance_id("ins-r8hr2upy");
    assert!(
        built
            .to_query_exposing_password()
            .contains("InstanceIds.1=ins-r8hr2upy")
    );
}

/// `query` target: `InstanceIds=…` (the array's name without an index) is an
/// item with a malformed index and shows the bare name; the fuzz oracle took
/// every item to show `InstanceIds.<index>` and panicked
/// (`tests/fuzz-regressions/query/bare-instance-ids-item`). The library was right.
#[test]
fn an_item_without_an_index_shows_the_bare_array_name() {
    let report =
        Request::from_query(b"InstanceIds=ins-r8hr2upy", Profile::API3).validate(&Context::new());
    let item = report
        .diagnostics()
        .iter()
        .find(|d| matches!(d.field(), cvm_rules::Field::InstanceId { .. }))
        .expect("a diagnostic on the item");
    assert_eq!(item.field().to_string(), "InstanceIds");
    assert_eq!(fuzz_input::field_key(item.field()), (4, 0));
}

#[test]
fn a_value_nested_past_the_json_limit_is_a_syntax_error() {
    // Found by the `json` target after the reader stopped building `Value`s:
    // values it skips must still count their nesting (serde_json's limit is 128).
    for depth in [100, 200] {
        let body = format!(
            r#"{{"InstanceIds":["ins-r8hr2upy"],"Foo":{}{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let report = Request::from_json(body.as_bytes(), Profile::API3).validate(&Context::new());
        let refused = report
            .diagnostics()
            .iter()
            .any(|d| d.rule() == RuleId::InputSyntax);
        assert_eq!(refused, depth > 127, "depth {depth}");
    }
    let stored = inputs("json");
    let (_, data) = stored
        .iter()
        .find(|(name, _)| name == "deep-nesting-in-an-unknown-value")
        .expect("the stored input");
    let report = Request::from_json(data, Profile::API3).validate(&Context::new());
    assert_eq!(report.diagnostics()[0].rule(), RuleId::InputSyntax);
}

/// `options` target: its leak oracle stopped on a password that an output showed
/// only because the request body holds the same text (in an instance id the report
/// shows), and whose same-shape swap left the deny-list the options name, so one
/// requirement's `met` changed and the outputs differed
/// (`tests/fuzz-regressions/options/same-shape-password-on-the-denylist`). Not a
/// leak: the oracle now counts the password's occurrences instead.
#[test]
fn options_inputs_show_the_password_only_where_the_body_holds_it() {
    use cvm_rules::glue::Options;
    for (file, data) in inputs("options") {
        eprintln!("replaying options/{file}");
        let at = data
            .iter()
            .position(|&b| b == 0)
            .expect("options, NUL, body");
        let head = std::str::from_utf8(&data[..at]).expect("UTF-8 options");
        let body = &data[at + 1..];
        let options = Options::from_json(head).expect("the stored options are valid");
        let secret = options.password.as_ref().expect("a password").expose();
        let check = options
            .check(body, |out| serde_json::to_string(out).expect("JSON"))
            .expect("a check output");
        let explain = options
            .explain(|out| serde_json::to_string(out).expect("JSON"))
            .expect("an explain output");
        let in_body = String::from_utf8_lossy(body).matches(secret).count();
        assert!(in_body > 0, "the body holds the password's text");
        assert_eq!(check.matches(secret).count(), in_body);
        assert_eq!(explain.matches(secret).count(), 0);
        assert!(explain.contains(r#""rule":"password.denylist","severity":"error","params":{},"message":"Not a common, leaked or banned password","met":false"#));
    }
}
