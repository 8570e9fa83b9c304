//! Properties of the password check and the request forms: the fast check agrees
//! with its naive regex twin, strictest resolution is exactly a conjunction, no
//! output ever holds the password, and the two wire forms agree.
#![cfg(feature = "serde")]

use crate::support::twin;

use crate::support::fuzz_input;

use std::collections::BTreeSet;

use cvm_rules::glue::Localize;
use cvm_rules::{
    Context, Diagnostic, Facts, Locale, Localized, OsFamily, OsSet, Password, PasswordReport,
    Profile, Report, Request, Severity,
};
use proptest::prelude::*;

/// Every OS set: unknown, each family, and each combination.
fn os_sets() -> Vec<OsSet> {
    let mut sets = vec![OsSet::UNKNOWN];
    for mask in 1u8..8 {
        sets.push(
            OsFamily::ALL
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, f)| *f)
                .collect(),
        );
    }
    sets
}

fn family_names(os: OsSet) -> Vec<&'static str> {
    os.iter().map(|f| f.as_str()).collect()
}

fn failed_rules(report: &PasswordReport) -> BTreeSet<&'static str> {
    report
        .diagnostics()
        .iter()
        .map(|d| d.rule().as_str())
        .collect()
}

fn check(
    profile: &'static Profile,
    os: OsSet,
    password: &str,
    user: Option<&str>,
) -> PasswordReport<'static> {
    profile.check_password(&Password::new(password), os, user)
}

/// The claims of section 4 for one password: fast == twin; a batch's verdict is the
/// conjunction of its families' verdicts; Linux + Windows reports exactly what
/// Windows reports; an unknown OS reports what Windows reports; `accepts` agrees.
fn assert_resolution_claims(password: &str, user: Option<&str>) {
    for profile in Profile::ALL {
        let windows = check(profile, OsSet::only(OsFamily::Windows), password, user);
        for os in os_sets() {
            let report = check(profile, os, password, user);
            let names = family_names(os);
            assert_eq!(
                failed_rules(&report),
                twin::batch_failures(profile.id(), &names, password, user),
                "fast != twin: profile {} os {:?} password {:?} user {:?}",
                profile.id(),
                os,
                password,
                user
            );
            let families: Vec<OsFamily> = if os.is_unknown() {
                OsFamily::ALL.to_vec()
            } else {
                os.iter().collect()
            };
            let conjunction = families
                .iter()
                .all(|f| check(profile, OsSet::only(*f), password, user).is_valid());
            assert_eq!(
                report.is_valid(),
                conjunction,
                "{} {:?} {:?}",
                profile.id(),
                os,
                password
            );
            assert_eq!(
                profile.policy(os).accepts(password, user),
                report.is_valid()
            );
            if os.contains(OsFamily::Windows) || os.is_unknown() {
                assert_eq!(
                    *report.diagnostics(),
                    *windows.diagnostics(),
                    "{} {:?} does not report exactly what Windows reports for {:?}",
                    profile.id(),
                    os,
                    password
                );
            }
        }
        // The resolved policies themselves: Linux + Windows (and unknown) is Windows.
        let rules = |os| profile.policy(os).rules().collect::<Vec<_>>();
        let w = rules(OsSet::only(OsFamily::Windows));
        assert_eq!(w, rules(OsSet::of(&[OsFamily::Linux, OsFamily::Windows])));
        assert_eq!(w, rules(OsSet::UNKNOWN));
    }
}

/// Exhaustive over every string of length ≤ 4 of a representative alphabet: one
/// letter of each case, one digit, two specials, `/`, a backtick, a space and one
/// non-ASCII character.
#[test]
fn resolution_claims_hold_exhaustively_over_short_strings() {
    let alphabet = ['a', 'A', '1', '!', '@', '/', '`', ' ', 'é'];
    let mut strings = vec![String::new()];
    let mut all = vec![String::new()];
    for _ in 0..4 {
        strings = strings
            .iter()
            .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
            .collect();
        all.extend(strings.iter().cloned());
    }
    assert_eq!(all.len(), 1 + 9 + 81 + 729 + 6561);
    for s in &all {
        assert_resolution_claims(s, None);
        assert_resolution_claims(s, Some("a1!"));
    }
}

fn boundary_char() -> impl Strategy<Value = char> {
    let specials: Vec<char> = cvm_rules::Specials::API3.chars().collect();
    prop_oneof![
        4 => prop::char::range('a', 'z'),
        4 => prop::char::range('A', 'Z'),
        3 => prop::char::range('0', '9'),
        4 => prop::sample::select(specials),
        1 => Just(' '),
        1 => prop::sample::select(vec!['é', '中', '\u{301}', '\t', '\0', '"', '\\', '\u{7f}', '😀', '\u{3000}']),
    ]
}

/// Passwords biased to the boundaries: lengths 7, 8, 11, 12, 16, 17, 29, 30, 31
/// (and others), every class and special, backtick, space, non-ASCII, leading `/`.
fn boundary_password() -> impl Strategy<Value = String> {
    let len = prop_oneof![
        prop::sample::select(vec![7usize, 8, 11, 12, 16, 17, 29, 30, 31]),
        0usize..40,
    ];
    (len, any::<bool>())
        .prop_flat_map(|(n, slash)| (prop::collection::vec(boundary_char(), n), Just(slash)))
        .prop_map(|(chars, slash)| {
            let mut s: String = chars.into_iter().collect();
            if slash {
                s.insert(0, '/');
                s.pop();
            }
            s
        })
}

fn user_name() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("Administrator".to_string())),
        "[a-zA-Z]{0,5}".prop_map(Some),
    ]
}

/// Everything a report (of a request or of a password) can show a person or a program.
fn outputs<R: Localize + std::fmt::Debug>(report: &R, diagnostics: &[Diagnostic]) -> Vec<String> {
    let mut out = vec![format!("{report:?}")];
    for locale in [Locale::En, Locale::ZhCn] {
        out.push(serde_json::to_string(&Localized::new(report, locale)).unwrap());
        for d in diagnostics {
            out.push(d.message(locale));
            out.push(format!("{d:?} {:?} {}", d.params(), d.field()));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn fast_check_agrees_with_the_naive_twin(password in boundary_password(), user in user_name()) {
        assert_resolution_claims(&password, user.as_deref());
    }

    #[test]
    fn no_output_holds_the_password(password in boundary_password(), user in user_name()) {
        prop_assume!(password.chars().count() >= 6);
        // A password made only of the spaced specials list could match the message
        // text that lists the allowed characters; that is not the password leaking.
        prop_assume!(!"( ) ~ ! @ # $ % ^ & * - + = _ | { } [ ] : ; ' < > , . ? / `".contains(password.as_str()));
        for profile in Profile::ALL {
            for os in os_sets() {
                let report = check(profile, os, &password, user.as_deref());
                for text in outputs(&report, &report.diagnostics()) {
                    prop_assert!(!text.contains(&password), "leaked in {text}");
                }
                let checklist = profile.policy(os).checklist(Some(&Password::new(password.as_str())), user.as_deref());
                for locale in [Locale::En, Locale::ZhCn] {
                    let json = serde_json::to_string(&Localized::new(&checklist, locale)).unwrap();
                    prop_assert!(!json.contains(&password), "leaked in {json}");
                }
            }
            // Through the request forms too.
            let query = form_urlencoded::Serializer::new(String::new())
                .append_pair("Password", &password)
                .append_pair("InstanceIds.1", "ins-1122")
                .finish();
            let report = Request::from_query(query.as_bytes(), profile).validate(&Context::new());
            for text in outputs(&report, report.diagnostics()) {
                prop_assert!(!text.contains(&password), "leaked in {text}");
            }
        }
    }
}

// ---- request forms --------------------------------------------------------

#[derive(Debug, Clone)]
struct Model {
    ids: Vec<String>,
    password: Option<String>,
    user_name: Option<String>,
    force_stop: Option<bool>,
}

fn instance_id() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "ins-[a-z0-9]{8}",
        1 => prop::sample::select(vec!["ins-r8hr2upy".to_string(), "ins-1122".to_string(), String::new(), "INS-R8HR2UPY".to_string(), "ins-r8hr2up ".to_string()]),
        1 => ".{0,14}",
    ]
}

fn model() -> impl Strategy<Value = Model> {
    (
        prop::collection::vec(instance_id(), 0..105),
        prop::option::of(boundary_password()),
        prop::option::of(prop_oneof!["[a-z]{0,8}", ".{60,70}"]),
        prop::option::of(any::<bool>()),
    )
        .prop_map(|(ids, password, user_name, force_stop)| Model {
            ids,
            password,
            user_name,
            force_stop,
        })
}

fn as_query(m: &Model, profile: &Profile) -> String {
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("Action", "ResetInstancesPassword")
        .append_pair("Version", "2017-03-12");
    for (i, id) in m.ids.iter().enumerate() {
        q.append_pair(
            &format!("InstanceIds.{}", profile.index_base() + i as u64),
            id,
        );
    }
    if let Some(p) = &m.password {
        q.append_pair("Password", p);
    }
    if let Some(u) = &m.user_name {
        q.append_pair("UserName", u);
    }
    if let Some(f) = m.force_stop {
        q.append_pair("ForceStop", if f { "TRUE" } else { "FALSE" });
    }
    q.finish()
}

fn as_json(m: &Model) -> String {
    let mut o = serde_json::Map::new();
    o.insert("Action".into(), "ResetInstancesPassword".into());
    o.insert("Version".into(), "2017-03-12".into());
    o.insert("InstanceIds".into(), m.ids.clone().into());
    if let Some(p) = &m.password {
        o.insert("Password".into(), p.clone().into());
    }
    if let Some(u) = &m.user_name {
        o.insert("UserName".into(), u.clone().into());
    }
    if let Some(f) = m.force_stop {
        o.insert("ForceStop".into(), f.into());
    }
    serde_json::Value::Object(o).to_string()
}

/// Field, rule, code and params of every diagnostic. `plus_hint` is left out: it
/// describes the query form's raw bytes (a `+` was sent), so it is the one fact
/// that may differ between forms carrying the same values.
fn summary(report: &Report) -> Vec<(String, &'static str, Option<&'static str>, String)> {
    report
        .diagnostics()
        .iter()
        .map(|d| {
            let mut params = serde_json::to_value(d.params()).unwrap();
            if let Some(o) = params.as_object_mut() {
                o.remove("plus_hint");
            }
            (
                d.field().to_string(),
                d.rule().as_str(),
                d.code(),
                params.to_string(),
            )
        })
        .collect()
}

fn assert_well_ordered(report: &Report) {
    let keys: Vec<_> = report
        .diagnostics()
        .iter()
        .map(|d| (fuzz_input::field_key(d.field()), d.rule()))
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "diagnostics out of order");
    let first_error = report
        .diagnostics()
        .iter()
        .find(|d| d.severity() == Severity::Error);
    assert_eq!(report.first_error(), first_error);
    assert_eq!(report.is_valid(), first_error.is_none());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn query_and_json_forms_give_the_same_report(m in model()) {
        for profile in Profile::ALL {
            let q = Request::from_query(as_query(&m, profile).as_bytes(), profile).validate(&Context::new());
            let j = Request::from_json(as_json(&m).as_bytes(), profile).validate(&Context::new());
            prop_assert_eq!(summary(&q), summary(&j));
            assert_well_ordered(&q);
        }
    }

    #[test]
    /// A built request, with or without `Action` and `Version` (its query form
    /// then carries the profile's), reads back with the same verdict and the same
    /// diagnostics, `Action` and `Version` included.
    fn a_built_request_rendered_to_its_query_form_gives_the_same_report(
        m in model(),
        action in prop::option::of(prop_oneof![Just("ResetInstancesPassword"), Just("ResetInstancesPasswd")]),
        version in prop::option::of(prop_oneof![Just("2017-03-12"), Just("2018-01-01")]),
    ) {
        for profile in Profile::ALL {
            let mut built = Request::new(profile).with_instance_ids(m.ids.iter().map(String::as_str));
            if let Some(a) = action {
                built = built.with_action(a);
            }
            if let Some(v) = version {
                built = built.with_version(v);
            }
            if let Some(p) = &m.password {
                built = built.with_password(p.as_str());
            }
            if let Some(u) = &m.user_name {
                built = built.with_user_name(u.as_str());
            }
            if let Some(f) = m.force_stop {
                built = built.with_force_stop(f);
            }
            let query = built.to_query_exposing_password();
            let again = Request::from_query(query.as_bytes(), profile);
            let (before, after) = (built.validate(&Context::new()), again.validate(&Context::new()));
            prop_assert_eq!(before.is_valid(), after.is_valid());
            prop_assert_eq!(summary(&before), summary(&after));
        }
    }

    #[test]
    fn any_bytes_give_a_well_ordered_report(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        for profile in Profile::ALL {
            for request in [Request::from_query(&bytes, profile), Request::from_json(&bytes, profile)] {
                let report = request.validate(&Context::new());
                assert_well_ordered(&report);
                prop_assert_eq!(summary(&report), summary(&request.validate(&Context::new())));
            }
            let _ = cvm_rules::Facts::from_json(&String::from_utf8_lossy(&bytes));
        }
    }

    #[test]
    fn query_like_bytes_give_a_well_ordered_report(
        parts in prop::collection::vec(
            prop_oneof![
                Just("Action=ResetInstancesPassword".to_string()),
                Just("Version=2017-03-12".to_string()),
                "InstanceIds\\.[0-9]{1,3}=ins-[a-z0-9]{6,9}",
                "Password=[a-zA-Z0-9!@%+ ]{0,20}",
                "UserName=[a-z]{0,4}",
                "ForceStop=(TRUE|false|x)",
                "[A-Za-z%.]{1,8}=[a-z%]{0,4}",
            ],
            0..20,
        )
    ) {
        let query = parts.join("&");
        for profile in Profile::ALL {
            assert_well_ordered(&Request::from_query(query.as_bytes(), profile).validate(&Context::new()));
        }
    }
}

// ---- the writers ------------------------------------------------------------

/// A character a wire form must escape (space, `+`, `%`, `&`, `=`, `#`, `?`,
/// quotes, backslashes, control and non-ASCII characters), or any of a password's.
fn wire_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => boundary_char(),
        2 => prop::sample::select(vec![
            ' ', '+', '%', '&', '=', '#', '?', '"', '\'', '\\', '/', '\n', '\u{1}', 'é', '中',
        ]),
    ]
}

fn wire_text(len: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(wire_char(), len).prop_map(|chars| chars.into_iter().collect())
}

/// All that a report says of each diagnostic: field, rule, severity, code,
/// params (`plus_hint` included) and the message in both locales.
fn everything(report: &Report) -> Vec<String> {
    report
        .diagnostics()
        .iter()
        .map(|d| {
            format!(
                "{} {} {} {:?} {} | {} | {}",
                d.field(),
                d.rule(),
                d.severity(),
                d.code(),
                serde_json::to_string(d.params()).unwrap(),
                d.message(Locale::En),
                d.message(Locale::ZhCn)
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    /// A built request written by either writer reads back as a request that
    /// reports exactly what the built one does (messages included), with no
    /// problem of the wire form: the writers escape what each form needs, and
    /// the query writer sends a space as `%20`, so no "+ means a space" hint.
    fn a_built_request_reads_back_from_both_writers_with_its_own_report(
        ids in prop::collection::vec(instance_id(), 0..105),
        password in prop::option::of(prop_oneof![boundary_password(), wire_text(0..32)]),
        user_name in prop::option::of(prop_oneof![wire_text(0..12), ".{0,70}"]),
        force_stop in prop::option::of(any::<bool>()),
        action in any::<bool>(),
        version in any::<bool>(),
    ) {
        for profile in Profile::ALL {
            let mut built = Request::new(profile).with_instance_ids(ids.iter().map(String::as_str));
            if action {
                built = built.with_action("ResetInstancesPassword");
            }
            if version {
                built = built.with_version(profile.version());
            }
            if let Some(p) = &password {
                built = built.with_password(p.as_str());
            }
            if let Some(u) = &user_name {
                built = built.with_user_name(u.as_str());
            }
            if let Some(f) = force_stop {
                built = built.with_force_stop(f);
            }
            let expected = everything(&built.validate(&Context::new()));
            let query = built.to_query_exposing_password();
            let json = built.to_json_exposing_password();
            for (form, again) in [
                ("query", Request::from_query(query.as_bytes(), profile)),
                ("json", Request::from_json(json.as_bytes(), profile)),
            ] {
                prop_assert!(again.wire_diagnostics().is_empty(), "{} {}: {:?}", profile.id(), form, again.wire_diagnostics());
                prop_assert!(again.password_value() == built.password_value(), "{} {}: another password", profile.id(), form);
                let found = everything(&again.validate(&Context::new()));
                prop_assert!(found.iter().all(|d| !d.contains("%2B")), "{} {}: {:?}", profile.id(), form, found);
                prop_assert_eq!(found, expected.clone(), "{} {}", profile.id(), form);
            }
        }
    }
}

// ---- paged facts --------------------------------------------------------------

/// One `DescribeInstances` answer listing `ids` of a listing of `total`.
fn answer(total: usize, ids: &[String]) -> Facts {
    let set: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"InstanceId":"{id}","InstanceState":"STOPPED"}}"#))
        .collect();
    let body = format!(
        r#"{{"Response":{{"TotalCount":{total},"InstanceSet":[{}]}}}}"#,
        set.join(",")
    );
    Facts::from_json(&body).expect("a well-formed answer")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    /// A listing cut into pages and merged in any order is the whole answer,
    /// complete; without any one of its non-empty pages it is not.
    fn the_pages_of_a_listing_merged_in_any_order_are_the_whole_answer(
        ids in prop::collection::btree_set("ins-[a-z0-9]{8}", 1..40),
        page_size in 1usize..12,
        order in any::<prop::sample::Index>(),
        left_out in any::<prop::sample::Index>(),
    ) {
        let ids: Vec<String> = ids.into_iter().collect();
        let whole = answer(ids.len(), &ids);
        prop_assert!(whole.is_complete());
        let mut pages: Vec<&[String]> = ids.chunks(page_size).collect();
        let turn = order.index(pages.len());
        pages.rotate_left(turn);
        let mut merged = Facts::new();
        for page in &pages {
            merged.merge(answer(ids.len(), page));
        }
        prop_assert!(merged.is_complete());
        prop_assert_eq!(merged.iter().collect::<Vec<_>>(), whole.iter().collect::<Vec<_>>());
        if pages.len() > 1 {
            let skip = left_out.index(pages.len());
            let mut partial = Facts::new();
            for (i, page) in pages.iter().enumerate() {
                if i != skip {
                    partial.merge(answer(ids.len(), page));
                }
            }
            prop_assert!(!partial.is_complete());
        }
    }
}
