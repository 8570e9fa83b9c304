//! The fast path does not allocate (STYLE habit 3): a counting global allocator,
//! per thread, so the test harness and parallel tests do not disturb the counts.
//!
//! - a valid password, checked by `Profile::check_password` and `Policy::accepts`: 0;
//!   also under a policy built at run time (its own rules, the deny-list, repeat,
//!   sequence and user-name rules, a profile of one's own; custom rules aside,
//!   which may allocate as they please);
//! - a valid request of 100 instance ids, validated: 0 (also from the query form,
//!   once parsed);
//! - an invalid input: only what its diagnostics need (the diagnostics `Vec`, and
//!   the positions of a charset failure).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::mem::size_of;

use cvm_rules::{
    BadChar, Context, Diagnostic, OsFamily, OsSet, Password, PasswordRule, Policy, Profile, Report,
    Request, RuleSet,
};

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

/// The first allocation of a `Vec` of `T`: room for 4 (what `Vec` reserves first
/// for elements this size).
fn first_vec_bytes<T>() -> usize {
    4 * size_of::<T>()
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
                PasswordRule::NoUserName {
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

    // A profile of one's own, validating a whole request.
    let profile = Profile::API3
        .clone()
        .with_id("acme")
        .with_rule_set(
            RuleSet::API3
                .clone()
                .with_rule(OsSet::ALL, PasswordRule::Length { min: 14, max: 30 })
                .with_rule(OsSet::ALL, PasswordRule::denylist(&leaked)),
        )
        .unwrap();
    let ids = ids();
    let request = Request::new(&profile)
        .instance_ids(ids.iter().map(String::as_str))
        .password(VALID)
        .user_name("deploy-admin");
    let (report, n, _) = counted(|| request.validate(&Context::new()));
    assert!(report.is_valid(), "{:?}", report.diagnostics());
    assert_eq!(n, 0, "validate under a profile of one's own");
}

#[test]
fn a_valid_request_allocates_nothing_to_validate() {
    let ids = ids();
    let request = Request::new(Profile::LEGACY_2017)
        .instance_ids(ids.iter().map(String::as_str))
        .password(VALID)
        .user_name("deploy-admin");
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

/// One diagnostics `Vec` (room for 4), nothing else.
fn assert_only_the_diagnostics_vec(what: &str, report: &Report, n: usize, bytes: usize) {
    assert!(!report.diagnostics().is_empty(), "{what}: no diagnostic");
    assert!(report.diagnostics().len() <= 4, "{what}");
    assert_eq!(n, 1, "{what}: allocations");
    assert_eq!(bytes, first_vec_bytes::<Diagnostic>(), "{what}: bytes");
}

#[test]
fn an_invalid_password_allocates_only_its_diagnostics() {
    let profile = Profile::LEGACY_2017;
    // Too short, too few classes: two diagnostics in one `Vec`.
    let password = Password::new("abc123");
    let (report, n, bytes) = counted(|| profile.check_password(&password, OsSet::UNKNOWN, None));
    assert_eq!(report.diagnostics().len(), 2);
    assert_only_the_diagnostics_vec("too short", &report, n, bytes);

    // Leading slash alone.
    let password = Password::new("/abc123ABC!@#x");
    let (report, n, bytes) = counted(|| profile.check_password(&password, OsSet::UNKNOWN, None));
    assert_eq!(report.diagnostics().len(), 1);
    assert_only_the_diagnostics_vec("leading slash", &report, n, bytes);

    // A charset failure also holds its positions: one more `Vec`, of `BadChar`.
    let password = Password::new("abc 123ABC!@#x");
    let (report, n, bytes) = counted(|| profile.check_password(&password, OsSet::UNKNOWN, None));
    assert_eq!(report.diagnostics().len(), 1);
    assert_eq!(n, 2, "charset: allocations");
    assert_eq!(
        bytes,
        first_vec_bytes::<Diagnostic>() + first_vec_bytes::<BadChar>(),
        "charset: bytes"
    );

    // `accepts` builds no diagnostic, whatever fails.
    let policy = profile.policy(OsSet::UNKNOWN);
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

#[test]
fn an_invalid_request_allocates_only_its_diagnostics() {
    let mut ids = ids();
    // A malformed id: one diagnostic; the repeat search stays on the stack.
    ids[17] = "ins-1122".into();
    let request = Request::new(Profile::LEGACY_2017)
        .instance_ids(ids.iter().map(String::as_str))
        .password(VALID);
    let (report, n, bytes) = counted(|| request.validate(&Context::new()));
    assert_eq!(report.diagnostics().len(), 1, "{:?}", report.diagnostics());
    assert_only_the_diagnostics_vec("malformed id", &report, n, bytes);

    // A repeated id: one warning (the request stays valid).
    let mut ids = self::ids();
    ids[42] = ids[7].clone();
    let request = Request::new(Profile::LEGACY_2017)
        .instance_ids(ids.iter().map(String::as_str))
        .password(VALID);
    let (report, n, bytes) = counted(|| request.validate(&Context::new()));
    assert!(report.is_valid());
    assert_eq!(report.diagnostics().len(), 1, "{:?}", report.diagnostics());
    assert_only_the_diagnostics_vec("repeated id", &report, n, bytes);

    // No password: one diagnostic.
    let request = Request::new(Profile::LEGACY_2017).instance_ids(self::ids());
    let (report, n, bytes) = counted(|| request.validate(&Context::new()));
    assert_eq!(report.diagnostics().len(), 1, "{:?}", report.diagnostics());
    assert_only_the_diagnostics_vec("missing password", &report, n, bytes);
}
