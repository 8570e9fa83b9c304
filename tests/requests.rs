//! Requests beyond the vector tables: hostile sizes, the JSON top level, facts
//! errors, accounts, and the API's guarantees.

use cvm_rules::glue::{MAX_INPUT_BYTES, MAX_PARAMS};
use cvm_rules::parts::ItemName;
use cvm_rules::{
    Context, Facts, FactsError, Field, InstanceFacts, InstanceState, Locale, OsFamily, OsSet,
    Params, Password, Profile, Report, Request, RequestForm, RuleId, Severity,
};

const BASE: &str = "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy";

fn check(input: &[u8], profile: &'static Profile) -> Report<'static> {
    Request::parse(input, profile).validate(&Context::new())
}

fn only_diagnostic<'r>(report: &'r Report<'_>) -> &'r cvm_rules::Diagnostic {
    assert_eq!(report.diagnostics().len(), 1, "{:?}", report.diagnostics());
    &report.diagnostics()[0]
}

#[test]
fn input_over_one_mib_is_refused_whole_in_both_profiles_and_forms() {
    for profile in Profile::ALL {
        let mut query = format!("{BASE}&Password=").into_bytes();
        query.resize(MAX_INPUT_BYTES + 1, b'a');
        let mut json = br#"{"Password":""#.to_vec();
        json.resize(MAX_INPUT_BYTES, b'a');
        json.extend_from_slice(br#""}"#);
        for input in [&query, &json] {
            let report = check(input, profile);
            let d = only_diagnostic(&report);
            assert_eq!(d.rule(), RuleId::InputTooLarge);
            assert_eq!(d.code(), Some("InvalidParameterValue"));
            assert_eq!(d.field(), &Field::Input);
            assert_eq!(d.field().to_string(), "");
            assert!(matches!(d.params(), Params::TooLarge { bytes, .. } if *bytes == input.len()));
        }
        // A query over 1 MiB with few parameters still counts them: 3 in BASE and
        // the password.
        let report = check(&query, profile);
        assert!(
            matches!(
                only_diagnostic(&report).params(),
                Params::TooLarge { params: 4, .. }
            ),
            "{:?}",
            report.diagnostics()
        );
        // Exactly 1 MiB is read.
        query.truncate(MAX_INPUT_BYTES);
        let report = check(&query, profile);
        assert!(
            report
                .diagnostics()
                .iter()
                .all(|d| d.rule() != RuleId::InputTooLarge)
        );
    }
}

#[test]
fn more_than_ten_thousand_parameters_are_refused_whole() {
    for profile in Profile::ALL {
        let query = "Foo=1&".repeat(MAX_PARAMS + 1);
        let report = check(query.as_bytes(), profile);
        let d = only_diagnostic(&report);
        assert_eq!(d.rule(), RuleId::InputTooLarge);
        assert!(
            matches!(d.params(), Params::TooLarge { params, max_params, .. } if *params == MAX_PARAMS + 1 && *max_params == MAX_PARAMS)
        );
        let query = "Foo=1&".repeat(MAX_PARAMS);
        let report = check(query.as_bytes(), profile);
        assert_eq!(report.warnings().count(), MAX_PARAMS);

        let items: Vec<String> = (0..MAX_PARAMS).map(|i| format!("\"ins-{i:08}\"")).collect();
        let json = format!(r#"{{"InstanceIds":[{}]}}"#, items.join(","));
        let d_report = check(json.as_bytes(), profile);
        assert_eq!(only_diagnostic(&d_report).rule(), RuleId::InputTooLarge);
    }
}

#[test]
fn a_json_body_that_is_not_an_object_is_a_type_error() {
    for (input, profile) in [
        (&b"[1,2]"[..], Profile::LEGACY_2017),
        (b"\"abc123ABC!@#\"", Profile::API3),
    ] {
        let report = Request::from_json(input, profile).validate(&Context::new());
        let d = only_diagnostic(&report);
        assert_eq!(d.rule(), RuleId::ParamType);
        assert_eq!(d.field(), &Field::Input);
        assert_eq!(d.code(), Some("InvalidParameterValue"));
    }
}

#[test]
fn deeply_nested_json_is_a_syntax_error_not_a_stack_overflow() {
    let mut json = String::from(r#"{"X":"#);
    json.push_str(&"[".repeat(100_000));
    let report = check(json.as_bytes(), Profile::API3);
    assert_eq!(only_diagnostic(&report).rule(), RuleId::InputSyntax);
}

#[test]
fn one_hundred_thousand_instance_ids_are_validated_linearly() {
    let ids: Vec<String> = (0..100_000u32).map(|i| format!("ins-{i:08x}")).collect();
    let request = Request::new(Profile::LEGACY_2017)
        .with_instance_ids(ids.iter().map(String::as_str))
        .with_password("abc123ABC!@#");
    let report = request.validate(&Context::new());
    let d = only_diagnostic(&report);
    assert_eq!(d.rule(), RuleId::InstanceIdsCount);
    assert!(matches!(
        d.params(),
        Params::Range {
            min: 1,
            max: 100,
            actual: 100_000,
            ..
        }
    ));

    // Every id twice, and malformed: one duplicate warning and one format error per repeat.
    let twice: Vec<String> = ids
        .iter()
        .chain(ids.iter())
        .map(|i| i.to_uppercase())
        .collect();
    let request = Request::new(Profile::LEGACY_2017)
        .with_instance_ids(twice.iter().map(String::as_str))
        .with_password("abc123ABC!@#");
    let report = request.validate(&Context::new());
    assert_eq!(
        report
            .diagnostics()
            .iter()
            .filter(|d| d.rule() == RuleId::InstanceIdsDuplicate)
            .count(),
        100_000
    );
    assert_eq!(
        report
            .diagnostics()
            .iter()
            .filter(|d| d.rule() == RuleId::InstanceIdFormat)
            .count(),
        200_000
    );
}

#[test]
fn a_one_mib_password_is_validated() {
    let password = "aA1!".repeat(1 << 18);
    assert_eq!(password.len(), 1 << 20);
    for profile in Profile::ALL {
        let report = Request::new(profile)
            .with_instance_id("ins-r8hr2upy")
            .with_password(password.as_str())
            .with_user_name("x".repeat(1 << 19))
            .validate(&Context::new());
        let rules: Vec<RuleId> = report.diagnostics().iter().map(|d| d.rule()).collect();
        assert_eq!(rules, [RuleId::PasswordLength, RuleId::UsernameLength]);
        assert!(
            matches!(report.diagnostics()[0].params(), Params::Range { actual, .. } if *actual == 1 << 20)
        );
    }
    // Every character bad: positions capped at 16, count exact.
    let bad = " ".repeat(1 << 20);
    let report = Profile::API3.check_password(&Password::new(bad.as_str()), OsSet::UNKNOWN, None);
    let (positions, count) = charset_params(&report.diagnostics());
    assert_eq!(positions.len(), 16);
    assert_eq!(count, 1 << 20);
    assert_eq!(positions[15].position, 16);
}

/// The positions and count of the report's `password.charset` diagnostic.
fn charset_params(
    diagnostics: &[cvm_rules::Diagnostic],
) -> (Vec<cvm_rules::parts::BadChar>, usize) {
    let charset = diagnostics
        .iter()
        .find(|d| d.rule() == RuleId::PasswordCharset)
        .expect("a charset diagnostic");
    match charset.params() {
        Params::Charset {
            positions, count, ..
        } => (positions.to_vec(), *count),
        other => panic!("unexpected params {other:?}"),
    }
}

#[test]
fn graphemes_are_counted_as_a_person_sees_them() {
    // "e" + combining acute is one grapheme of two chars; the flag is one grapheme of two chars.
    let password = "ab1e\u{301}cd\u{1F1E8}\u{1F1F3}x!";
    let report = Profile::LEGACY_2017.check_password(
        &Password::new(password),
        OsSet::only(OsFamily::Linux),
        None,
    );
    let (positions, count) = charset_params(&report.diagnostics());
    assert_eq!(count, 2);
    let places: Vec<u32> = positions.iter().map(|p| p.position).collect();
    assert_eq!(places, [4, 7]);
    // Length counts scalar values (11), not graphemes (9) or bytes (19).
    let length = Profile::LEGACY_2017.check_password(
        &Password::new(password),
        OsSet::only(OsFamily::Windows),
        None,
    );
    assert!(matches!(
        length.first_error().unwrap().params(),
        Params::Range { actual: 11, .. }
    ));
}

#[test]
fn facts_errors_say_where() {
    assert_eq!(
        Facts::from_json("{\n  \"InstanceSet\": [\n  }"),
        Err(FactsError::Syntax { line: 3, column: 3 })
    );
    assert_eq!(
        Facts::from_json(r#"{"Instances":[]}"#),
        Err(FactsError::Shape)
    );
    assert_eq!(Facts::from_json("42"), Err(FactsError::Shape));
    assert!(matches!(
        Facts::from_json(r#"[{"OsName":"CentOS"}]"#),
        Err(FactsError::Instance { index: 0, .. })
    ));
    // A state this crate does not know is read, not refused (spec section 19).
    let facts = Facts::from_json(r#"[{"InstanceId":"ins-r8hr2upy","InstanceState":"FLYING"}]"#);
    assert_eq!(
        facts.unwrap().get("ins-r8hr2upy").unwrap().state,
        Some(InstanceState::Unknown("FLYING".into()))
    );
    // What is not a DescribeInstances answer is refused, saying what it is.
    let error = Facts::from_json(
        r#"{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"x"},"RequestId":"r"}}"#,
    )
    .unwrap_err();
    assert_eq!(
        error,
        FactsError::ErrorResponse {
            code: "AuthFailure.SignatureFailure".into()
        }
    );
    assert!(
        error.to_string().contains("error answer (Response.Error)")
            && !error.to_string().contains("AuthFailure"),
        "{error}"
    );
    let error = Facts::from_json(r#"{"Response":{"TotalCount":1,"InstanceStatusSet":[{"InstanceId":"ins-r8hr2upy","InstanceState":"RUNNING"}]}}"#).unwrap_err();
    assert_eq!(
        error,
        FactsError::OtherAnswer {
            action: "DescribeInstancesStatus"
        }
    );
    assert!(
        error.to_string().contains("DescribeInstancesStatus answer"),
        "{error}"
    );
    let message = Facts::from_json("[").unwrap_err().to_string();
    assert!(message.contains("line 1"), "{message}");
}

#[test]
fn facts_keep_the_last_entry_of_a_repeated_id_and_can_be_built() {
    let facts = Facts::from_json(
        r#"[{"InstanceId":"ins-r8hr2upy","InstanceState":"RUNNING"},
            {"InstanceId":"ins-r8hr2upy","InstanceState":"STOPPED","OsName":null}]"#,
    )
    .unwrap();
    assert_eq!(facts.len(), 1);
    assert_eq!(
        facts.get("ins-r8hr2upy").unwrap().state,
        Some(InstanceState::Stopped)
    );

    let mut built = Facts::new();
    built.insert(
        "ins-5d8a23rs",
        InstanceFacts::new(Some(OsFamily::Ubuntu), None),
    );
    built.insert(
        "ins-r8hr2upy",
        InstanceFacts::new(Some(OsFamily::Windows), Some(InstanceState::Running)),
    );
    assert_eq!(
        built.get("ins-5d8a23rs").unwrap().os,
        Some(OsFamily::Ubuntu)
    );
    assert!(built.get("ins-00000000").is_none());
}

#[test]
fn accounts_of_instances_whose_os_is_known() {
    let facts = Facts::from_json(
        r#"[{"InstanceId":"ins-r8hr2upy","OsName":"Windows Server 2019"},
            {"InstanceId":"ins-5d8a23rs","OsName":"Ubuntu 22.04"},
            {"InstanceId":"ins-aaaaaaaa","OsName":"CentOS 8"},
            {"InstanceId":"ins-bbbbbbbb"}]"#,
    )
    .unwrap();
    let request = Request::new(Profile::LEGACY_2017).with_instance_ids([
        "ins-r8hr2upy",
        "ins-5d8a23rs",
        "ins-aaaaaaaa",
        "ins-bbbbbbbb",
        "ins-cccccccc",
    ]);
    let ctx = Context::new().with_facts(&facts);
    let accounts: Vec<(String, &str, OsFamily, &str)> = request
        .accounts(&ctx)
        .into_iter()
        .map(|a| (a.field.to_string(), a.instance_id, a.os, a.user_name))
        .collect();
    assert_eq!(
        accounts,
        [
            (
                "InstanceIds.1".to_string(),
                "ins-r8hr2upy",
                OsFamily::Windows,
                "Administrator"
            ),
            (
                "InstanceIds.2".to_string(),
                "ins-5d8a23rs",
                OsFamily::Ubuntu,
                "ubuntu"
            ),
            (
                "InstanceIds.3".to_string(),
                "ins-aaaaaaaa",
                OsFamily::Linux,
                "root"
            ),
        ]
    );
    // The OS set is unknown: one instance has no OS in the facts.
    assert!(request.os_set(&ctx).is_unknown());

    let named = request.clone().with_user_name("ops");
    assert!(named.accounts(&ctx).iter().all(|a| a.user_name == "ops"));

    // Without facts, a stated single family gives every instance's account.
    let stated = Context::new().with_os(OsSet::only(OsFamily::Ubuntu));
    assert_eq!(request.accounts(&stated).len(), 5);
    let mixed = Context::new().with_os(OsSet::of(&[OsFamily::Linux, OsFamily::Windows]));
    assert!(request.accounts(&mixed).is_empty());
}

#[test]
fn report_accessors_follow_the_order() {
    let report = check(
        format!("{BASE}&InstanceIds.2=ins-r8hr2upy&Password=abc&Foo=1").as_bytes(),
        Profile::LEGACY_2017,
    );
    let rules: Vec<RuleId> = report.diagnostics().iter().map(|d| d.rule()).collect();
    assert_eq!(
        rules,
        [
            RuleId::InstanceIdsDuplicate,
            RuleId::PasswordLength,
            RuleId::PasswordClasses,
            RuleId::ParamUnknown
        ]
    );
    assert_eq!(report.first_error().unwrap().rule(), RuleId::PasswordLength);
    assert_eq!(report.errors().count(), 2);
    assert_eq!(report.warnings().count(), 2);
    assert!(
        report
            .warnings()
            .all(|d| d.severity() == Severity::Warning && d.code().is_none())
    );
    assert!(!report.is_valid());
    assert!(!report.policy().is_os_known());
    assert_eq!(report.profile().id(), "legacy-2017");

    // Warnings alone keep a request valid.
    let report = check(
        format!("{BASE}&Password=abc123ABC!@%23&Foo=1").as_bytes(),
        Profile::LEGACY_2017,
    );
    assert!(report.is_valid());
    assert!(report.first_error().is_none());
}

#[test]
fn request_debug_redacts_the_password() {
    let request = Request::from_query(b"Password=Zq7-unique-Secret9", Profile::LEGACY_2017);
    let debug = format!("{request:?} {:?}", request.password_value());
    assert!(!debug.contains("Zq7-unique-Secret9"), "{debug}");
    assert!(debug.contains("<redacted>"));
}

#[test]
fn the_query_form_round_trips_through_the_encoder() {
    let input = "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password=a+b%2Bc%26%3D%23&UserName=%E7%AE%A1&ForceStop=true";
    let request = Request::from_query(input.as_bytes(), Profile::LEGACY_2017);
    assert_eq!(request.password_value().unwrap().expose(), "a b+c&=#");
    let encoded = request.to_query_exposing_password();
    let again = Request::from_query(encoded.as_bytes(), Profile::LEGACY_2017);
    assert_eq!(again.password_value().unwrap().expose(), "a b+c&=#");
    assert_eq!(again.user_name_value(), Some("管"));
    assert_eq!(again.force_stop_value(), Some(true));
    assert_eq!(
        again.instance_id_values().collect::<Vec<_>>(),
        ["ins-r8hr2upy"]
    );
}

#[test]
fn the_query_writer_sends_a_space_as_percent_20_and_a_plus_as_percent_2b() {
    // The password is not valid (a space), so its report has a charset message:
    // read back, it must not gain the hint a `+` in the raw query gives.
    let built = Request::new(Profile::LEGACY_2017)
        .with_instance_id("ins-r8hr2upy")
        .with_password("abc 123+ABC")
        .with_user_name("a b+c");
    let query = built.to_query_exposing_password();
    assert!(!query.contains('+'), "a + in the query reads as a space");
    assert!(query.contains("&Password=abc%20123%2BABC&UserName=a%20b%2Bc"));
    let again = Request::from_query(query.as_bytes(), Profile::LEGACY_2017);
    assert!(again.wire_diagnostics().is_empty());
    assert!(again.password_value() == built.password_value());
    assert_eq!(again.user_name_value(), Some("a b+c"));
    let messages = |request: &Request<'_, '_>| -> Vec<String> {
        let report = request.validate(&Context::new());
        let messages: Vec<String> = report
            .diagnostics()
            .iter()
            .flat_map(|d| [d.message(Locale::En), d.message(Locale::ZhCn)])
            .collect();
        messages
    };
    let read_back = messages(&again);
    assert!(
        read_back.iter().all(|m| !m.contains("%2B")),
        "{read_back:?}"
    );
    assert_eq!(read_back, messages(&built));
    // Letters, digits and `*-._` stay as they are; anything else is escaped.
    let built = Request::new(Profile::API3).with_password("aZ09*-._~!&=%#/?\\\"é");
    assert_eq!(
        built.to_query_exposing_password(),
        "Action=ResetInstancesPassword&Version=2017-03-12&Password=aZ09*-._%7E%21%26%3D%25%23%2F%3F%5C%22%C3%A9"
    );
}

#[test]
fn a_request_tells_its_items_and_force_stop_as_read() {
    let query = |rest: &str| {
        Request::from_query(
            format!("Action=ResetInstancesPassword&Version=2017-03-12&{rest}").as_bytes(),
            Profile::API3,
        )
        .into_owned()
    };
    // Three items, one of them unreadable: counted, not listed.
    let request = query("InstanceIds.0=ins-r8hr2upy&InstanceIds.1=%FF&InstanceIds.2=ins-5d8a23rs");
    assert_eq!(request.instance_id_count(), 3);
    assert_eq!(
        request.instance_id_values().collect::<Vec<_>>(),
        ["ins-r8hr2upy", "ins-5d8a23rs"]
    );
    assert_eq!(query("").instance_id_count(), 0);
    assert_eq!(query("ForceStop=false").force_stop_value(), Some(false));
    assert_eq!(query("ForceStop=TRUE").force_stop_value(), Some(true));
    assert_eq!(query("ForceStop=maybe").force_stop_value(), None);
    assert_eq!(query("").force_stop_value(), None);
}

#[test]
fn items_from_an_index_the_profile_does_not_start_at_are_written_from_its_own() {
    // api3 numbers from 0: a request that starts at 1 is written back from 0.
    let request = Request::from_query(
        b"Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&InstanceIds.2=ins-5d8a23rs",
        Profile::API3,
    );
    let written = request.to_query_exposing_password();
    assert!(
        written.contains("&InstanceIds.0=ins-r8hr2upy&InstanceIds.1=ins-5d8a23rs"),
        "{written}"
    );
}

#[test]
fn unknown_names_are_numbered_in_input_order() {
    let query = format!("{BASE}&Zone=a&Foo=b&Bar=c");
    let request = Request::from_query(query.as_bytes(), Profile::LEGACY_2017);
    let unknown: Vec<(usize, String)> = request
        .validate(&Context::new())
        .warnings()
        .filter_map(|d| match d.field() {
            Field::Unknown { position, name } => Some((*position, name.to_string())),
            _ => None,
        })
        .collect();
    assert_eq!(
        unknown,
        [(0, "Zone".into()), (1, "Foo".into()), (2, "Bar".into())]
    );
}

#[test]
fn public_types_are_send_and_sync() {
    fn assert<T: Send + Sync>() {}
    assert::<Report>();
    assert::<Request<'static, 'static>>();
    assert::<Facts>();
    assert::<Profile>();
    assert::<cvm_rules::Policy>();
    assert::<cvm_rules::Diagnostic>();
    assert::<cvm_rules::Checklist>();
    assert::<Password<'static>>();
    assert::<Context<'static>>();
    assert::<FactsError>();
    assert::<cvm_rules::RuleSet>();
    assert::<cvm_rules::PasswordRule>();
    assert::<cvm_rules::PolicyError>();
    assert::<cvm_rules::parts::Denylist>();
    assert::<cvm_rules::parts::CustomRuleRef>();
    assert::<cvm_rules::InstanceState>();
    assert::<cvm_rules::Localized<Report<'static>>>();
    assert::<cvm_rules::Subject<'static>>();
}

/// Found by `any_bytes_give_a_well_ordered_report`: a name whose 11th byte is inside
/// a multi-byte character was sliced on a non-boundary while looking for a suggestion.
#[test]
fn regression_unknown_name_with_a_multibyte_character_at_the_prefix_boundary() {
    for name in [
        "instanceid\u{e9}=1",
        "instanceidsé=1",
        "\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}=1",
    ] {
        let report = check(name.as_bytes(), Profile::LEGACY_2017);
        assert!(report.warnings().any(|d| d.rule() == RuleId::ParamUnknown));
    }
    assert!("e\u{e9}".parse::<cvm_rules::Locale>().is_err());
    assert_eq!(
        "EN-us".parse::<cvm_rules::Locale>(),
        Ok(cvm_rules::Locale::En)
    );
    assert_eq!(
        "zh-cn".parse::<cvm_rules::Locale>(),
        Ok(cvm_rules::Locale::ZhCn)
    );
}

/// Found in review: an `&` left unencoded in a password turns the rest of it into
/// a parameter name, and a forgotten `=` makes the whole password a name. Neither
/// may be echoed in any output.
#[test]
fn password_fragments_in_parameter_names_are_not_echoed() {
    let cases = [
        "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password=Ab1!&Secret99XYZ&ForceStop=TRUE",
        "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password=Ab1!&Secret99XYZ=tail",
        "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password:Secret99XYZ",
        "Secret99XYZ&Action=ResetInstancesPassword",
    ];
    for query in cases {
        for profile in Profile::ALL {
            let request = Request::from_query(query.as_bytes(), profile);
            let report = request.validate(&Context::new());
            let unknown = report
                .warnings()
                .find(|d| d.rule() == RuleId::ParamUnknown)
                .expect("an unknown parameter");
            assert!(unknown.field().to_string().starts_with('#'), "{query}");
            let mut outputs = vec![format!("{request:?}"), format!("{report:?}")];
            for d in report.diagnostics() {
                outputs.push(d.message(cvm_rules::Locale::En));
                outputs.push(d.message(cvm_rules::Locale::ZhCn));
                outputs.push(d.field().to_string());
            }
            #[cfg(feature = "serde")]
            outputs.push(serde_json::to_string(&report).unwrap());
            for text in outputs {
                assert!(!text.contains("Secret99XYZ"), "{query}: {text}");
            }
        }
    }
    let report =
        Request::from_query(cases[0].as_bytes(), Profile::LEGACY_2017).validate(&Context::new());
    let hint = report
        .warnings()
        .next()
        .unwrap()
        .message(cvm_rules::Locale::En);
    assert!(hint.contains("send a & in the password as %26"), "{hint}");
}

#[test]
fn facts_collect_from_pairs_keeping_the_last() {
    let facts: Facts = [
        (
            "ins-r8hr2upy",
            InstanceFacts::new(Some(OsFamily::Linux), None),
        ),
        (
            "ins-5d8a23rs",
            InstanceFacts::new(None, Some(InstanceState::Stopped)),
        ),
        (
            "ins-r8hr2upy",
            InstanceFacts::new(Some(OsFamily::Windows), None),
        ),
    ]
    .into_iter()
    .collect();
    assert_eq!(facts.len(), 2);
    assert_eq!(
        facts.get("ins-r8hr2upy").unwrap().os,
        Some(OsFamily::Windows)
    );
    let err = "FLYING".parse::<InstanceState>().unwrap_err();
    let boxed: Box<dyn std::error::Error> = Box::new(err);
    assert!(boxed.to_string().contains("RUNNING"));
}

#[test]
fn a_context_gives_back_what_it_was_given() {
    let empty = Context::new();
    assert_eq!(empty.os(), OsSet::UNKNOWN);
    assert!(empty.facts().is_none());
    let windows = OsSet::only(OsFamily::Windows);
    let facts =
        Facts::from_json(r#"[{"InstanceId": "ins-r8hr2upy", "OsName": "CentOS 7.9"}]"#).unwrap();
    let ctx = Context::new().with_os(windows).with_facts(&facts);
    assert_eq!(ctx.os(), windows);
    let given = ctx.facts().expect("the facts");
    assert!(std::ptr::eq(given, &facts));
    assert_eq!(given.len(), 1);
    assert!(!given.is_empty());
    assert!(Facts::new().is_empty());
}

#[test]
fn action_and_version_differ_at_any_byte() {
    for (name, expected, rule) in [
        ("Action", "ResetInstancesPassword", RuleId::ActionValue),
        ("Version", "2017-03-12", RuleId::VersionValue),
    ] {
        for at in 0..expected.len() {
            let mut text = expected.as_bytes().to_vec();
            text[at] = if text[at] == b'X' { b'Y' } else { b'X' };
            let text = String::from_utf8(text).unwrap();
            let other = if name == "Action" {
                "Version=2017-03-12"
            } else {
                "Action=ResetInstancesPassword"
            };
            let query =
                format!("{name}={text}&{other}&InstanceIds.1=ins-r8hr2upy&Password=Abc123!xyzQW");
            let report = check(query.as_bytes(), Profile::LEGACY_2017);
            let rules: Vec<RuleId> = report.diagnostics().iter().map(|d| d.rule()).collect();
            assert_eq!(rules, [rule], "{name}={text}");
        }
    }
}

#[test]
fn an_instance_in_another_state_is_told_when_a_reset_can_go_ahead() {
    let facts = Facts::from_json(
        r#"[{"InstanceId": "ins-r8hr2upy", "InstanceState": "STOPPING", "OsName": "CentOS 7.9"}]"#,
    )
    .unwrap();
    let query = format!("{BASE}&Password=Abc123!xyzQW&ForceStop=TRUE");
    let report = Request::from_query(query.as_bytes(), Profile::LEGACY_2017)
        .validate(&Context::new().with_facts(&facts));
    let d = only_diagnostic(&report);
    assert_eq!(d.rule(), RuleId::InstanceState);
    let en = d.message(cvm_rules::Locale::En);
    assert!(
        en.ends_with("the password can be reset only when the instance is RUNNING or STOPPED; wait until it is stopped or running, then retry."),
        "{en}"
    );
    let zh = d.message(cvm_rules::Locale::ZhCn);
    assert!(
        zh.contains("只有处于 RUNNING 或 STOPPED 状态的实例才能重置密码"),
        "{zh}"
    );
}

#[test]
fn a_known_name_miscased_after_the_password_is_a_misspelling_not_a_fragment() {
    let query = format!("{BASE}&Password=Abc123!xyzQW&forcestop=TRUE");
    let report = check(query.as_bytes(), Profile::LEGACY_2017);
    let d = only_diagnostic(&report);
    assert_eq!(d.rule(), RuleId::ParamUnknown);
    for locale in cvm_rules::Locale::ALL {
        let message = d.message(locale);
        assert!(message.contains("ForceStop"), "{message}");
        assert!(
            !message.contains("Password") || !message.contains("%26"),
            "{message}"
        );
    }
    // Hidden, the same place gets the hint about `&`.
    let query = format!("{BASE}&Password=Abc123!xyzQW&xyz123=x");
    let report = check(query.as_bytes(), Profile::LEGACY_2017);
    for locale in cvm_rules::Locale::ALL {
        assert!(only_diagnostic(&report).message(locale).contains("%26"));
    }
}

/// The builders' names before 0.2 still build the same request (deprecated, one
/// release): code written against them, such as a benchmark harness, compiles.
#[test]
#[allow(deprecated)]
fn the_deprecated_builder_names_build_the_same_request() {
    let old = Request::new(Profile::API3)
        .action("ResetInstancesPassword")
        .version("2017-03-12")
        .instance_ids(["ins-r8hr2upy"])
        .instance_id("ins-5d8a23rs")
        .password("abc123ABC!@#xyz")
        .user_name("root")
        .force_stop(true);
    let new = Request::new(Profile::API3)
        .with_action("ResetInstancesPassword")
        .with_version("2017-03-12")
        .with_instance_ids(["ins-r8hr2upy"])
        .with_instance_id("ins-5d8a23rs")
        .with_password("abc123ABC!@#xyz")
        .with_user_name("root")
        .with_force_stop(true);
    assert_eq!(
        old.to_query_exposing_password(),
        new.to_query_exposing_password()
    );
    assert_eq!(old.user_name_value(), Some("root"));
    assert_eq!(old.force_stop_value(), Some(true));
}

/// `n` well-formed ids, `ins-00000001` on.
fn ids(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("ins-{i:08}")).collect()
}

#[test]
fn a_request_of_101_ids_is_sent_as_batches_of_100_and_1() {
    let ids = ids(101);
    for profile in Profile::ALL {
        let request = Request::new(profile)
            .with_instance_ids(ids.iter().map(String::as_str))
            .with_password("Zq7-batch-Sec9")
            .with_user_name("admin")
            .with_force_stop(false)
            .with_action("ResetInstancesPassword");
        let whole = request.validate(&Context::new());
        assert_eq!(
            whole.first_error().map(|d| d.rule()),
            Some(RuleId::InstanceIdsCount)
        );
        let batches: Vec<Request> = request.batches().collect();
        let counts: Vec<usize> = batches.iter().map(Request::instance_id_count).collect();
        assert_eq!(counts, [100, 1], "{}", profile.id());
        // In order, none lost.
        let order: Vec<&str> = batches
            .iter()
            .flat_map(|b| b.instance_id_values())
            .collect();
        assert_eq!(order, ids);
        for batch in &batches {
            // Compared, never printed.
            assert!(batch.password_value() == request.password_value());
            assert!(batch.password_value().is_some());
            assert_eq!(batch.user_name_value(), Some("admin"));
            assert_eq!(batch.force_stop_value(), Some(false));
            assert!(std::ptr::eq(batch.profile(), profile));
            assert_eq!(batch.form(), RequestForm::Built);
            let report = batch.validate(&Context::new());
            assert!(
                report
                    .diagnostics()
                    .iter()
                    .all(|d| d.rule() != RuleId::InstanceIdsCount)
            );
            assert!(report.is_valid(), "{:?}", report.diagnostics());
        }
        // Each batch is a request of its own on the wire: the second one's item is
        // numbered from the profile's first index, and `Action` is as given.
        let query = batches[1].to_query_exposing_password();
        let item = format!(
            "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.{}=ins-00000101&Password=",
            profile.index_base()
        );
        assert!(query.starts_with(&item));
        assert!(query.ends_with("&UserName=admin&ForceStop=FALSE"));
        // Diagnostics name the item as the request did.
        let malformed = Request::new(profile)
            .with_instance_ids(ids.iter().map(String::as_str))
            .with_instance_id("ins-1122");
        let last = malformed.batches().last().expect("a batch");
        let report = last.validate(&Context::new());
        let error = report.first_error().expect("an error");
        assert_eq!(error.rule(), RuleId::InstanceIdFormat);
        assert_eq!(
            error.field(),
            &Field::InstanceId {
                position: 1,
                name: ItemName::Index(profile.index_base() + 101),
            }
        );
    }
}

#[test]
fn a_request_gives_as_many_batches_as_its_ids_need_and_at_least_one() {
    for (n, counts) in [
        (0, &[0][..]),
        (1, &[1]),
        (100, &[100]),
        (200, &[100, 100]),
        (201, &[100, 100, 1]),
    ] {
        let ids = ids(n);
        let request = Request::new(Profile::API3).with_instance_ids(ids.iter().map(String::as_str));
        let batches = request.batches();
        assert_eq!(batches.len(), counts.len(), "{n}");
        let found: Vec<usize> = batches.map(|b| b.instance_id_count()).collect();
        assert_eq!(found, counts, "{n}");
    }
    // No ids: the one batch still says so.
    let report = Request::new(Profile::API3)
        .with_password("Zq7-batch-Sec9")
        .batches()
        .next()
        .expect("one batch")
        .validate(&Context::new());
    let error = only_diagnostic(&report);
    assert_eq!(
        (error.rule(), error.field()),
        (RuleId::ParamMissing, &Field::InstanceIds)
    );
}

#[test]
fn the_batches_of_a_read_request_carry_its_wire_problems() {
    // legacy-2017 items 1 to 101, the last one not UTF-8; `Password` repeated; an
    // unknown name.
    let mut query = String::from("Action=ResetInstancesPassword&Version=2017-03-12");
    for (i, id) in ids(100).iter().enumerate() {
        query.push_str(&format!("&InstanceIds.{}={id}", i + 1));
    }
    query.push_str("&Zone=ap-guangzhou-3&InstanceIds.101=%FF&Password=Zq7-batch-Sec9&Password=x");
    let request = Request::from_query(query.as_bytes(), Profile::LEGACY_2017);
    let shown = |diagnostics: &[cvm_rules::Diagnostic]| -> Vec<String> {
        diagnostics
            .iter()
            .map(|d| format!("{}@{}", d.rule(), d.field()))
            .collect()
    };
    let batches: Vec<Request> = request.batches().collect();
    assert_eq!(batches.len(), 2);
    assert_eq!(
        shown(batches[0].wire_diagnostics()),
        ["param.unknown@Zone", "param.repeated@Password"]
    );
    assert_eq!(
        shown(batches[1].wire_diagnostics()),
        [
            "param.unknown@Zone",
            "param.repeated@Password",
            "param.encoding@InstanceIds.101"
        ]
    );
    // The unreadable item stays in its place, counted, at its place in its batch.
    assert_eq!(batches[1].instance_id_count(), 1);
    assert_eq!(batches[1].instance_id_values().count(), 0);
    assert_eq!(
        batches[1].wire_diagnostics()[2].field(),
        &Field::InstanceId {
            position: 0,
            name: ItemName::Index(101)
        }
    );
    assert_eq!(batches[1].form(), RequestForm::Query);
    let report = batches[1].validate(&Context::new());
    assert_eq!(
        shown(report.diagnostics()),
        [
            "param.encoding@InstanceIds.101",
            "param.repeated@Password",
            "param.unknown@Zone"
        ]
    );
    // Neither batch validates; the first has no item problem.
    let first = batches[0].validate(&Context::new());
    assert_eq!(
        shown(first.diagnostics()),
        ["param.repeated@Password", "param.unknown@Zone"]
    );
}
