//! `Facts::from_json` on arbitrary bytes (as `DescribeInstances` JSON); when it
//! parses, a fixed request (and one made of the facts' own ids) is validated with
//! those facts under both profiles.
//!
//! Oracles: the facts equal an independent reading of the same JSON (sections 6
//! and 19: blank `OsName` is no OS, states ignore ASCII case and unknown ones are
//! kept, `TotalCount` above the instances listed makes the facts incomplete); the
//! report's policy is that of the OS set the request's instances give; the
//! `instance_id.not_found` / `instance_id.not_in_facts`,
//! `instance.running_without_force_stop`, `instance.running_soft_stop`,
//! `instance.stop_charging`, `instance.state` and `instance.state_unknown`
//! diagnostics (and their codes) are exactly the ones sections 6 and 19 call for;
//! and the report invariants of the other targets.

#![no_main]

use std::collections::{BTreeMap, BTreeSet};

use cvm_rules::{
    Context, Facts, Field, InstanceFacts, InstanceState, OsFamily, OsSet, Profile, Request, RuleId,
};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

mod common;

/// The facts the JSON gives, read independently of the crate: the instance set of
/// the three shapes, `OsName` mapped case-insensitively, the last facts of an id.
fn expected_facts(text: &str) -> Option<(BTreeMap<String, InstanceFacts>, bool)> {
    let value: Value = serde_json::from_str(text).ok()?;
    let (set, total) = match &value {
        Value::Array(items) => (items, None),
        Value::Object(top) => {
            let holder = match top.get("Response") {
                Some(Value::Object(response)) => response,
                _ => top,
            };
            (
                holder.get("InstanceSet")?.as_array()?,
                holder.get("TotalCount"),
            )
        }
        _ => return None,
    };
    let complete = match total.and_then(Value::as_u64) {
        Some(total) => total <= set.len() as u64,
        None => true,
    };
    let mut facts = BTreeMap::new();
    for item in set {
        let id = item.get("InstanceId")?.as_str()?;
        let os = match item.get("OsName") {
            None | Some(Value::Null) => None,
            Some(name) if name.as_str()?.trim().is_empty() => None,
            Some(name) => {
                let name = name.as_str()?.to_lowercase();
                Some(if name.contains("windows") {
                    OsFamily::Windows
                } else if name.starts_with("ubuntu") {
                    OsFamily::Ubuntu
                } else {
                    OsFamily::Linux
                })
            }
        };
        let state = match item.get("InstanceState") {
            None | Some(Value::Null) => None,
            Some(state) => {
                let state = state.as_str()?;
                let known = InstanceState::ALL
                    .iter()
                    .find(|s| s.as_str().eq_ignore_ascii_case(state));
                Some(match known {
                    Some(known) => known.clone(),
                    // Kept as given, cut to 64 characters.
                    None if state.chars().count() > 64 => InstanceState::Unknown(
                        format!("{}…", state.chars().take(64).collect::<String>()).into(),
                    ),
                    None => InstanceState::Unknown(state.into()),
                })
            }
        };
        // `STOP_CHARGING` in any case; other modes, `null` or none do not stop a reset.
        let stop_charging = match item.get("StopChargingMode") {
            None | Some(Value::Null) => false,
            Some(mode) => mode.as_str()?.eq_ignore_ascii_case("STOP_CHARGING"),
        };
        let mut known = InstanceFacts::new(os, state);
        if stop_charging {
            known = known.stopped_without_charging();
        }
        facts.insert(id.to_owned(), known);
    }
    Some((facts, complete))
}

/// The code section 6 gives a state diagnostic.
fn state_code(profile: &Profile, state: &InstanceState) -> &'static str {
    match (profile.id(), state) {
        ("api3", InstanceState::Pending) => "UnsupportedOperation.InstanceStatePending",
        ("api3", InstanceState::Starting) => "UnsupportedOperation.InstanceStateStarting",
        ("api3", InstanceState::Stopping) => "UnsupportedOperation.InstanceStateStopping",
        ("api3", InstanceState::Rebooting) => "UnsupportedOperation.InstanceStateRebooting",
        ("api3", InstanceState::Shutdown) => "UnsupportedOperation.InstanceStateShutdown",
        ("api3", InstanceState::Terminating) => "UnsupportedOperation.InstanceStateTerminating",
        ("api3", InstanceState::EnterRescueMode) => {
            "UnsupportedOperation.InstanceStateEnterRescueMode"
        }
        ("api3", InstanceState::RescueMode) => "UnsupportedOperation.InstanceStateRescueMode",
        ("api3", InstanceState::ExitRescueMode) => {
            "UnsupportedOperation.InstanceStateExitRescueMode"
        }
        (
            "api3",
            InstanceState::EnterServiceLiveMigrate
            | InstanceState::ServiceLiveMigrate
            | InstanceState::ExitServiceLiveMigrate,
        ) => "UnsupportedOperation.InstanceStateServiceLiveMigrate",
        _ => "InvalidInstance.NotSupported",
    }
}

/// Validates `request` with `facts` and checks the facts' diagnostics against section 6.
fn check_with_facts(request: &Request<'_, '_>, facts: &Facts, force_stop: Option<bool>) {
    let profile = request.profile();
    let ids: Vec<&str> = request.instance_id_values().collect();
    assert_eq!(ids.len(), request.instance_id_count());

    // The OS set comes from the request's instances; one without an OS makes it unknown.
    let mut os = OsSet::UNKNOWN;
    for id in &ids {
        match facts.get(id).and_then(|f| f.os) {
            Some(family) => os = os.with(family),
            None => {
                os = OsSet::UNKNOWN;
                break;
            }
        }
    }

    let mut expected = BTreeSet::new();
    for (position, id) in ids.iter().enumerate() {
        let Some(known) = facts.get(id) else {
            if facts.is_complete() {
                expected.insert((
                    position,
                    RuleId::InstanceIdNotFound,
                    "InvalidInstanceId.NotFound",
                ));
            } else {
                expected.insert((position, RuleId::InstanceIdNotInFacts, "-"));
            }
            continue;
        };
        let api3 = profile.id() == "api3";
        match &known.state {
            // A running instance needs ForceStop; an explicit false is a warning in
            // both profiles (a normal shutdown first, and the reset fails if it does).
            Some(InstanceState::Running) => match force_stop {
                None => {
                    let code = if api3 {
                        "UnsupportedOperation.InstanceStateRunning"
                    } else {
                        "InvalidInstance.NotSupported"
                    };
                    expected.insert((position, RuleId::InstanceRunningWithoutForceStop, code));
                }
                Some(false) => {
                    expected.insert((position, RuleId::InstanceRunningSoftStop, "-"));
                }
                Some(true) => {}
            },
            // Stopped without charging cannot have its password reset.
            Some(InstanceState::Stopped) if known.stop_charging => {
                let code = if api3 {
                    "UnsupportedOperation.StoppedModeStopCharging"
                } else {
                    "InvalidInstance.NotSupported"
                };
                expected.insert((position, RuleId::InstanceStopCharging, code));
            }
            None | Some(InstanceState::Stopped) => {}
            Some(InstanceState::Unknown(_)) => {
                expected.insert((position, RuleId::InstanceStateUnknown, "-"));
            }
            Some(state) => {
                expected.insert((position, RuleId::InstanceState, state_code(profile, state)));
            }
        }
    }

    // Facts take precedence over the stated families.
    for stated in [OsSet::UNKNOWN, OsSet::only(OsFamily::Linux)] {
        let ctx = Context::new().with_os(stated).with_facts(facts);
        assert_eq!(request.os_set(&ctx), os);
        let report = request.validate(&ctx);
        assert_eq!(
            report.diagnostics(),
            request.validate(&ctx).diagnostics(),
            "validating twice differs"
        );
        common::check_report(&report, request.instance_id_count());
        assert_eq!(
            report.policy(),
            profile.policy(os),
            "the policy of the wrong OS set"
        );

        let found: BTreeSet<_> = report
            .diagnostics()
            .iter()
            .filter(|d| {
                matches!(
                    d.rule(),
                    RuleId::InstanceIdNotFound
                        | RuleId::InstanceIdNotInFacts
                        | RuleId::InstanceRunningWithoutForceStop
                        | RuleId::InstanceRunningSoftStop
                        | RuleId::InstanceStopCharging
                        | RuleId::InstanceState
                        | RuleId::InstanceStateUnknown
                )
            })
            .map(|d| match d.field() {
                Field::InstanceId { position, .. } => {
                    (*position, d.rule(), d.code().unwrap_or("-"))
                }
                other => panic!("a facts diagnostic on {other}"),
            })
            .collect();
        assert_eq!(
            found, expected,
            "the facts' diagnostics differ from the documented rules"
        );

        let accounts = request.accounts(&ctx);
        let known = ids
            .iter()
            .filter(|id| facts.get(id).and_then(|f| f.os).is_some())
            .count();
        assert_eq!(accounts.len(), known);
        for account in accounts {
            let user = request
                .user_name_value()
                .unwrap_or(account.os.default_account());
            assert_eq!(account.user_name, user);
        }
    }
}

fn fixed_query(profile: &Profile, force_stop: Option<bool>) -> String {
    let base = profile.index_base();
    let mut query = format!(
        "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.{}=ins-r8hr2upy\
         &InstanceIds.{}=ins-5d8a23rs&Password=abc123ABC!@%23xyz",
        base,
        base + 1
    );
    if let Some(b) = force_stop {
        query.push_str(if b {
            "&ForceStop=TRUE"
        } else {
            "&ForceStop=FALSE"
        });
    }
    query
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let facts = match Facts::from_json(&text) {
        Ok(facts) => facts,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    let (expected, complete) =
        expected_facts(&text).expect("the crate read facts an independent reading refuses");
    assert_eq!(facts.is_complete(), complete, "completeness differs");
    assert_eq!(
        facts.len(),
        expected.len(),
        "a different number of instances"
    );
    for (id, known) in &expected {
        assert_eq!(facts.get(id), Some(known), "the facts of {id:?}");
    }

    for profile in Profile::ALL {
        for force_stop in [None, Some(false), Some(true)] {
            let query = fixed_query(profile, force_stop);
            let request = Request::from_query(query.as_bytes(), profile);
            assert_eq!(request.wire_diagnostics(), &[]);
            check_with_facts(&request, &facts, force_stop);

            // The facts' own ids (at most a full batch), and one they do not know.
            let mut built = Request::new(profile)
                .with_action("ResetInstancesPassword")
                .with_version("2017-03-12")
                .with_instance_ids(
                    expected
                        .keys()
                        .take(profile.max_instance_ids() - 1)
                        .map(String::as_str),
                )
                .with_instance_id("ins-00000000")
                .with_password("abc123ABC!@#xyz");
            if let Some(b) = force_stop {
                built = built.with_force_stop(b);
            }
            check_with_facts(&built, &facts, force_stop);
        }
    }
});
