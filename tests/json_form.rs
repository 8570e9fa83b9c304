//! The JSON form of a request (the API 3.0 body), value type by value type:
//! what each JSON type reads as, for each parameter and for the items of
//! `InstanceIds`, and how the body's limits and syntax errors are reported.

use cvm_rules::glue::{MAX_INPUT_BYTES, MAX_PARAMS};
use cvm_rules::{Context, Facts, Field, Params, Profile, Request, RuleId};

/// The diagnostics of a JSON body, as `rule@field` in report order.
fn diagnostics(body: &str, profile: &'static Profile, ctx: &Context<'_>) -> String {
    let report = Request::from_json(body.as_bytes(), profile).validate(ctx);
    let shown: Vec<String> = report
        .diagnostics()
        .iter()
        .map(|d| format!("{}@{}", d.rule(), d.field()))
        .collect();
    shown.join(" ")
}

fn both(body: &str) -> String {
    let legacy = diagnostics(body, Profile::LEGACY_2017, &Context::new());
    let api3 = diagnostics(body, Profile::API3, &Context::new());
    assert_eq!(legacy, api3, "{body}");
    legacy
}

/// Whether `params` are those of input too large, with `bytes` and `params` counted.
fn too_large(found: &Params, bytes: usize, params: usize) -> bool {
    matches!(found, Params::TooLarge { max_bytes, max_params, bytes: b, params: p, .. }
        if (*max_bytes, *max_params, *b, *p) == (MAX_INPUT_BYTES, MAX_PARAMS, bytes, params))
}

const INVALID: &str =
    "instance.running_without_force_stop@InstanceIds.0 force_stop.value@ForceStop";

const MISSING: &str = "param.missing@InstanceIds param.missing@Password";

#[test]
fn a_top_level_value_of_any_other_type_is_one_type_error() {
    for body in [
        "true",
        "false",
        "3",
        "-3",
        "1.5",
        "null",
        "\"Abc123!xyz\"",
        "[1, [2], {}]",
    ] {
        for profile in Profile::ALL {
            let report = Request::from_json(body.as_bytes(), profile).validate(&Context::new());
            assert_eq!(report.diagnostics().len(), 1, "{body}");
            let d = &report.diagnostics()[0];
            assert_eq!(d.rule(), RuleId::ParamType, "{body}");
            assert_eq!(d.field(), &Field::Input, "{body}");
        }
    }
}

#[test]
fn a_string_parameter_of_another_type_is_a_type_error_and_null_or_empty_is_absent() {
    for value in ["true", "5", "-5", "2.5", "[\"a\"]", "{\"a\": 1}"] {
        let body = format!("{{\"Version\": {value}, \"Password\": {value}}}");
        assert_eq!(
            both(&body),
            "param.type@Version param.missing@InstanceIds param.type@Password",
            "{value}"
        );
    }
    for value in ["null", "\"\""] {
        let body = format!("{{\"Action\": {value}, \"Password\": {value}}}");
        assert_eq!(both(&body), MISSING, "{value}");
    }
}

#[test]
fn instance_ids_items_that_are_not_strings_are_type_errors_at_their_index() {
    let body = r#"{"InstanceIds": [true, 1, -1, 1.5, null, [], {"a": [1]}, "ins-r8hr2upy", "ins-\u0072\u0038hr2upy"], "Password": "Abc123!xyzQW"}"#;
    let types = |base: usize| -> Vec<String> {
        (base..base + 7)
            .map(|i| format!("param.type@InstanceIds.{i}"))
            .collect()
    };
    // The escaped id is the same id: a duplicate.
    let legacy = format!(
        "{} instance_ids.duplicate@InstanceIds.9",
        types(1).join(" ")
    );
    let api3 = format!(
        "{} instance_ids.duplicate@InstanceIds.8",
        types(0).join(" ")
    );
    assert_eq!(
        diagnostics(body, Profile::LEGACY_2017, &Context::new()),
        legacy
    );
    assert_eq!(diagnostics(body, Profile::API3, &Context::new()), api3);
}

#[test]
fn instance_ids_of_another_type_are_one_type_error_and_null_is_absent() {
    for value in ["\"ins-r8hr2upy\"", "{}", "3", "true"] {
        let body = format!("{{\"InstanceIds\": {value}, \"Password\": \"Abc123!xyzQW\"}}");
        assert_eq!(both(&body), "param.type@InstanceIds", "{value}");
    }
    assert_eq!(both(r#"{"InstanceIds": null, "Password": null}"#), MISSING);
    assert_eq!(both(r#"{"InstanceIds": [], "Password": null}"#), MISSING);
}

#[test]
fn force_stop_is_a_boolean_and_null_or_empty_is_absent() {
    let running = Facts::from_json(
        r#"[{"InstanceId": "ins-r8hr2upy", "InstanceState": "RUNNING", "OsName": "CentOS 7.9"}]"#,
    )
    .unwrap();
    let ctx = Context::new().with_facts(&running);
    let body = |force_stop: &str| {
        format!(
            r#"{{"InstanceIds": ["ins-r8hr2upy"], "Password": "Abc123!xyzQW", "ForceStop": {force_stop}}}"#
        )
    };
    let cases = [
        ("true", ""),
        ("false", "instance.running_soft_stop@InstanceIds.0"),
        ("null", "instance.running_without_force_stop@InstanceIds.0"),
        ("\"\"", "instance.running_without_force_stop@InstanceIds.0"),
        // A value that is not a boolean is refused, and is no ForceStop.
        ("\"TRUE\"", INVALID),
        ("1", INVALID),
        ("[]", INVALID),
        ("{}", INVALID),
    ];
    for (value, expected) in cases {
        let shown = diagnostics(&body(value), Profile::API3, &ctx);
        assert_eq!(shown, expected, "ForceStop: {value}");
    }
}

#[test]
fn a_repeated_key_is_reported_once_and_the_first_value_is_kept() {
    let body = r#"{"ForceStop": true, "ForceStop": 7, "InstanceIds": ["ins-r8hr2upy"], "InstanceIds": 3, "Password": "Abc123!xyzQW"}"#;
    // (A report lists its diagnostics in the order of the request's fields.)
    assert_eq!(
        both(body),
        "param.repeated@InstanceIds param.repeated@ForceStop"
    );
}

#[test]
fn keys_are_read_with_their_escapes_and_unknown_ones_keep_their_order() {
    let body = r#"{"Foo": {"a": [1, {"b": null}, true, 2.5, -1, "x"]}, "Pass\u0077ord": "Abc123!xyzQW", "InstanceIds": ["ins-r8hr2upy"], "B": 1, "A": [2], "9x": 3}"#;
    assert_eq!(
        both(body),
        "param.unknown@Foo param.unknown@B param.unknown@A param.unknown@#6"
    );
}

#[test]
fn a_syntax_error_keeps_only_its_place() {
    for (body, line, column) in [
        ("{\"a\":1} x", 1, 9),
        ("{\n\"Password\": \"abc", 2, 16),
        ("", 1, 0),
    ] {
        let report = Request::from_json(body.as_bytes(), Profile::API3).validate(&Context::new());
        assert_eq!(report.diagnostics().len(), 1, "{body:?}");
        let d = &report.diagnostics()[0];
        assert_eq!(d.rule(), RuleId::InputSyntax, "{body:?}");
        let place = matches!(d.params(), Params::Syntax { line: l, column: c, .. } if (*l, *c) == (line, column));
        assert!(place, "{body:?}: {:?}", d.params());
    }
}

#[test]
fn parameters_are_counted_with_the_items_of_arrays() {
    let ids = |n: usize| {
        (0..n)
            .map(|i| format!("\"ins-{i:08}\""))
            .collect::<Vec<_>>()
            .join(",")
    };
    // The key and its items: MAX_PARAMS in all is read.
    let at_limit = format!(r#"{{"InstanceIds": [{}]}}"#, ids(MAX_PARAMS - 1));
    let report = Request::from_json(at_limit.as_bytes(), Profile::API3).validate(&Context::new());
    assert!(
        report
            .diagnostics()
            .iter()
            .all(|d| d.rule() != RuleId::InputTooLarge)
    );
    let over = format!(
        r#"{{"Password": "x", "InstanceIds": [{}]}}"#,
        ids(MAX_PARAMS - 1)
    );
    let report = Request::from_json(over.as_bytes(), Profile::API3).validate(&Context::new());
    assert_eq!(report.diagnostics().len(), 1);
    assert!(too_large(
        report.diagnostics()[0].params(),
        over.len(),
        MAX_PARAMS + 1
    ));
    // A syntax error after exactly MAX_PARAMS parameters is a syntax error.
    let cut = format!(r#"{{"InstanceIds": [{}]"#, ids(MAX_PARAMS - 1));
    let report = Request::from_json(cut.as_bytes(), Profile::API3).validate(&Context::new());
    assert_eq!(report.diagnostics()[0].rule(), RuleId::InputSyntax);
    // Scalars count one each.
    let keys = (0..=MAX_PARAMS)
        .map(|i| format!("\"K{i}\": 1"))
        .collect::<Vec<_>>()
        .join(",");
    let report = Request::from_json(format!("{{{keys}}}").as_bytes(), Profile::API3)
        .validate(&Context::new());
    assert_eq!(report.diagnostics()[0].rule(), RuleId::InputTooLarge);
}

#[test]
fn a_body_over_the_byte_limit_is_refused_before_it_is_read() {
    let mut body = b"{".to_vec();
    body.resize(MAX_INPUT_BYTES + 1, b' ');
    let report = Request::from_json(&body, Profile::API3).validate(&Context::new());
    assert_eq!(report.diagnostics().len(), 1);
    assert!(too_large(
        report.diagnostics()[0].params(),
        MAX_INPUT_BYTES + 1,
        0
    ));
    // At the limit the body is read (and its syntax error found).
    body.truncate(MAX_INPUT_BYTES);
    let report = Request::from_json(&body, Profile::API3).validate(&Context::new());
    assert_eq!(report.diagnostics()[0].rule(), RuleId::InputSyntax);
}

#[test]
fn the_json_writer_gives_the_api3_body_from_the_parameter_list() {
    // Strings escaped as JSON (quotes, backslashes, control characters), non-ASCII
    // as it is; `Action` and `Version` are headers in API 3.0, not in the body.
    let built = Request::new(Profile::API3)
        .with_action("ResetInstancesPassword")
        .with_version("2017-03-12")
        .with_instance_ids(["ins-r8hr2upy", "ins-5d8a23rs"])
        .with_password("a\"b\\c\td 中+%&=")
        .with_user_name("管理员")
        .with_force_stop(false);
    let body = built.to_json_exposing_password();
    assert_eq!(
        body,
        r#"{"InstanceIds":["ins-r8hr2upy","ins-5d8a23rs"],"Password":"a\"b\\c\td 中+%&=","UserName":"管理员","ForceStop":false}"#
    );
    let again = Request::from_json(body.as_bytes(), Profile::API3);
    assert!(again.wire_diagnostics().is_empty());
    assert!(again.password_value() == built.password_value());
    assert_eq!(again.user_name_value(), Some("管理员"));
    assert_eq!(again.force_stop_value(), Some(false));
    // Only what the request has.
    assert_eq!(
        Request::new(Profile::API3).to_json_exposing_password(),
        "{}"
    );
    assert_eq!(
        Request::new(Profile::LEGACY_2017)
            .with_password("abc123ABC!@#")
            .to_json_exposing_password(),
        r#"{"Password":"abc123ABC!@#"}"#
    );
    // Read requests too: an unreadable item is `null` in its place (and read back
    // as the same type error), a `ForceStop` that is not a Boolean is left out.
    let read = Request::from_json(
        br#"{"Action":"ResetInstancesPassword","InstanceIds":["ins-r8hr2upy",7],"ForceStop":"yes"}"#,
        Profile::API3,
    );
    let body = read.to_json_exposing_password();
    assert_eq!(body, r#"{"InstanceIds":["ins-r8hr2upy",null]}"#);
    assert_eq!(
        diagnostics(&body, Profile::API3, &Context::new()),
        "param.type@InstanceIds.1 param.missing@Password"
    );
}

/// `Action` and `Version` are API 3.0 headers: the body leaves them out, a wrong
/// value included, so only the request itself reports it (validate first).
#[test]
fn the_json_writer_leaves_out_a_wrong_action_or_version_which_only_the_request_reports() {
    let built = Request::new(Profile::API3)
        .with_action("RunInstances")
        .with_version("2099-01-01")
        .with_instance_id("ins-r8hr2upy")
        .with_password("abc123ABC!@#");
    let rules: Vec<RuleId> = built
        .validate(&Context::new())
        .errors()
        .map(|d| d.rule())
        .collect();
    assert_eq!(rules, [RuleId::ActionValue, RuleId::VersionValue]);
    let body = built.to_json_exposing_password();
    assert_eq!(
        body,
        r#"{"InstanceIds":["ins-r8hr2upy"],"Password":"abc123ABC!@#"}"#
    );
    assert_eq!(diagnostics(&body, Profile::API3, &Context::new()), "");
}
