//! What reports and profiles hand back besides the verdict: the diagnostics by value
//! and by reference, the errors apart from the warnings, `Debug` without the password,
//! the checklist of a policy that holds one kind of rule twice, and a profile's identity.

use cvm_rules::{
    Context, CustomParams, CustomRule, Diagnostic, Locale, OsFamily, OsSet, Password, PasswordRule,
    Policy, Profile, Request, RuleId, RuleSet, Severity, Subject,
};

const SENTINEL: &str = "Sentinel-9x7!Secret";

/// A warning on every password: a list with an error and a warning in it.
struct AlwaysWarn;

impl CustomRule for AlwaysWarn {
    fn id(&self) -> &'static str {
        "test.always_warn"
    }
    fn check(&self, _: &Subject<'_>) -> Result<(), CustomParams> {
        Err(CustomParams::new())
    }
    fn message(&self, _: &CustomParams, _: Locale) -> Option<String> {
        Some("A warning.".into())
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
}

fn error_and_warning_policy() -> Policy {
    Policy::new(&[
        PasswordRule::Length { min: 30, max: 30 },
        PasswordRule::custom(AlwaysWarn),
    ])
    .unwrap()
}

#[test]
fn a_diagnostic_list_gives_its_errors_its_items_and_a_vec() {
    let policy = error_and_warning_policy();
    let report = Profile::API3.check_password_with(&policy, &Password::new(SENTINEL), None);
    let list = report.diagnostics();
    let rules: Vec<RuleId> = list.iter().map(Diagnostic::rule).collect();
    assert_eq!(
        rules,
        [RuleId::PasswordLength, RuleId::Custom("test.always_warn")]
    );

    let errors: Vec<RuleId> = report.errors().map(|d| d.rule()).collect();
    assert_eq!(errors, [RuleId::PasswordLength]);

    let as_slice: &[Diagnostic] = &list;
    assert_eq!(as_slice.len(), 2);
    assert_eq!(as_slice[1], list[1]);
    assert_eq!(format!("{list:?}"), format!("{as_slice:?}"));
    let owned: Vec<Diagnostic> = list.clone().into_iter().collect();
    assert_eq!(owned, as_slice);
    assert_eq!(report.into_diagnostics(), owned);
}

#[test]
fn a_password_report_debugs_its_verdict_and_profile_never_the_password() {
    let policy = error_and_warning_policy();
    let report = Profile::API3.check_password_with(&policy, &Password::new(SENTINEL), None);
    let shown = format!("{report:?}");
    assert!(
        shown.starts_with("PasswordReport { valid: false, diagnostics: [Diagnostic {"),
        "{shown}"
    );
    assert!(shown.contains(r#"profile: "api3""#), "{shown}");
    assert!(!shown.contains(SENTINEL), "{shown}");
}

#[test]
fn a_request_report_gives_its_diagnostics_by_value_and_by_reference() {
    let report = Request::new(Profile::API3)
        .with_instance_id("not-an-id")
        .with_password(SENTINEL)
        .validate(&Context::new());
    let expected = report.diagnostics().to_vec();
    assert!(!expected.is_empty());
    assert_eq!((&report).into_iter().count(), expected.len());
    assert!((&report).into_iter().eq(expected.iter()));
    assert_eq!(report.into_diagnostics(), expected);
}

#[test]
fn the_checklist_of_a_request_ticks_each_of_two_rules_of_one_kind_apart() {
    // Neither length rule implies the other, so the policy keeps both; a password of
    // 9 characters meets the first and fails the second, and the checklist says so.
    let rules = RuleSet::API3
        .clone()
        .with_rule(
            OsSet::only(OsFamily::Linux),
            PasswordRule::Length { min: 8, max: 20 },
        )
        .with_rule(
            OsSet::only(OsFamily::Linux),
            PasswordRule::Length { min: 10, max: 30 },
        );
    let profile = Profile::API3.clone().with_rule_set(rules).unwrap();
    let linux = OsSet::only(OsFamily::Linux);
    let lengths: Vec<(u32, u32)> = profile
        .policy(linux)
        .rules()
        .filter_map(|rule| match rule {
            PasswordRule::Length { min, max } => Some((*min, *max)),
            _ => None,
        })
        .collect();
    assert_eq!(lengths, [(8, 20), (10, 30)]);

    let report = Request::new(&profile)
        .with_instance_id("ins-r8hr2upy")
        .with_password("abc123AB!")
        .validate(&Context::new().with_os(linux));
    let ticks: Vec<(RuleId, Option<bool>)> = report
        .checklist()
        .requirements()
        .iter()
        .filter(|r| r.id() == RuleId::PasswordLength)
        .map(|r| (r.id(), r.is_met()))
        .collect();
    assert_eq!(
        ticks,
        [
            (RuleId::PasswordLength, Some(true)),
            (RuleId::PasswordLength, Some(false))
        ]
    );
}

#[test]
fn a_profile_shows_its_id_and_describes_itself() {
    assert_eq!(Profile::API3.to_string(), "api3");
    assert_eq!(Profile::LEGACY_2017.to_string(), "legacy-2017");
    assert_eq!(
        Profile::API3.description(),
        "Tencent Cloud API 3.0 cvm.tencentcloudapi.com, Version=2017-03-12"
    );
    assert_eq!(
        Profile::LEGACY_2017.description(),
        "legacy API cvm.api.qcloud.com/v2/index.php, Version=2017-03-12"
    );
    let renamed = Profile::API3.clone().with_id("mine");
    assert_eq!(
        format!("{renamed:?}"),
        r#"Profile { id: "mine", rule_set: "api3", .. }"#
    );
}

#[test]
fn a_legacy_query_numbers_items_from_one_or_zero_api3_from_zero() {
    assert_eq!(Profile::LEGACY_2017.index_bases(), [1, 0]);
    assert_eq!(Profile::LEGACY_2017.index_base(), 1);
    assert_eq!(Profile::API3.index_bases(), [0]);
}

#[test]
fn profiles_are_equal_when_their_ids_and_rule_sets_are() {
    let api3 = Profile::API3;
    assert_eq!(*api3, Profile::API3.clone());
    assert_ne!(*api3, *Profile::LEGACY_2017);
    // The same rules under another id, and another id's rules under the same id.
    assert_ne!(*api3, api3.clone().with_id("mine"));
    let other_rules = api3
        .clone()
        .with_rule_set(RuleSet::LOGIN_SETTINGS.clone())
        .unwrap();
    assert_eq!(other_rules.id(), "api3");
    assert_ne!(*api3, other_rules);
}

/// The codes only the server can decide (SPEC 19): each is listed on the
/// `decisions` page with why, and no rule of any built-in profile answers one.
#[test]
fn the_codes_only_the_server_can_decide_are_documented_and_never_answered() {
    let decisions = include_str!("../src/decisions.rs");
    let server_only = [
        "FailedOperation.InvalidInstanceApplicationRole",
        "MutexOperation.TaskRunning",
        "OperationDenied.InstanceOperationInProgress",
        "UnauthorizedOperation.MFAExpired",
        "UnauthorizedOperation.MFANotFound",
        "UnsupportedOperation.InstanceReinstallFailed",
        "UnsupportedOperation.InstanceStateFreezing",
        "UnsupportedOperation.InstanceStateIsolating",
        "UnsupportedOperation.SpecialInstanceType",
        "InternalServerError",
    ];
    for code in server_only {
        assert!(
            decisions.contains(&format!("| `{code}` | ")),
            "{code} is not in the decisions table"
        );
    }
    let mut answered = Vec::new();
    for profile in Profile::ALL {
        answered.push(profile.password_code());
        for rule in RuleId::ALL {
            answered.extend(profile.code(*rule, None));
            for state in cvm_rules::InstanceState::ALL {
                answered.extend(profile.code(*rule, Some(&state)));
            }
        }
    }
    assert!(answered.contains(&"UnsupportedOperation.InstanceStateStopping"));
    for code in server_only {
        assert!(!answered.contains(&code), "{code} is answered by a rule");
    }
}
