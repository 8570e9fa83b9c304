//! The requirements checklist as a web form uses it: ticked off as a person types.

use cvm_rules::{Locale, OsFamily, OsSet, Password, Profile, RuleId};

fn met(profile: &'static Profile, os: OsSet, typed: &str) -> Vec<(RuleId, Option<bool>)> {
    profile
        .policy(os)
        .checklist(Some(&Password::new(typed)), None)
        .requirements()
        .iter()
        .map(|r| (r.id(), r.is_met()))
        .collect()
}

#[test]
fn requirements_tick_as_the_password_grows() {
    let windows = OsSet::only(OsFamily::Windows);
    let steps = [
        ("a", [false, false, true, true]),
        ("abc123", [false, false, true, true]),
        ("abc123ABC", [false, true, true, true]),
        ("abc123ABC!@#", [true, true, true, true]),
        ("abc123ABC!@# ", [true, true, true, false]),
        ("/bc123ABC!@#", [true, true, false, true]),
    ];
    for (typed, expected) in steps {
        let got = met(Profile::LEGACY_2017, windows, typed);
        let rules: Vec<RuleId> = got.iter().map(|(r, _)| *r).collect();
        assert_eq!(
            rules,
            [
                RuleId::PasswordLength,
                RuleId::PasswordClasses,
                RuleId::PasswordLeadingSlash,
                RuleId::PasswordCharset
            ]
        );
        let ticks: Vec<bool> = got.iter().map(|(_, m)| m.unwrap()).collect();
        assert_eq!(ticks, expected, "{typed:?}");
    }
}

#[test]
fn without_a_password_nothing_is_marked() {
    let list = Profile::API3.policy(OsSet::UNKNOWN).checklist(None, None);
    assert_eq!(list.requirements().len(), 5);
    assert!(list.requirements().iter().all(|r| r.is_met().is_none()));
    assert!(!list.all_met());
}

#[test]
fn requirement_messages_state_the_bounds_in_both_languages() {
    let list = Profile::API3
        .policy(OsSet::only(OsFamily::Linux))
        .checklist(None, None);
    let en: Vec<String> = list
        .requirements()
        .iter()
        .map(|r| r.message(Locale::En))
        .collect();
    let zh: Vec<String> = list
        .requirements()
        .iter()
        .map(|r| r.message(Locale::ZhCn))
        .collect();
    assert_eq!(en[0], "8 to 30 characters");
    assert_eq!(zh[0], "长度为 8 到 30 个字符");
    assert!(
        en[1].starts_with("At least 3 of these 4 classes: lowercase letters (a–z)"),
        "{}",
        en[1]
    );
    assert!(
        zh[1].starts_with("至少包含以下 4 类字符中的 3 类"),
        "{}",
        zh[1]
    );
    assert!(
        en[3].ends_with("( ) ~ ! @ # $ % ^ & * - + = _ | { } [ ] : ; ' < > , . ? / `"),
        "{}",
        en[3]
    );

    let legacy = Profile::LEGACY_2017
        .policy(OsSet::only(OsFamily::Linux))
        .checklist(None, None);
    let classes = legacy.requirements()[1].message(Locale::En);
    assert!(
        classes.starts_with(
            "At least 2 of these 3 classes: letters (a–z, A–Z), digits (0–9), special characters"
        ),
        "{classes}"
    );
    assert!(!legacy.requirements()[3].message(Locale::En).contains('`'));
}

#[test]
fn the_user_name_requirement_uses_the_request_user_name() {
    let policy = Profile::API3.policy(OsSet::only(OsFamily::Windows));
    let with = |user: Option<&str>| {
        policy
            .checklist(Some(&Password::new("Deploy-Admin-2024")), user)
            .requirements()
            .iter()
            .find(|r| r.id() == RuleId::PasswordContainsUsername)
            .and_then(|r| r.is_met())
    };
    assert_eq!(with(None), Some(true));
    assert_eq!(with(Some("deploy")), Some(false));
    assert_eq!(with(Some("de")), Some(true));
}

#[cfg(feature = "serde")]
#[test]
fn the_checklist_serializes_with_plain_params_and_a_null_verdict_without_password() {
    use cvm_rules::Localized;
    let policy = Profile::LEGACY_2017.policy(OsSet::only(OsFamily::Linux));
    let empty =
        serde_json::to_value(Localized::new(&policy.checklist(None, None), Locale::En)).unwrap();
    assert_eq!(empty["all_met"], serde_json::Value::Null);
    let first = &empty["requirements"][0];
    assert_eq!(first["rule"], "password.length");
    assert_eq!(first["params"], serde_json::json!({"min": 8, "max": 16}));
    assert_eq!(first["message"], "8 to 16 characters");
    assert_eq!(first["met"], serde_json::Value::Null);

    let typed = policy.checklist(Some(&Password::new("abc12345")), None);
    let json = serde_json::to_value(Localized::new(&typed, Locale::ZhCn)).unwrap();
    assert_eq!(json["all_met"], true);
    assert_eq!(json["requirements"][0]["message"], "长度为 8 到 16 个字符");
    assert_eq!(json["requirements"][1]["met"], true);
}
