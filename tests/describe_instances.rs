//! Real-shaped `DescribeInstances` answers (`tests/data/describe-instances/`, every
//! field Tencent returns: nested `LoginSettings`, `null`s, Chinese OS names, paging
//! fields), each read as instance facts and used to check a request.

use cvm_rules::{
    Context, Facts, FactsError, InstanceFacts, InstanceState, OsFamily, Profile, Request, RuleId,
};

fn read(name: &str) -> Result<Facts, FactsError> {
    let path = format!(
        "{}/tests/data/describe-instances/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    Facts::from_json(&std::fs::read_to_string(path).expect("fixture"))
}

/// (file, complete, every instance: id, OS, state, stopped without charging), as
/// the fixture's README says.
#[allow(clippy::type_complexity)]
const READABLE: &[(&str, bool, &[(&str, Option<OsFamily>, &str, bool)])] = &[
    (
        "single-windows-running.json",
        true,
        &[("ins-qjxxvbot", Some(OsFamily::Windows), "RUNNING", false)],
    ),
    (
        "mixed-linux-windows-ubuntu.json",
        true,
        &[
            ("ins-xiuwp731", Some(OsFamily::Linux), "STOPPED", true),
            ("ins-m3tvw78u", Some(OsFamily::Windows), "RUNNING", false),
            ("ins-ivdm3rdz", Some(OsFamily::Ubuntu), "STOPPED", false),
            ("ins-qm1zh85h", Some(OsFamily::Linux), "RUNNING", false),
        ],
    ),
    (
        "paged-first-page.json",
        false,
        &[
            ("ins-e6iflxut", Some(OsFamily::Linux), "RUNNING", false),
            ("ins-0lsauywy", Some(OsFamily::Linux), "RUNNING", false),
            ("ins-uzg3n195", Some(OsFamily::Windows), "STOPPED", false),
        ],
    ),
    (
        "states-2024.json",
        true,
        &[
            (
                "ins-atipyk2w",
                Some(OsFamily::Linux),
                "ENTER_RESCUE_MODE",
                false,
            ),
            ("ins-70t4sxt5", Some(OsFamily::Ubuntu), "RESCUE_MODE", false),
            (
                "ins-gy2fqcr5",
                Some(OsFamily::Linux),
                "EXIT_RESCUE_MODE",
                false,
            ),
            (
                "ins-9medc1h7",
                Some(OsFamily::Windows),
                "ENTER_SERVICE_LIVE_MIGRATE",
                false,
            ),
            (
                "ins-sp2vt6h9",
                Some(OsFamily::Linux),
                "SERVICE_LIVE_MIGRATE",
                false,
            ),
            (
                "ins-lpo1o0lv",
                Some(OsFamily::Ubuntu),
                "EXIT_SERVICE_LIVE_MIGRATE",
                false,
            ),
        ],
    ),
    (
        "all-classic-states.json",
        true,
        &[
            ("ins-i8w1n2c3", Some(OsFamily::Linux), "PENDING", false),
            (
                "ins-4jad4ane",
                Some(OsFamily::Ubuntu),
                "LAUNCH_FAILED",
                false,
            ),
            ("ins-z5azz59l", Some(OsFamily::Windows), "RUNNING", false),
            ("ins-c697qz02", Some(OsFamily::Linux), "STOPPED", true),
            ("ins-yltj609c", Some(OsFamily::Linux), "STARTING", false),
            ("ins-ywdm1pwo", Some(OsFamily::Windows), "STOPPING", false),
            ("ins-585h7v7l", Some(OsFamily::Ubuntu), "REBOOTING", false),
            ("ins-b0dlj6fo", Some(OsFamily::Linux), "SHUTDOWN", false),
            (
                "ins-puulg9wx",
                Some(OsFamily::Windows),
                "TERMINATING",
                false,
            ),
        ],
    ),
    (
        "empty-os-name.json",
        true,
        &[
            ("ins-y8likkj4", None, "RUNNING", false),
            ("ins-kggaegla", None, "STOPPED", false),
            ("ins-3346xgpy", None, "RUNNING", false),
        ],
    ),
    (
        "placeholder-state.json",
        true,
        &[
            ("ins-xlsyru2j", Some(OsFamily::Linux), "RUNNING", false),
            ("ins-h3daqhgp", Some(OsFamily::Linux), "xx", false),
            ("ins-fqlzrxso", Some(OsFamily::Ubuntu), "MIGRATING", false),
        ],
    ),
    (
        "lowercase-state.json",
        true,
        &[
            ("ins-o7m8zdlv", Some(OsFamily::Windows), "RUNNING", false),
            ("ins-bsuhuajq", Some(OsFamily::Ubuntu), "STOPPED", false),
            ("ins-pcv0surf", Some(OsFamily::Linux), "RUNNING", false),
        ],
    ),
    ("empty-set.json", true, &[]),
    (
        "top-level-instance-set.json",
        true,
        &[
            ("ins-g6857rj6", Some(OsFamily::Windows), "STOPPED", false),
            ("ins-98lnpglr", Some(OsFamily::Linux), "RUNNING", false),
        ],
    ),
    (
        "bare-array.json",
        true,
        &[
            ("ins-q7kty8fz", Some(OsFamily::Ubuntu), "RUNNING", false),
            ("ins-elspztjt", Some(OsFamily::Windows), "RUNNING", false),
        ],
    ),
];

#[test]
fn every_answer_is_read_as_its_readme_says() {
    for (file, complete, instances) in READABLE {
        let facts = read(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(facts.is_complete(), *complete, "{file}");
        assert_eq!(facts.len(), instances.len(), "{file}");
        for (id, os, state, stop_charging) in *instances {
            let known = facts.get(id).unwrap_or_else(|| panic!("{file}: {id}"));
            assert_eq!(known.os, *os, "{file} {id}");
            assert_eq!(
                known.state,
                Some(InstanceState::from_name(state)),
                "{file} {id}"
            );
            assert_eq!(known.stop_charging, *stop_charging, "{file} {id}");
        }
    }
}

#[test]
fn what_is_not_a_describe_instances_answer_is_refused_saying_what_it_is() {
    let error = read("error-response.json").unwrap_err();
    assert_eq!(
        error,
        FactsError::ErrorResponse {
            code: "AuthFailure.SignatureFailure".into()
        }
    );
    let error = read("describe-instances-status.json").unwrap_err();
    assert_eq!(
        error,
        FactsError::OtherAnswer {
            action: "DescribeInstancesStatus"
        }
    );
    assert!(
        error.to_string().contains("call DescribeInstances"),
        "{error}"
    );
}

/// The rules of the report on `ids` (query form of `profile`, a password that
/// passes Linux but not Windows, `ForceStop` as given), with the facts of `file`.
fn check(
    profile: &'static Profile,
    file: &str,
    ids: &[&str],
    force_stop: Option<&str>,
) -> Vec<(String, RuleId)> {
    let facts = read(file).unwrap();
    let mut query = String::from("Action=ResetInstancesPassword&Version=2017-03-12");
    for (i, id) in ids.iter().enumerate() {
        query.push_str(&format!(
            "&InstanceIds.{}={id}",
            profile.index_base() as usize + i
        ));
    }
    query.push_str("&Password=abc12345");
    if let Some(force_stop) = force_stop {
        query.push_str(&format!("&ForceStop={force_stop}"));
    }
    let report =
        Request::from_query(query.as_bytes(), profile).validate(&Context::new().with_facts(&facts));
    report
        .diagnostics()
        .iter()
        .map(|d| (d.field().to_string(), d.rule()))
        .collect()
}

#[test]
fn a_paged_answer_warns_about_ids_it_does_not_list_and_takes_their_os_as_unknown() {
    // Both listed and Linux: the Linux rules, nothing else.
    let listed = check(
        Profile::API3,
        "paged-first-page.json",
        &["ins-e6iflxut", "ins-0lsauywy"],
        Some("TRUE"),
    );
    assert_eq!(
        listed,
        [
            ("Password".into(), RuleId::PasswordClasses),
            // 8 characters: API 3.0 recommends 12 for Linux (a warning).
            ("Password".into(), RuleId::PasswordRecommendedLength),
        ]
    );
    // One on the next page: a warning, not NotFound, and the strictest policy.
    let paged = check(
        Profile::API3,
        "paged-first-page.json",
        &["ins-e6iflxut", "ins-00000042"],
        Some("TRUE"),
    );
    assert_eq!(
        paged,
        [
            ("InstanceIds.1".into(), RuleId::InstanceIdNotInFacts),
            ("Password".into(), RuleId::PasswordLength),
            ("Password".into(), RuleId::PasswordClasses),
        ]
    );
    // A complete answer: the same id is not found.
    let complete = check(
        Profile::API3,
        "mixed-linux-windows-ubuntu.json",
        &["ins-xiuwp731", "ins-00000042"],
        None,
    );
    assert_eq!(
        complete[..2],
        [
            // Stopped without charging, in this fixture.
            ("InstanceIds.0".into(), RuleId::InstanceStopCharging),
            ("InstanceIds.1".into(), RuleId::InstanceIdNotFound)
        ]
    );
}

#[test]
fn stopped_without_charging_is_refused_with_each_profile_s_code() {
    // STOP_CHARGING (ins-c697qz02, ins-xiuwp731) refuses; KEEP_CHARGING
    // (ins-ivdm3rdz), NOT_APPLICABLE, null (ins-kggaegla) and absent
    // (ins-g6857rj6) do not.
    for (profile, code) in [
        (Profile::LEGACY_2017, "InvalidInstance.NotSupported"),
        (
            Profile::API3,
            "UnsupportedOperation.StoppedModeStopCharging",
        ),
    ] {
        for (file, ids, refused) in [
            ("all-classic-states.json", &["ins-c697qz02"][..], true),
            (
                "mixed-linux-windows-ubuntu.json",
                &["ins-xiuwp731", "ins-ivdm3rdz"][..],
                true,
            ),
            ("empty-os-name.json", &["ins-kggaegla"][..], false),
            ("top-level-instance-set.json", &["ins-g6857rj6"][..], false),
        ] {
            let facts = read(file).unwrap();
            let request = Request::new(profile)
                .with_instance_ids(ids.iter().copied())
                .with_password("abc123ABC!@#xyz9");
            let report = request.validate(&Context::new().with_facts(&facts));
            let stop: Vec<_> = report
                .diagnostics()
                .iter()
                .filter(|d| d.rule() == RuleId::InstanceStopCharging)
                .collect();
            assert_eq!(stop.len(), usize::from(refused), "{file}");
            if let [d] = &stop[..] {
                assert_eq!(d.code(), Some(code));
                assert_eq!(
                    d.field().to_string(),
                    format!("InstanceIds.{}", profile.index_base())
                );
            }
        }
    }
}

#[test]
fn force_stop_false_on_a_running_instance_is_a_warning_in_both_profiles() {
    for profile in Profile::ALL {
        let soft = check(
            profile,
            "single-windows-running.json",
            &["ins-qjxxvbot"],
            Some("FALSE"),
        );
        let field = format!("InstanceIds.{}", profile.index_base());
        assert_eq!(soft[0], (field.clone(), RuleId::InstanceRunningSoftStop));
        let missing = check(
            profile,
            "single-windows-running.json",
            &["ins-qjxxvbot"],
            None,
        );
        assert_eq!(missing[0], (field, RuleId::InstanceRunningWithoutForceStop));
        let forced = check(
            profile,
            "single-windows-running.json",
            &["ins-qjxxvbot"],
            Some("TRUE"),
        );
        assert!(
            forced
                .iter()
                .all(|(_, rule)| rule.as_str().starts_with("password.")),
            "{forced:?}"
        );
    }
}

#[test]
fn the_2024_states_have_their_codes_in_both_profiles() {
    let ids = [
        "ins-atipyk2w",
        "ins-70t4sxt5",
        "ins-gy2fqcr5",
        "ins-9medc1h7",
        "ins-sp2vt6h9",
        "ins-lpo1o0lv",
    ];
    let api3_codes = [
        "UnsupportedOperation.InstanceStateEnterRescueMode",
        "UnsupportedOperation.InstanceStateRescueMode",
        "UnsupportedOperation.InstanceStateExitRescueMode",
        "UnsupportedOperation.InstanceStateServiceLiveMigrate",
        "UnsupportedOperation.InstanceStateServiceLiveMigrate",
        "UnsupportedOperation.InstanceStateServiceLiveMigrate",
    ];
    let facts = read("states-2024.json").unwrap();
    for profile in Profile::ALL {
        let mut query = String::from(
            "Action=ResetInstancesPassword&Version=2017-03-12&Password=abc123ABC!@%23&ForceStop=TRUE",
        );
        for (i, id) in ids.iter().enumerate() {
            query.push_str(&format!(
                "&InstanceIds.{}={id}",
                profile.index_base() as usize + i
            ));
        }
        let report = Request::from_query(query.as_bytes(), profile)
            .validate(&Context::new().with_facts(&facts));
        let codes: Vec<&str> = report
            .diagnostics()
            .iter()
            .map(|d| d.code().unwrap())
            .collect();
        if profile.id() == "api3" {
            assert_eq!(codes, api3_codes);
        } else {
            assert_eq!(codes, ["InvalidInstance.NotSupported"; 6]);
        }
        assert!(
            report
                .diagnostics()
                .iter()
                .all(|d| d.rule() == RuleId::InstanceState)
        );
    }
}

#[test]
fn unknown_and_lowercase_states_and_empty_os_names() {
    // Placeholder states are warned about and block nothing; the RUNNING one needs ForceStop.
    let placeholder = check(
        Profile::API3,
        "placeholder-state.json",
        &["ins-xlsyru2j", "ins-h3daqhgp", "ins-fqlzrxso"],
        None,
    );
    assert_eq!(
        placeholder,
        [
            (
                "InstanceIds.0".into(),
                RuleId::InstanceRunningWithoutForceStop
            ),
            ("InstanceIds.1".into(), RuleId::InstanceStateUnknown),
            ("InstanceIds.2".into(), RuleId::InstanceStateUnknown),
            ("Password".into(), RuleId::PasswordClasses),
            ("Password".into(), RuleId::PasswordRecommendedLength),
        ]
    );
    // "running" is RUNNING: without ForceStop a Windows instance is refused.
    let lowercase = check(
        Profile::LEGACY_2017,
        "lowercase-state.json",
        &["ins-o7m8zdlv", "ins-bsuhuajq"],
        None,
    );
    assert_eq!(
        lowercase[0],
        (
            "InstanceIds.1".into(),
            RuleId::InstanceRunningWithoutForceStop
        )
    );
    // An empty OsName is no OS: the strictest policy (Windows' 12 characters).
    let empty = check(
        Profile::LEGACY_2017,
        "empty-os-name.json",
        &["ins-kggaegla"],
        None,
    );
    assert_eq!(
        empty,
        [
            ("Password".into(), RuleId::PasswordLength),
            ("Password".into(), RuleId::PasswordClasses)
        ]
    );
}

/// One page of a `DescribeInstances` listing of `total` instances: `ids` in
/// `state`, Linux.
fn page(total: u64, ids: &[&str], state: &str) -> Facts {
    let set: Vec<String> = ids
        .iter()
        .map(|id| {
            format!(r#"{{"InstanceId":"{id}","OsName":"CentOS 7.9","InstanceState":"{state}"}}"#)
        })
        .collect();
    Facts::from_json(&format!(
        r#"{{"Response":{{"TotalCount":{total},"InstanceSet":[{}],"RequestId":"x"}}}}"#,
        set.join(",")
    ))
    .unwrap()
}

/// The facts' verdict on an id they do not list, in a request of `ids`.
fn unknown_id_rule(facts: &Facts) -> RuleId {
    let request = Request::new(Profile::API3)
        .with_instance_id("ins-99999999")
        .with_password("abc123ABC!@#");
    let report = request.validate(&Context::new().with_facts(facts));
    report.diagnostics()[0].rule()
}

#[test]
fn the_pages_of_a_listing_merge_into_complete_facts() {
    let first = page(3, &["ins-00000001", "ins-00000002"], "STOPPED");
    let second = page(3, &["ins-00000003"], "RUNNING");
    assert!(!first.is_complete() && !second.is_complete());
    let mut facts = Facts::new();
    facts.merge(first);
    assert!(!facts.is_complete()); // 2 of 3
    assert_eq!(unknown_id_rule(&facts), RuleId::InstanceIdNotInFacts);
    facts.merge(second);
    assert!(facts.is_complete()); // 3 of 3
    assert_eq!(unknown_id_rule(&facts), RuleId::InstanceIdNotFound);
    let ids: Vec<&str> = facts.iter().map(|(id, _)| id).collect();
    assert_eq!(ids, ["ins-00000001", "ins-00000002", "ins-00000003"]);
    assert_eq!(
        facts.get("ins-00000003").unwrap().state,
        Some(InstanceState::Running)
    );
    // The pages in the other order give the same facts.
    let mut reversed = page(3, &["ins-00000003"], "RUNNING");
    reversed.merge(page(3, &["ins-00000001", "ins-00000002"], "STOPPED"));
    assert_eq!(
        reversed.iter().collect::<Vec<_>>(),
        facts.iter().collect::<Vec<_>>()
    );
    assert!(reversed.is_complete());
}

#[test]
fn an_id_on_two_pages_keeps_the_later_page_s_facts_and_counts_once() {
    // The listing shifted between calls: one instance on both pages.
    let mut facts = page(3, &["ins-00000001", "ins-00000002"], "STOPPED");
    facts.merge(page(3, &["ins-00000002"], "RUNNING"));
    assert_eq!(facts.len(), 2);
    assert_eq!(
        facts.get("ins-00000002").unwrap().state,
        Some(InstanceState::Running)
    );
    // Two instances of three: not complete, whatever the pages listed.
    assert!(!facts.is_complete());
    facts.merge(page(3, &["ins-00000003"], "STOPPED"));
    assert!(facts.is_complete());
}

#[test]
fn pages_of_different_total_counts_are_gathered_apart() {
    // A whole answer of two, then one page of a listing of five (another call):
    // five ids known, but two of the listing of five are not.
    let whole = page(2, &["ins-00000001", "ins-00000002"], "STOPPED");
    assert!(whole.is_complete());
    for (mut facts, other) in [
        (
            whole.clone(),
            page(
                5,
                &["ins-00000003", "ins-00000004", "ins-00000005"],
                "STOPPED",
            ),
        ),
        (
            page(
                5,
                &["ins-00000003", "ins-00000004", "ins-00000005"],
                "STOPPED",
            ),
            whole.clone(),
        ),
    ] {
        facts.merge(other);
        assert_eq!(facts.len(), 5);
        assert!(!facts.is_complete(), "three of the listing of five");
        assert_eq!(unknown_id_rule(&facts), RuleId::InstanceIdNotInFacts);
        facts.merge(page(5, &["ins-00000006", "ins-00000007"], "STOPPED"));
        assert!(facts.is_complete(), "five of five, and the whole answer");
    }
    // The listing grew between calls (two of two, then page 2 of three): the
    // listing of three has one id, and stays incomplete until it has three.
    let mut grown = whole.clone();
    grown.merge(page(3, &["ins-00000003"], "STOPPED"));
    assert!(!grown.is_complete());
    grown.merge(page(3, &["ins-00000001", "ins-00000002"], "STOPPED"));
    assert!(grown.is_complete());
    // A listing that shrank stays incomplete: no page of two lists anything.
    let mut shrunk = page(3, &["ins-00000001", "ins-00000002"], "STOPPED");
    shrunk.merge(page(2, &[], "STOPPED"));
    assert!(!shrunk.is_complete());
    // Two whole answers (a batch of 100 ids, then 1): complete.
    let mut calls = whole.clone();
    calls.merge(page(1, &["ins-00000003"], "STOPPED"));
    assert!(calls.is_complete());
    assert_eq!(calls.len(), 3);
}

#[test]
fn facts_built_in_code_claim_no_completeness_until_told() {
    let linux = InstanceFacts::new(Some(OsFamily::Linux), None);
    let collected: Facts = [
        ("ins-00000001", linux.clone()),
        ("ins-00000002", linux.clone()),
    ]
    .into_iter()
    .collect();
    assert!(!collected.is_complete());
    assert_eq!(unknown_id_rule(&collected), RuleId::InstanceIdNotInFacts);
    let mut inserted = Facts::new();
    inserted.insert("ins-00000001", linux.clone());
    assert!(!inserted.is_complete());
    assert_eq!(unknown_id_rule(&inserted), RuleId::InstanceIdNotInFacts);
    // Said to be whole.
    let whole = collected.clone().complete();
    assert!(whole.is_complete());
    assert_eq!(unknown_id_rule(&whole), RuleId::InstanceIdNotFound);
    assert!(Facts::new().complete().is_complete());

    // Instances of no listing do not count toward a page's TotalCount: two
    // collected and one of three listed is not the whole listing.
    let mut mixed = collected.clone();
    mixed.merge(page(3, &["ins-00000003"], "STOPPED"));
    assert_eq!(mixed.len(), 3);
    assert!(!mixed.is_complete());
    mixed.merge(page(3, &["ins-00000004", "ins-00000005"], "STOPPED"));
    assert!(mixed.is_complete());
    // Nor does a page marked incomplete, which keeps its instances and keeps any
    // union incomplete, a whole answer's in either order included.
    let mut marked = page(2, &["ins-00000001"], "STOPPED").incomplete();
    assert!(!marked.is_complete());
    assert_eq!(marked.len(), 1);
    assert!(marked.get("ins-00000001").is_some());
    for (mut union, other) in [
        (marked.clone(), page(1, &["ins-00000002"], "STOPPED")),
        (page(1, &["ins-00000002"], "STOPPED"), marked.clone()),
    ] {
        assert!(other.is_complete() || union.is_complete());
        union.merge(other);
        assert_eq!(union.len(), 2);
        assert!(!union.is_complete());
    }
    marked.merge(page(2, &["ins-00000002"], "STOPPED"));
    assert!(!marked.is_complete());
    // Facts said to be whole, with one page of a listing of five, are not
    // complete (four of that listing are unknown), in either order; collected
    // and collected stay incomplete.
    let mut union = whole.clone();
    union.merge(page(5, &["ins-00000003"], "STOPPED"));
    assert!(!union.is_complete());
    let mut union = page(5, &["ins-00000003"], "STOPPED");
    union.merge(whole.clone());
    assert!(!union.is_complete());
    // Said to be whole after the merge: complete.
    assert!(union.complete().is_complete());
    let mut with_collected = whole;
    with_collected.merge(collected.clone());
    assert!(with_collected.is_complete());
    let mut both = collected.clone();
    both.merge(collected);
    assert!(!both.is_complete());
    // An answer without TotalCount is the whole listing, as before.
    let bare = Facts::from_json(r#"[{"InstanceId":"ins-00000001"}]"#).unwrap();
    assert!(bare.is_complete());
}
