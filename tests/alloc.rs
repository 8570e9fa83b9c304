//! The fast path does not allocate (STYLE habit 3): a counting global allocator,
//! per thread, so the test harness and parallel tests do not disturb the counts.
//!
//! - a valid password, checked by `Profile::check_password` and `Policy::accepts`: 0;
//!   also under a policy built at run time (its own rules, the deny-list, repeat,
//!   sequence and user-name rules, a profile of one's own; custom rules may
//!   allocate as they please, but what they are shown, the request's instance
//!   ids included, costs nothing);
//! - a valid request of 100 instance ids, validated: 0 (also from the query form,
//!   once parsed);
//! - an invalid password: 0, whatever fails (up to eight diagnostics live in the
//!   report; a charset failure's positions in its params), under the built-in
//!   policies and under one with every built-in rule kind;
//! - an invalid request: only its diagnostics `Vec` (a request's report keeps
//!   its diagnostics on the heap; a password's keeps the facts of its failures).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::mem::size_of;

use cvm_rules::{
    Context, Diagnostic, OsFamily, OsSet, Password, PasswordRule, Policy, Profile, Report, Request,
    RuleSet,
};

use crate::custom_rules::NoInstanceId;

struct Counting;

thread_local! {
    // `const` initialisation: reading it never allocates nor registers a destructor.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

fn record(bytes: usize) {
    // `try_with`: a thread being torn down has no counters any more.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
    let _ = BYTES.try_with(|n| n.set(n.get() + bytes));
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        record(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        record(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// What `f` allocated on this thread: (allocations, bytes), and its result.
fn counted<T>(f: impl FnOnce() -> T) -> (T, usize, usize) {
    let (n0, b0) = (ALLOCATIONS.get(), BYTES.get());
    let out = f();
    (out, ALLOCATIONS.get() - n0, BYTES.get() - b0)
}

const VALID: &str = "abc123ABC!@#xyz9";

fn ids() -> Vec<String> {
    (0..100)
        .map(|i| format!("ins-{i:04}ab{:02}", i % 7))
        .collect()
}

#[test]
fn a_valid_password_allocates_nothing() {
    let profile = Profile::LEGACY_2017;
    for os in [
        OsSet::UNKNOWN,
        OsSet::only(OsFamily::Linux),
        OsSet::only(OsFamily::Windows),
    ] {
        let password = Password::new(VALID);
        let (report, n, _) = counted(|| profile.check_password(&password, os, None));
        assert!(report.is_valid());
        assert_eq!(n, 0, "check_password under {os:?}");

        let policy = profile.policy(os);
        let (ok, n, _) = counted(|| policy.accepts(VALID, Some("deploy-admin")));
        assert!(ok);
        assert_eq!(n, 0, "accepts under {os:?}");
    }
    // api3 Windows also searches for the user name: still no allocation.
    let (report, n, _) = counted(|| {
        Profile::API3.check_password(&Password::new(VALID), OsSet::UNKNOWN, Some("deploy"))
    });
    assert!(report.is_valid());
    assert_eq!(n, 0, "api3 check_password");
}

#[test]
fn a_valid_password_allocates_nothing_under_a_run_time_policy() {
    let built_in = Profile::LEGACY_2017.policy(OsSet::UNKNOWN);
    let rules: Vec<PasswordRule> = built_in.rules().cloned().collect();
    let same = Policy::new(&rules).unwrap();
    let leaked: Vec<String> = (0..100_000).map(|i| format!("Leaked{i}!pw")).collect();
    let tighter = same
        .and(
            &Policy::new(&[
                PasswordRule::denylist(&leaked),
                PasswordRule::Repeat { max: 2 },
                PasswordRule::Sequence { max: 3 },
                PasswordRule::ClassRepeat { max: 4 },
                PasswordRule::ContainsUsername {
                    min_name_chars: 3,
                    default_for: OsFamily::Linux,
                },
            ])
            .unwrap(),
        )
        .unwrap();
    for policy in [&same, &tighter] {
        let (ok, n, _) = counted(|| policy.accepts(VALID, Some("deploy-admin")));
        assert!(ok);
        assert_eq!(n, 0, "accepts under {policy:?}");
        let password = Password::new(VALID);
        let (report, n, _) = counted(|| {
            Profile::LEGACY_2017.check_password_with(policy, &password, Some("deploy-admin"))
        });
        assert!(report.is_valid());
        assert_eq!(n, 0, "check_password_with under {policy:?}");
    }

    // A profile of one's own, validating a whole request; then a custom rule
    // that allocates nothing itself, reading the request's 100 instance ids:
    // what it is shown costs nothing either.
    let ids = ids();
    let own = [
        PasswordRule::Length { min: 14, max: 30 },
        PasswordRule::denylist(&leaked),
    ];
    let custom = [PasswordRule::custom(NoInstanceId)];
    // `Profile::API3` with `rules` added for every family.
    let acme = |rules: &[PasswordRule]| {
        let set = rules.iter().fold(RuleSet::API3.clone(), |set, rule| {
            set.with_rule(OsSet::ALL, rule.clone())
        });
        Profile::API3
            .clone()
            .with_id("acme")
            .with_rule_set(set)
            .unwrap()
    };
    for (rules, what) in [
        (&own[..], "a profile of one's own"),
        (&custom[..], "a custom rule that reads the instance ids"),
    ] {
        let profile = acme(rules);
        let request = valid_request(&profile, &ids);
        let (report, n, _) = counted(|| request.validate(&Context::new()));
        assert!(report.is_valid(), "{what}: {:?}", report.diagnostics());
        assert_eq!(n, 0, "validate under {what}");
    }
    let profile = acme(&custom);
    let password = Password::new(VALID);
    let (report, n, _) = counted(|| profile.check_password(&password, OsSet::UNKNOWN, None));
    assert!(report.is_valid());
    assert_eq!(n, 0, "check_password with a custom rule");
}

/// A request of `profile` for `ids`, with the valid password and a user name.
fn valid_request<'a>(profile: &'a Profile, ids: &'a [String]) -> Request<'a, 'a> {
    Request::new(profile)
        .with_instance_ids(ids.iter().map(String::as_str))
        .with_password(VALID)
        .with_user_name("deploy-admin")
}

#[test]
fn a_valid_request_allocates_nothing_to_validate() {
    let ids = ids();
    let request = valid_request(Profile::LEGACY_2017, &ids);
    let (report, n, _) = counted(|| request.validate(&Context::new()));
    assert!(report.is_valid(), "{:?}", report.diagnostics());
    assert_eq!(n, 0, "validate");

    // The same request from the query form: parsing allocates, validating does not.
    let mut query = String::from("Action=ResetInstancesPassword&Version=2017-03-12");
    for (i, id) in ids.iter().enumerate() {
        query.push_str(&format!("&InstanceIds.{}={id}", i + 1));
    }
    query.push_str("&Password=abc123ABC!@%23xyz9&UserName=deploy-admin&ForceStop=TRUE");
    let (parsed, n, _) = counted(|| Request::from_query(query.as_bytes(), Profile::LEGACY_2017));
    assert!(n > 0, "the counter counts: parsing 100 items allocates");
    let (report, n, _) = counted(|| parsed.validate(&Context::new()));
    assert!(report.is_valid(), "{:?}", report.diagnostics());
    assert_eq!(n, 0, "validate after from_query");
}

/// Every failing password of `cases` gets its report from `check_password`, and
/// its diagnostics (`rules`, in order, params and positions included) from the
/// report, with no allocation at all.
fn assert_failing_without_allocation(
    profile: &Profile,
    os: OsSet,
    cases: &[(&str, Option<&str>, &[&str])],
) {
    for &(password, user_name, rules) in cases {
        let secret = Password::new(password);
        let ((report, diagnostics), n, bytes) = counted(|| {
            let report = profile.check_password(&secret, os, user_name);
            let diagnostics = report.diagnostics();
            (report, diagnostics)
        });
        assert!(!report.is_valid());
        let failed: Vec<&str> = diagnostics.iter().map(|d| d.rule().as_str()).collect();
        if let Some(d) = diagnostics
            .iter()
            .find(|d| d.rule().as_str() == "password.charset")
        {
            let cvm_rules::Params::Charset {
                positions, count, ..
            } = d.params()
            else {
                panic!("{d:?}");
            };
            assert!(!positions.is_empty() && positions.len() <= *count, "{d:?}");
        }
        assert_eq!(failed, rules, "{password:?}");
        assert_eq!((n, bytes), (0, 0), "{password:?}: allocations and bytes");
    }
}

#[test]
fn an_invalid_password_allocates_nothing() {
    let legacy = Profile::LEGACY_2017;
    assert_failing_without_allocation(
        legacy,
        OsSet::UNKNOWN,
        &[
            ("abc123", None, &["password.length", "password.classes"]),
            ("/abc123ABC!@#x", None, &["password.leading_slash"]),
            // Charset failures, positions included: ASCII, Latin-1 (no segmenter),
            // combining marks and flags (the segmenter), CR LF, more than 16 bad.
            ("abc 123ABC!@#x", None, &["password.charset"]),
            ("Pässw0rd12ABC!", None, &["password.charset"]),
            (
                "ab1e\u{301}cD\u{1F1E8}\u{1F1F3}xyz!",
                None,
                &["password.charset"],
            ),
            ("ab\r\n1!ABCDEFGH", None, &["password.charset"]),
            (
                "/ \t\"\\`é  \t\"\\`é  \t\"\\`é",
                None,
                &[
                    "password.length",
                    "password.classes",
                    "password.leading_slash",
                    "password.charset",
                ],
            ),
        ],
    );
    let every: Vec<&str> = cvm_rules::RuleId::PASSWORD
        .iter()
        .map(|r| r.as_str())
        .collect();
    // Every built-in rule kind at once: nine diagnostics, all inline.
    let strict = RuleSet::API3
        .clone()
        .with_rule(OsSet::ALL, PasswordRule::denylist(["aaaa", "/abc ééé"]))
        .with_rule(OsSet::ALL, PasswordRule::Repeat { max: 2 })
        .with_rule(OsSet::ALL, PasswordRule::Sequence { max: 2 })
        .with_rule(OsSet::ALL, PasswordRule::ClassRepeat { max: 3 })
        // 13: Windows' 12-character minimum would hold a recommendation of 12.
        .with_rule(OsSet::ALL, PasswordRule::RecommendedLength { min: 13 });
    let profile = Profile::API3
        .clone()
        .with_id("strict")
        .with_rule_set(strict)
        .expect("a valid rule set");
    assert_failing_without_allocation(
        &profile,
        OsSet::only(OsFamily::Windows),
        &[
            (
                "aaaa",
                Some("aaa"),
                &[
                    "password.length",
                    "password.classes",
                    "password.recommended_length",
                    "password.contains_username",
                    "password.denylist",
                    "password.repeat",
                    "password.class_repeat",
                ],
            ),
            // Every built-in rule of the list: a rule added to it fails this
            // test until this password fails it too (and its facts fit inline).
            ("/abc ééé", Some("abc"), &every),
        ],
    );

    // `accepts` builds no diagnostic, whatever fails.
    let policy = legacy.policy(OsSet::UNKNOWN);
    for bad in [
        "abc123",
        "/abc123ABC!@#x",
        "abc 123ABC!@#x",
        "abc123ABC!@#\u{e9}1",
    ] {
        let (ok, n, _) = counted(|| policy.accepts(bad, None));
        assert!(!ok);
        assert_eq!(n, 0, "accepts {bad:?}");
    }
}

/// One diagnostics `Vec` (room for 4), nothing else.
fn assert_only_the_diagnostics_vec(what: &str, report: &Report, n: usize, bytes: usize) {
    assert!(!report.diagnostics().is_empty(), "{what}: no diagnostic");
    assert!(report.diagnostics().len() <= 4, "{what}");
    assert_eq!(n, 1, "{what}: allocations");
    assert_eq!(bytes, 4 * size_of::<Diagnostic>(), "{what}: bytes");
}

#[test]
fn an_invalid_request_allocates_only_its_diagnostics() {
    let mut ids = ids();
    // A malformed id: one diagnostic; the repeat search stays on the stack.
    ids[17] = "ins-1122".into();
    let request = Request::new(Profile::LEGACY_2017)
        .with_instance_ids(ids.iter().map(String::as_str))
        .with_password(VALID);
    let (report, n, bytes) = counted(|| request.validate(&Context::new()));
    assert_eq!(report.diagnostics().len(), 1, "{:?}", report.diagnostics());
    assert_only_the_diagnostics_vec("malformed id", &report, n, bytes);

    // A repeated id: one warning (the request stays valid).
    let mut ids = self::ids();
    ids[42] = ids[7].clone();
    let request = Request::new(Profile::LEGACY_2017)
        .with_instance_ids(ids.iter().map(String::as_str))
        .with_password(VALID);
    let (report, n, bytes) = counted(|| request.validate(&Context::new()));
    assert!(report.is_valid());
    assert_eq!(report.diagnostics().len(), 1, "{:?}", report.diagnostics());
    assert_only_the_diagnostics_vec("repeated id", &report, n, bytes);

    // No password: one diagnostic.
    let request = Request::new(Profile::LEGACY_2017).with_instance_ids(self::ids());
    let (report, n, bytes) = counted(|| request.validate(&Context::new()));
    assert_eq!(report.diagnostics().len(), 1, "{:?}", report.diagnostics());
    assert_only_the_diagnostics_vec("missing password", &report, n, bytes);
}
