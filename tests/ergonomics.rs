//! What a downstream web backend needs besides validation (the real-world issue):
//! case-insensitive parsing with errors that say what they refused, `Serialize` for
//! what a handler returns or logs, and an owned localized report.
#![cfg(feature = "serde")]

use cvm_rules::{
    Context, Facts, InstanceState, Locale, OsFamily, OsSet, Password, Profile, Request, RuleSet,
    Severity,
};
use serde_json::json;

#[test]
fn names_parse_ignoring_ascii_case() {
    assert_eq!("Windows".parse::<OsFamily>(), Ok(OsFamily::Windows));
    assert_eq!("LINUX".parse::<OsFamily>(), Ok(OsFamily::Linux));
    assert_eq!(
        "Running".parse::<InstanceState>(),
        Ok(InstanceState::Running)
    );
    assert_eq!(
        "enter_rescue_mode".parse::<InstanceState>(),
        Ok(InstanceState::EnterRescueMode)
    );
    assert_eq!("API3".parse::<&Profile>().unwrap().id(), "api3");
    assert_eq!(
        "Legacy-2017".parse::<&Profile>().unwrap().id(),
        "legacy-2017"
    );
    assert_eq!(
        "LOGIN-SETTINGS".parse::<&RuleSet>().unwrap().id(),
        "login-settings"
    );
    assert_eq!("ZH-cn".parse::<Locale>(), Ok(Locale::ZhCn));
}

#[test]
fn errors_say_what_was_expected_and_never_repeat_the_text() {
    assert_eq!(
        "Windoze".parse::<OsFamily>().unwrap_err().to_string(),
        "unknown OS family (expected linux, ubuntu or windows)"
    );
    assert_eq!(
        "api4".parse::<&Profile>().unwrap_err().to_string(),
        "unknown profile (expected legacy-2017 or api3)"
    );
    assert_eq!(
        "run-instances".parse::<&RuleSet>().unwrap_err().to_string(),
        "unknown rule set (expected legacy-2017, api3 or login-settings)"
    );
    assert_eq!(
        "fr".parse::<Locale>().unwrap_err().to_string(),
        "unknown language (expected en or zh-CN)"
    );
    let error = "FLYING".parse::<InstanceState>().unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("unknown instance state (expected PENDING, LAUNCH_FAILED, "),
        "{error}"
    );
    // The parts of the message, for a caller that words its own.
    assert_eq!(
        "api4".parse::<&Profile>().unwrap_err(),
        cvm_rules::ValueError::UnknownName {
            kind: "profile",
            expected: "legacy-2017 or api3"
        }
    );
    assert_eq!(
        "beos".parse::<OsFamily>().unwrap_err(),
        cvm_rules::ValueError::UnknownName {
            kind: "OS family",
            expected: "linux, ubuntu or windows"
        }
    );
    // A secret pasted into the wrong place does not come back, in any form.
    let secret = "Hunter2Secret!";
    let errors = [
        secret.parse::<OsFamily>().unwrap_err(),
        secret.parse::<&Profile>().unwrap_err(),
        secret.parse::<&RuleSet>().unwrap_err(),
        secret.parse::<Locale>().unwrap_err(),
        secret.parse::<InstanceState>().unwrap_err(),
    ];
    for error in errors {
        assert!(
            !format!("{error} {error:?}").contains("Hunter2"),
            "{error:?}"
        );
    }
}

#[test]
fn what_a_handler_returns_or_logs_serializes() {
    let to = |v: &dyn ToJson| v.json();
    assert_eq!(to(&Severity::Warning), json!("warning"));
    assert_eq!(to(&Locale::ZhCn), json!("zh-CN"));
    assert_eq!(to(&InstanceState::RescueMode), json!("RESCUE_MODE"));
    assert_eq!(
        to(&InstanceState::Unknown("MIGRATING".into())),
        json!("MIGRATING")
    );

    let facts = Facts::from_json(
        r#"{"Response":{"TotalCount":3,"InstanceSet":[
            {"InstanceId":"ins-r8hr2upy","OsName":"Windows Server 2019","InstanceState":"RUNNING"},
            {"InstanceId":"ins-5d8a23rs","OsName":"","InstanceState":"STOPPED","StopChargingMode":"STOP_CHARGING"}]}}"#,
    )
    .unwrap();
    assert_eq!(
        serde_json::to_value(&facts).unwrap(),
        json!({"complete": false, "instances": [
            {"instance_id": "ins-5d8a23rs", "os": null, "state": "STOPPED", "stop_charging": true},
            {"instance_id": "ins-r8hr2upy", "os": "windows", "state": "RUNNING", "stop_charging": false},
        ]})
    );

    let checklist = Profile::LEGACY_2017
        .policy(OsSet::only(OsFamily::Linux))
        .checklist(Some(&Password::new("abc")), None);
    let plain = serde_json::to_value(&checklist).unwrap();
    assert_eq!(plain["requirements"][0]["message"], "8 to 16 characters");
    assert_eq!(plain["all_met"], false);
    let zh = serde_json::to_value(checklist.localized(Locale::ZhCn)).unwrap();
    assert_eq!(zh["requirements"][0]["message"], "长度为 8 到 16 个字符");

    let ids = "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password=abc123ABC!@%23";
    let request = Request::from_query(ids.as_bytes(), Profile::LEGACY_2017);
    let ctx = Context::new().with_os(OsSet::only(OsFamily::Ubuntu));
    assert_eq!(
        serde_json::to_value(request.accounts(&ctx)).unwrap(),
        json!([{"field": "InstanceIds.1", "instance_id": "ins-r8hr2upy", "os": "ubuntu", "user_name": "ubuntu"}])
    );
}

/// A handler returns the report it built, with the messages in the browser's
/// language: no borrow of a local.
fn handler(
    body: Vec<u8>,
    accept_language: &str,
) -> cvm_rules::Localized<cvm_rules::Report<'static>> {
    Request::parse(&body, Profile::API3)
        .validate(&Context::new())
        .localized(Locale::negotiate(accept_language))
}

#[test]
fn an_owned_localized_report_outlives_the_request() {
    let answer = handler(
        b"{\"InstanceIds\": [\"ins-1122\"], \"Password\": \"x\"}".to_vec(),
        "zh-CN,zh;q=0.9,en;q=0.8",
    );
    assert_eq!(answer.locale(), Locale::ZhCn);
    let json = serde_json::to_value(&answer).unwrap();
    assert_eq!(json["diagnostics"][0]["field"], "InstanceIds.0");
    assert!(
        json["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("不是有效的实例 ID")
    );
    assert!(!answer.into_inner().is_valid());
}

/// `serde_json::to_value` through a trait object, for a table of values.
trait ToJson {
    fn json(&self) -> serde_json::Value;
}

impl<T: serde::Serialize> ToJson for T {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap()
    }
}

#[test]
fn a_rule_set_shows_its_id_description_and_rules() {
    let api3 = RuleSet::API3;
    assert_eq!(api3.to_string(), "api3");
    assert_eq!(
        api3.description(),
        "ResetInstancesPassword, Tencent Cloud API 3.0"
    );
    assert_eq!(
        RuleSet::LEGACY_2017.description(),
        "ResetInstancesPassword, legacy API (cvm.api.qcloud.com)"
    );
    let shown = format!("{api3:?}");
    assert!(
        shown.starts_with(r#"RuleSet { id: "api3", linux: [Length { min: 8, max: 30 }"#),
        "{shown}"
    );
    assert!(
        shown.contains("ubuntu: [Length { min: 8, max: 30 }"),
        "{shown}"
    );
    assert!(
        shown.contains("windows: [Length { min: 12, max: 30 }"),
        "{shown}"
    );
}
