//! A downstream user's view (public API only): the organisation policy of the
//! composable-rules issue ("Tencent's Windows rules, but at least 14 characters,
//! and not one of our leaked passwords"), a rule of its own, and the
//! `login-settings` rules, each giving one `Report`, one `Checklist` and one JSON.
#![cfg(feature = "serde")]

use cvm_rules::{
    Context, CustomParams, CustomRule, Locale, Localized, OsFamily, OsSet, Params, Password,
    PasswordRule, Policy, Profile, Request, RuleId, RuleSet, Severity, Subject,
};

/// The organisation's own rule: no part of the company's name.
struct NoCompanyName;

impl CustomRule for NoCompanyName {
    fn id(&self) -> &'static str {
        "acme.no_company_name"
    }
    fn check(&self, subject: &Subject<'_>) -> Result<(), CustomParams> {
        let password = subject.password();
        if password.expose().to_ascii_lowercase().contains("acme") {
            Err(CustomParams::new().with("name", "acme"))
        } else {
            Ok(())
        }
    }
    fn message(&self, failure: &CustomParams, locale: Locale) -> Option<String> {
        let name = failure.get_text("name")?;
        Some(match locale {
            Locale::ZhCn => format!("密码不能包含公司名称（{name}）。"),
            _ => format!("Password must not contain the company's name ({name})."),
        })
    }
    fn requirement(&self, locale: Locale) -> Option<String> {
        Some(match locale {
            Locale::ZhCn => "不包含公司名称".into(),
            _ => "Does not contain the company's name".into(),
        })
    }
}

/// A second rule, a warning with a code of its own and English only.
struct NoYear;

impl CustomRule for NoYear {
    fn id(&self) -> &'static str {
        "acme.no_year"
    }
    fn check(&self, subject: &Subject<'_>) -> Result<(), CustomParams> {
        let password = subject.password();
        match password.expose().find("20") {
            Some(at) => Err(CustomParams::new().with("at", at + 1)),
            None => Ok(()),
        }
    }
    fn message(&self, _: &CustomParams, locale: Locale) -> Option<String> {
        (locale == Locale::En).then(|| "Password should not hold a year.".into())
    }
    fn severity(&self) -> Severity {
        Severity::Warning
    }
    fn code(&self) -> Option<&'static str> {
        Some("Acme.Year")
    }
}

/// A careless rule that tries to echo the password in its params.
struct Echo;

impl CustomRule for Echo {
    fn id(&self) -> &'static str {
        "acme.echo"
    }
    fn check(&self, subject: &Subject<'_>) -> Result<(), CustomParams> {
        let password = subject.password();
        Err(CustomParams::new().with("seen", format!("[{}]", password.expose())))
    }
    fn message(&self, failure: &CustomParams, _: Locale) -> Option<String> {
        Some(format!("Saw {}.", failure.get_text("seen")?))
    }
}

const LEAKED: [&str; 3] = ["Summer2024!Summer", "Welcome@2024Now", "P@ssw0rd!P@ssw0rd"];

/// The organisation's profile: API 3.0 codes and limits, Tencent's rules
/// tightened for every family, and its own rules.
fn organisation() -> Profile {
    let rules = RuleSet::API3
        .clone()
        .with_id("acme")
        .with_rule(OsSet::ALL, PasswordRule::Length { min: 14, max: 30 })
        .with_rule(OsSet::ALL, PasswordRule::denylist(LEAKED))
        .with_rule(OsSet::ALL, PasswordRule::custom(NoCompanyName))
        .with_rule(OsSet::ALL, PasswordRule::custom(NoYear));
    Profile::API3
        .clone()
        .with_id("acme")
        .with_rule_set(rules)
        .unwrap()
}

fn query(password: &str) -> String {
    form_urlencoded::Serializer::new(String::new())
        .append_pair("Action", "ResetInstancesPassword")
        .append_pair("Version", "2017-03-12")
        .append_pair("InstanceIds.0", "ins-r8hr2upy")
        .append_pair("Password", password)
        .finish()
}

#[test]
fn one_report_with_one_length_message_and_custom_rules_last_in_the_order_added() {
    let profile = organisation();
    let windows = OsSet::only(OsFamily::Windows);
    let q = query("acme2024");
    let report =
        Request::from_query(q.as_bytes(), &profile).validate(&Context::new().with_os(windows));
    let rules: Vec<RuleId> = report.diagnostics().iter().map(|d| d.rule()).collect();
    assert_eq!(
        rules,
        [
            RuleId::PasswordLength,
            RuleId::PasswordClasses,
            RuleId::Custom("acme.no_company_name"),
            RuleId::Custom("acme.no_year"),
        ]
    );
    let [length, _, company, year] = report.diagnostics() else {
        unreachable!()
    };
    assert!(matches!(
        length.params(),
        Params::Range {
            min: 14,
            max: 30,
            actual: 8,
            ..
        }
    ));
    assert_eq!(
        company.code(),
        Some("InvalidParameterValue.InvalidPassword")
    );
    assert_eq!(company.severity(), Severity::Error);
    // The name the rule put in its params is part of the password now: shown
    // redacted, in the message and in the JSON alike.
    assert_eq!(
        company.message(Locale::En),
        "Password must not contain the company's name (<redacted>)."
    );
    assert_eq!(
        company.message(Locale::ZhCn),
        "密码不能包含公司名称（<redacted>）。"
    );
    assert_eq!(year.severity(), Severity::Warning);
    assert_eq!(year.code(), None, "warnings carry no code");
    assert_eq!(
        year.message(Locale::ZhCn),
        "Password should not hold a year.",
        "falls back to English"
    );

    // A warning alone leaves the request valid.
    let q = query("Vq8#kLm2!pZx2019");
    let report =
        Request::from_query(q.as_bytes(), &profile).validate(&Context::new().with_os(windows));
    assert!(report.is_valid());
    assert_eq!(report.warnings().count(), 1);
    assert!(profile.policy(windows).accepts("Vq8#kLm2!pZx2019", None));

    // The deny-list: any ASCII case; its message never says which entry.
    let q = query("summer2024!summer");
    let report =
        Request::from_query(q.as_bytes(), &profile).validate(&Context::new().with_os(windows));
    let d = report.first_error().unwrap();
    assert_eq!(d.rule(), RuleId::PasswordDenylist);
    for locale in [Locale::En, Locale::ZhCn] {
        let message = d.message(locale);
        assert!(
            !message.to_lowercase().contains("summer") && !message.contains('3'),
            "{message}"
        );
    }
}

#[test]
fn one_checklist_and_one_json_for_built_in_and_custom_rules() {
    let profile = organisation();
    let policy = profile.policy(OsSet::only(OsFamily::Windows));
    let checklist = policy.checklist(Some(&Password::new("Acme!2024xyzXYZ")), None);
    let lines: Vec<(String, Option<bool>)> = checklist
        .requirements()
        .iter()
        .map(|r| (r.message(Locale::En), r.is_met()))
        .collect();
    assert_eq!(lines.len(), 8);
    assert_eq!(lines[0], ("14 to 30 characters".into(), Some(true)));
    assert_eq!(
        lines[5],
        ("Not a common, leaked or banned password".into(), Some(true))
    );
    assert_eq!(
        lines[6],
        ("Does not contain the company's name".into(), Some(false))
    );
    // No requirement line of its own: a sentence that names the rule.
    assert_eq!(
        lines[7],
        ("Meets the rule acme.no_year".into(), Some(false))
    );

    let report = profile.check_password(
        &Password::new("Acme!2024xyzXYZ"),
        OsSet::only(OsFamily::Windows),
        None,
    );
    let json = serde_json::to_value(Localized::new(&report, Locale::En)).unwrap();
    assert_eq!(json["profile"], "acme");
    let rules = crate::support::policy_rule_ids(&json);
    assert_eq!(
        rules,
        [
            "password.length",
            "password.classes",
            "password.leading_slash",
            "password.charset",
            "password.contains_username",
            "password.denylist",
            "acme.no_company_name",
            "acme.no_year"
        ]
    );
    // The deny-list shows no entry and no count.
    assert_eq!(
        json["policy"]["rules"][5],
        serde_json::json!({"rule": "password.denylist"})
    );
    let diagnostics = json["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics[0]["rule"], "acme.no_company_name");
    assert_eq!(
        diagnostics[0]["params"],
        serde_json::json!({"name": "<redacted>"})
    );
    assert_eq!(diagnostics[1]["code"], serde_json::Value::Null);
    assert_eq!(diagnostics[1]["severity"], "warning");
    assert_eq!(diagnostics[1]["params"], serde_json::json!({"at": 6}));
}

#[test]
fn the_login_settings_rules_as_a_profile_of_ones_own() {
    let run_instances = Profile::API3
        .clone()
        .with_id("run-instances")
        .with_rule_set(RuleSet::LOGIN_SETTINGS.clone())
        .unwrap();
    let linux = OsSet::only(OsFamily::Linux);
    // `_` is refused, the backtick and a leading `/` are not (12 characters:
    // the length recommended).
    let report = run_instances.check_password(&Password::new("/abc`123_xyz"), linux, None);
    let [charset] = &report.diagnostics()[..] else {
        panic!("{:?}", report.diagnostics())
    };
    assert_eq!(charset.rule(), RuleId::PasswordCharset);
    assert_eq!(
        charset.code(),
        Some("InvalidParameterValue.InvalidPassword")
    );
    assert!(
        run_instances
            .check_password(&Password::new("/abc`1234"), linux, None)
            .is_valid()
    );
    // Two classes of four are enough on Linux.
    assert!(
        run_instances
            .check_password(&Password::new("abcdefgh12"), linux, None)
            .is_valid()
    );
    // Unknown OS: every family's rules, so Windows' 12 characters and 3 classes.
    let unknown = run_instances.check_password(&Password::new("abcdefgh12"), OsSet::UNKNOWN, None);
    let rules: Vec<RuleId> = unknown.diagnostics().iter().map(|d| d.rule()).collect();
    assert_eq!(rules, [RuleId::PasswordLength, RuleId::PasswordClasses]);
}

#[test]
fn a_custom_rule_cannot_echo_the_password() {
    let password = "Vq8#kLm2!pZx4w";
    let policy = Profile::API3
        .policy(OsSet::only(OsFamily::Linux))
        .and(&cvm_rules::Policy::new(&[PasswordRule::custom(Echo)]).unwrap())
        .unwrap();
    let report = Profile::API3.check_password_with(&policy, &Password::new(password), None);
    let d = report.first_error().unwrap();
    assert_eq!(d.rule(), RuleId::Custom("acme.echo"));
    for locale in [Locale::En, Locale::ZhCn] {
        let outputs = [
            d.message(locale),
            format!("{d:?}"),
            serde_json::to_string(&Localized::new(&report, locale)).unwrap(),
        ];
        for text in outputs {
            assert!(!text.contains(password), "leaked in {text}");
            assert!(text.contains("<redacted>"), "{text}");
        }
    }
}

/// A warning does not refuse a password: `accepts` looks past a failing warning
/// to the errors, and only when the policy has a warning.
#[test]
fn accepts_looks_past_warnings_only() {
    let warning_only = Policy::new(&[PasswordRule::custom(NoYear)]).unwrap();
    assert!(warning_only.accepts("Summer2024!x", None));
    let report =
        Profile::API3.check_password_with(&warning_only, &Password::new("Summer2024!x"), None);
    assert!(report.is_valid());
    assert_eq!(report.warnings().count(), 1);

    let with_error = warning_only
        .and(&Policy::new(&[PasswordRule::Length { min: 14, max: 30 }]).unwrap())
        .unwrap();
    assert!(
        !with_error.accepts("Summer2024!x", None),
        "the length error refuses it"
    );
    assert!(
        with_error.accepts("Summer2024!x-long", None),
        "only the warning fails"
    );
    let errors_only = Policy::new(&[PasswordRule::Length { min: 14, max: 30 }]).unwrap();
    assert!(!errors_only.accepts("Summer2024!x", None));
}

/// A custom rule that fails as an error with a code of its own.
struct NoAcme;

impl CustomRule for NoAcme {
    fn id(&self) -> &'static str {
        "acme.no_acme"
    }
    fn check(&self, subject: &Subject<'_>) -> Result<(), CustomParams> {
        let password = subject.password();
        if password.expose().contains("acme") {
            Err(CustomParams::new())
        } else {
            Ok(())
        }
    }
    fn message(&self, _: &CustomParams, _: Locale) -> Option<String> {
        Some("Password must not hold the company's name.".into())
    }
    fn code(&self) -> Option<&'static str> {
        Some("Acme.CompanyName")
    }
}

/// A password's report gives each error its code: a custom rule's own, or the
/// profile's password code; a warning has none.
#[test]
fn password_reports_carry_each_rules_code() {
    let policy = Policy::new(&[
        PasswordRule::Length { min: 14, max: 30 },
        PasswordRule::custom(NoAcme),
        PasswordRule::custom(NoYear),
    ])
    .unwrap();
    let report = Profile::API3.check_password_with(&policy, &Password::new("acme2024"), None);
    let codes: Vec<_> = report
        .diagnostics()
        .iter()
        .map(|d| (d.rule().as_str().to_string(), d.code()))
        .collect();
    assert_eq!(
        codes,
        [
            (
                "password.length".to_string(),
                Some("InvalidParameterValue.InvalidPassword")
            ),
            ("acme.no_acme".to_string(), Some("Acme.CompanyName")),
            ("acme.no_year".to_string(), None),
        ]
    );
}

/// The rule of the custom-rule issue: the password must not contain an instance
/// id of its request (ignoring ASCII case). It allocates nothing when it passes
/// (tests/alloc.rs uses it too).
pub(crate) struct NoInstanceId;

impl CustomRule for NoInstanceId {
    fn id(&self) -> &'static str {
        "acme.no_instance_id"
    }
    fn check(&self, subject: &Subject<'_>) -> Result<(), CustomParams> {
        let password = subject.password().expose().as_bytes();
        let held = subject.instance_ids().any(|id| {
            password
                .windows(id.len())
                .any(|w| w.eq_ignore_ascii_case(id.as_bytes()))
        });
        if held {
            Err(CustomParams::new())
        } else {
            Ok(())
        }
    }
    fn message(&self, _: &CustomParams, _: Locale) -> Option<String> {
        Some("Password must not contain an instance id of the request.".into())
    }
}

fn with_rule(rule: impl CustomRule) -> Profile {
    let rules = RuleSet::API3
        .clone()
        .with_id("acme")
        .with_rule(OsSet::ALL, PasswordRule::custom(rule));
    Profile::API3
        .clone()
        .with_id("acme")
        .with_rule_set(rules)
        .unwrap()
}

/// The query, JSON and built forms of one request of `ids` and `password`.
fn three_forms<'p>(
    profile: &'p Profile,
    ids: &[&str],
    password: &str,
) -> Vec<Request<'static, 'p>> {
    let mut query = form_urlencoded::Serializer::new(String::new());
    query
        .append_pair("Action", "ResetInstancesPassword")
        .append_pair("Version", "2017-03-12");
    for (i, id) in ids.iter().enumerate() {
        query.append_pair(&format!("InstanceIds.{i}"), id);
    }
    let query = query.append_pair("Password", password).finish();
    let json = serde_json::json!({ "InstanceIds": ids, "Password": password }).to_string();
    let built = Request::new(profile)
        .with_instance_ids(ids.iter().map(|id| id.to_string()))
        .with_password(password.to_string());
    vec![
        Request::from_query(query.as_bytes(), profile).into_owned(),
        Request::from_json(json.as_bytes(), profile).into_owned(),
        built,
    ]
}

fn custom_errors(report: &cvm_rules::Report<'_>) -> Vec<RuleId> {
    report
        .errors()
        .map(|d| d.rule())
        .filter(|r| matches!(r, RuleId::Custom(_)))
        .collect()
}

#[test]
fn a_custom_rule_sees_the_instance_ids_of_the_request_in_every_form() {
    let profile = with_rule(NoInstanceId);
    let linux = Context::new().with_os(OsSet::only(OsFamily::Linux));
    let ids = ["ins-aaaaaaaa", "ins-r8hr2upy", "ins-5d8a23rs"];
    // The password holds the second id, in other case.
    let holding = "Xy!INS-R8hr2upy9";
    for request in three_forms(&profile, &ids, holding) {
        let form = request.form();
        let report = request.validate(&linux);
        assert_eq!(
            custom_errors(&report),
            [RuleId::Custom("acme.no_instance_id")],
            "{form:?}"
        );
        let first = report.first_error().unwrap();
        assert_eq!(first.code(), Some("InvalidParameterValue.InvalidPassword"));
        // The report's checklist marks the rule failed, from the request's check.
        let checklist = report.checklist();
        let line = checklist.requirements().last().unwrap();
        assert_eq!(
            (line.id(), line.is_met()),
            (RuleId::Custom("acme.no_instance_id"), Some(false))
        );
    }
    // The same password in a request of other ids passes.
    for request in three_forms(&profile, &["ins-aaaaaaaa"], holding) {
        let report = request.validate(&linux);
        assert!(report.is_valid(), "{:?}", report.diagnostics());
    }
}

#[test]
fn a_custom_rule_sees_no_instance_id_when_the_password_is_checked_alone() {
    let profile = with_rule(NoInstanceId);
    let linux = OsSet::only(OsFamily::Linux);
    let holding = "Xy!INS-R8hr2upy9";
    let password = Password::new(holding);
    assert!(profile.check_password(&password, linux, None).is_valid());
    let policy = profile.policy(linux);
    assert!(policy.accepts(holding, None));
    assert!(policy.checklist(Some(&password), None).all_met());
    assert!(
        PasswordRule::custom(NoInstanceId)
            .check(&password, None)
            .is_ok()
    );
}

/// Everything a rule saw, one entry per check (shared with the test that reads it).
type Seen = std::sync::Arc<std::sync::Mutex<Vec<String>>>;

/// Records what it sees, `Debug` and all, and passes.
struct Recorder(Seen);

impl CustomRule for Recorder {
    fn id(&self) -> &'static str {
        "acme.recorder"
    }
    fn check(&self, subject: &Subject<'_>) -> Result<(), CustomParams> {
        let ids: Vec<&str> = subject.instance_ids().collect();
        let seen = format!(
            "request={} ids={ids:?} user={:?} families={:?} debug={subject:?}",
            subject.has_request(),
            subject.user_name(),
            subject.families(),
        );
        self.0.lock().unwrap().push(seen);
        Ok(())
    }
    fn message(&self, _: &CustomParams, _: Locale) -> Option<String> {
        None
    }
}

/// Facts of instances of these OS families (no state).
fn facts_of(instances: &[(&str, OsFamily)]) -> cvm_rules::Facts {
    instances
        .iter()
        .map(|&(id, os)| (id, cvm_rules::InstanceFacts::new(Some(os), None)))
        .collect()
}

#[test]
fn what_a_custom_rule_sees_in_a_request_and_alone_and_its_debug_hides_the_password() {
    const SENTINEL: &str = "Sentinel-7Qx!pw";
    let seen = Seen::default();
    let profile = with_rule(Recorder(seen.clone()));
    let take = || std::mem::take(&mut *seen.lock().unwrap());

    let facts = facts_of(&[
        ("ins-r8hr2upy", OsFamily::Ubuntu),
        ("ins-5d8a23rs", OsFamily::Windows),
    ]);
    let request = Request::new(&profile)
        .with_instance_ids(["ins-r8hr2upy", "ins-5d8a23rs"])
        .with_user_name("admin")
        .with_password(SENTINEL);
    request.validate(&Context::new().with_facts(&facts));
    request.validate(&Context::new());
    let q = "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.0=ins-r8hr2upy&InstanceIds.1=&Password=Sentinel-7Qx%21pw";
    Request::from_query(q.as_bytes(), &profile).validate(&Context::new());
    let in_requests = take();
    assert_eq!(
        in_requests
            .iter()
            .map(|s| s.split(" debug=").next().unwrap())
            .collect::<Vec<_>>(),
        [
            // The batch's families, from the facts of its instances.
            r#"request=true ids=["ins-r8hr2upy", "ins-5d8a23rs"] user=Some("admin") families={Ubuntu, Windows}"#,
            // OS unknown: every family's rules apply.
            r#"request=true ids=["ins-r8hr2upy", "ins-5d8a23rs"] user=Some("admin") families={Linux, Ubuntu, Windows}"#,
            // An empty item is left out.
            r#"request=true ids=["ins-r8hr2upy"] user=None families={Linux, Ubuntu, Windows}"#,
        ]
    );

    let windows = OsSet::only(OsFamily::Windows);
    let password = Password::new(SENTINEL);
    profile.check_password(&password, windows, Some("root"));
    profile.policy(windows).accepts(SENTINEL, None);
    profile.policy(windows).checklist(Some(&password), None);
    Policy::new(&[PasswordRule::custom(Recorder(seen.clone()))])
        .unwrap()
        .accepts(SENTINEL, None);
    let alone = take();
    assert_eq!(
        alone
            .iter()
            .map(|s| s.split(" debug=").next().unwrap())
            .collect::<Vec<_>>(),
        [
            r#"request=false ids=[] user=Some("root") families={Windows}"#,
            r#"request=false ids=[] user=None families={Windows}"#,
            r#"request=false ids=[] user=None families={Windows}"#,
            // A policy of rules alone concerns no family.
            r#"request=false ids=[] user=None families={}"#,
        ]
    );
    for s in in_requests.iter().chain(&alone) {
        assert!(!s.contains("Sentinel"), "{s}");
        assert!(s.contains("password: Password(<redacted>)"), "{s}");
    }
    // Generation checks candidates alone.
    let policy = profile.policy(windows);
    policy
        .generate(&mut rand::rng(), None, Some("root"))
        .unwrap();
    let generated = take();
    assert!(!generated.is_empty());
    assert!(
        generated
            .iter()
            .all(|s| s.starts_with(r#"request=false ids=[] user=Some("root") families={Windows}"#)),
        "{generated:?}"
    );
}

/// On Windows only: no `admin` in the password (any case).
struct NoAdminOnWindows;

impl CustomRule for NoAdminOnWindows {
    fn id(&self) -> &'static str {
        "acme.no_admin_on_windows"
    }
    fn check(&self, subject: &Subject<'_>) -> Result<(), CustomParams> {
        let windows = subject.families().contains(OsFamily::Windows);
        if windows
            && subject
                .password()
                .expose()
                .to_ascii_lowercase()
                .contains("admin")
        {
            Err(CustomParams::new())
        } else {
            Ok(())
        }
    }
    fn message(&self, _: &CustomParams, _: Locale) -> Option<String> {
        Some("On Windows, a password must not contain admin.".into())
    }
}

#[test]
fn a_custom_rule_reads_the_os_families() {
    let profile = with_rule(NoAdminOnWindows);
    let password = "Admin-2024!xyzW";
    let fails = |request: &Request<'_, '_>, ctx: &Context<'_>| {
        custom_errors(&request.validate(ctx)) == [RuleId::Custom("acme.no_admin_on_windows")]
    };
    let windows = OsSet::only(OsFamily::Windows);
    let linux = OsSet::only(OsFamily::Linux);
    let facts = facts_of(&[
        ("ins-r8hr2upy", OsFamily::Windows),
        ("ins-5d8a23rs", OsFamily::Ubuntu),
    ]);
    for request in three_forms(&profile, &["ins-5d8a23rs"], password) {
        assert!(fails(&request, &Context::new().with_os(windows)));
        assert!(!fails(&request, &Context::new().with_os(linux)));
        // Unknown OS: the strictest rules, Windows' included.
        assert!(fails(&request, &Context::new()));
        // The facts say Ubuntu.
        assert!(!fails(&request, &Context::new().with_facts(&facts)));
    }
    for request in three_forms(&profile, &["ins-5d8a23rs", "ins-r8hr2upy"], password) {
        // One Windows instance in the batch.
        assert!(fails(&request, &Context::new().with_facts(&facts)));
    }
    // Alone: the families of the policy.
    let p = Password::new(password);
    assert!(!profile.check_password(&p, windows, None).is_valid());
    assert!(profile.check_password(&p, linux, None).is_valid());
    assert!(!profile.policy(windows).accepts(password, None));
    assert!(profile.policy(linux).accepts(password, None));
    // A policy of the rule alone concerns no family.
    let alone = Policy::new(&[PasswordRule::custom(NoAdminOnWindows)]).unwrap();
    assert!(alone.accepts(password, None));
    assert!(
        !Profile::API3
            .policy(windows)
            .and(&alone)
            .unwrap()
            .accepts(password, None)
    );
}
