//! The JSON contract of the bindings (`cvm_rules::glue`), tested in the crate:
//! how options are read and refused, what a `Validator` compiles and refuses,
//! and the objects its calls hand back. The bindings' own suites test the same
//! paths through JavaScript and Python; these pin them down where the library
//! decides them.
#![cfg(feature = "serde")]

use cvm_rules::glue::{
    CheckOutput, JsonLines, MAX_GENERATED, Options, OptionsError, PasswordOutput, Validator,
};
use cvm_rules::glue::{MAX_OPTIONS_BYTES, READ_CAP};
use cvm_rules::{
    Context, Facts, Locale, OsFamily, OsSet, Password, PasswordRule, Profile, Request, RuleSet,
};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;
use serde_json::{Value, json};

const SENTINEL: &str = "Sentinel#Secret9";

/// A running CentOS instance, as `DescribeInstances` shows it.
const RUNNING_LINUX: &str = r#"{"Response": {"TotalCount": 1, "InstanceSet": [
    {"InstanceId": "ins-r8hr2upy", "InstanceState": "RUNNING", "OsName": "CentOS 7.9 64位"}]}}"#;

/// A complete legacy-2017 request for `ins-r8hr2upy` with `password`.
fn query(password: &str) -> Vec<u8> {
    format!(
        "Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.0=ins-r8hr2upy&Password={password}&ForceStop=TRUE"
    )
    .into_bytes()
}

fn options(json: Value) -> Options {
    Options::from_value(json).expect("options")
}

fn error_of(json: Value) -> OptionsError {
    Options::from_value(json).expect_err("refused")
}

fn validator(json: Value) -> Validator {
    Validator::new(&options(json)).expect("a validator")
}

/// Every set of OS families: the eight a profile resolves a policy for.
fn every_os_set() -> Vec<OsSet> {
    (0..8u8)
        .map(|bits| {
            let families: Vec<OsFamily> = OsFamily::ALL
                .into_iter()
                .enumerate()
                .filter(|(i, _)| bits >> i & 1 == 1)
                .map(|(_, f)| f)
                .collect();
            OsSet::of(&families)
        })
        .collect()
}

fn rule_ids(json: &Value) -> Vec<&str> {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["rule"].as_str().expect("a rule id"))
        .collect()
}

// --- Options::from_json and from_value ------------------------------------

#[test]
fn every_option_is_read_into_its_field() {
    let read = options(json!({
        "profile": "api3", "rules": "login-settings", "os": ["linux", "windows"],
        "facts": {"Response": {"InstanceSet": []}}, "lang": "zh-CN", "policy": {"extends": "api3"},
        "password": SENTINEL, "userName": "admin", "length": 20, "count": 3,
    }));
    // Each read into its type, once.
    assert_eq!(read.profile.map(Profile::id), Some("api3"));
    assert_eq!(read.rules.map(RuleSet::id), Some("login-settings"));
    assert_eq!(
        read.os,
        OsSet::only(OsFamily::Linux).with(OsFamily::Windows)
    );
    assert!(read.facts.as_ref().is_some_and(Facts::is_empty));
    assert_eq!(read.lang, Some(Locale::ZhCn));
    assert_eq!(read.policy.as_ref().map(RuleSet::id), Some("api3+policy"));
    assert_eq!(read.password.as_ref().map(Password::expose), Some(SENTINEL));
    assert_eq!(read.user_name.as_deref(), Some("admin"));
    assert_eq!(read.length, Some(20));
    assert_eq!(read.count, Some(3));
    // The snake-case spelling of userName is read too.
    assert_eq!(
        options(json!({"user_name": "ubuntu"})).user_name.as_deref(),
        Some("ubuntu")
    );
}

#[test]
fn null_is_no_options_and_a_null_option_is_one_not_given() {
    for text in [
        "null",
        "{}",
        r#"{"profile": null, "os": null, "count": null}"#,
    ] {
        let read = Options::from_json(text).expect("read");
        assert!(
            read.profile.is_none() && read.os.is_unknown() && read.count.is_none(),
            "{text}"
        );
        assert!(read.facts.is_none() && read.policy.is_none(), "{text}");
    }
}

#[test]
fn options_that_are_not_an_object_are_a_type_error() {
    for value in [json!([]), json!("api3"), json!(3), json!(true)] {
        let error = error_of(value);
        assert_eq!(
            error,
            OptionsError::Type {
                option: "options",
                expected: "an object"
            }
        );
        assert_eq!(error.to_string(), "options must be an object");
        assert!(error.is_type_error());
    }
}

#[test]
fn a_value_of_the_wrong_type_names_its_option_and_never_the_value() {
    let cases = [
        (json!({"profile": 3}), "options.profile must be a string"),
        (json!({"rules": ["api3"]}), "options.rules must be a string"),
        (json!({"lang": false}), "options.lang must be a string"),
        (
            json!({"password": 12345678}),
            "options.password must be a string",
        ),
        (
            json!({"userName": {"a": 1}}),
            "options.userName must be a string",
        ),
        (json!({"user_name": 7}), "options.userName must be a string"),
        (
            json!({"os": "linux"}),
            "options.os must be an array of family names",
        ),
        (
            json!({"os": ["linux", 7]}),
            "options.os must be an array of family names",
        ),
        (json!({"length": "16"}), "options.length must be a number"),
        (json!({"count": [1]}), "options.count must be a number"),
    ];
    for (value, message) in cases {
        let error = error_of(value.clone());
        assert_eq!(error.to_string(), message, "{value}");
        assert!(error.is_type_error(), "{value}");
    }
}

#[test]
fn a_number_option_is_a_whole_number_at_least_zero() {
    assert_eq!(options(json!({"length": 16})).length, Some(16));
    assert_eq!(options(json!({"length": 0})).length, Some(0));
    assert_eq!(options(json!({"length": 16.0})).length, Some(16));
    assert_eq!(options(json!({"length": 0.0})).length, Some(0));
    // Beyond what fits, a number saturates (and the call then refuses it).
    assert_eq!(options(json!({"length": 1e300})).length, Some(usize::MAX));
    assert_eq!(
        options(json!({"length": u64::MAX})).length,
        Some(usize::MAX)
    );
    assert_eq!(options(json!({"count": 1u64 << 40})).count, Some(u32::MAX));
    assert_eq!(
        options(json!({"count": 4_000_000_000u64})).count,
        Some(4_000_000_000)
    );
    for value in [
        json!(-1),
        json!(1.5),
        json!(-0.5),
        json!(-1e300),
        json!(16.000001),
    ] {
        let error = error_of(json!({"length": value}));
        assert_eq!(error, OptionsError::NotWhole("options.length"), "{value}");
        assert_eq!(
            error.to_string(),
            "options.length must be a whole number ≥ 0"
        );
        assert!(!error.is_type_error());
    }
    assert_eq!(
        error_of(json!({"count": -3})),
        OptionsError::NotWhole("options.count")
    );
}

#[test]
fn an_unknown_option_is_named_only_when_it_looks_like_a_key() {
    let expected = "profile, rules, os, facts, lang, policy, password, userName, length or count";
    let shown = [
        "Profile",
        "_private",
        "x",
        "max-len",
        "a.b_c-9",
        &"k".repeat(32),
    ];
    for key in shown {
        let error = error_of(json!({ key: 1 }));
        assert_eq!(error, OptionsError::UnknownOption(Some(key.to_string())));
        assert_eq!(
            error.to_string(),
            format!("unknown option `{key}` (expected {expected})")
        );
        assert!(error.is_type_error());
    }
    // A key could be a pasted password: anything that does not look like a key
    // is not repeated.
    let hidden = [SENTINEL, "9lives", "", "-x", "a b", "ключ", "a/b"];
    for key in hidden {
        let error = error_of(json!({ key: 1 }));
        assert_eq!(error, OptionsError::UnknownOption(None), "{key:?}");
        assert_eq!(
            error.to_string(),
            format!("an unknown option (expected {expected})")
        );
    }
    // A long key is shown cut to 64 characters.
    let error = error_of(json!({ "k".repeat(100): 1 }));
    let cut = format!("{}…", "k".repeat(64));
    assert_eq!(error, OptionsError::UnknownOption(Some(cut)));
}

#[test]
fn facts_and_policy_of_the_wrong_type_are_type_errors() {
    for (options, message) in [
        (
            json!({"facts": 42}),
            "options.facts must be DescribeInstances JSON, as text or an object",
        ),
        (
            json!({"facts": true}),
            "options.facts must be DescribeInstances JSON, as text or an object",
        ),
        (
            json!({"policy": 42}),
            "options.policy must be a policy file, as text or an object",
        ),
        (
            json!({"policy": ["api3"]}),
            "options.policy must be a policy file, as text or an object",
        ),
    ] {
        let error = Options::from_value(options.clone()).unwrap_err();
        assert!(error.is_type_error(), "{options}");
        assert_eq!(error.to_string(), message);
    }
    // Text, objects and (for facts) arrays are read as before.
    assert!(Options::from_value(json!({"facts": [], "policy": {"extends": "api3"}})).is_ok());
    assert!(
        Options::from_value(json!({"facts": "[]", "policy": "{\"extends\": \"api3\"}"})).is_ok()
    );
}

#[test]
fn options_text_that_is_not_json_too_deep_or_too_large_is_refused() {
    let error = Options::from_json("{\n  \"profile\": }").unwrap_err();
    assert_eq!(
        error,
        OptionsError::NotJson {
            line: 2,
            column: 14
        }
    );
    assert_eq!(
        error.to_string(),
        "the options are not JSON (line 2, column 14)"
    );
    assert!(!error.is_type_error());

    let deep = format!("{{\"facts\": {}{}}}", "[".repeat(200), "]".repeat(200));
    let error = Options::from_json(&deep).unwrap_err();
    assert_eq!(error, OptionsError::TooDeep);
    assert_eq!(
        error.to_string(),
        "the options are nested deeper than 128 levels (facts and policy included)"
    );

    // At the limit the text is read; one byte more and it is not.
    let padded = |len: usize| format!("{{\"password\": \"{}\"}}", "x".repeat(len - 16));
    assert_eq!(padded(MAX_OPTIONS_BYTES).len(), MAX_OPTIONS_BYTES);
    assert!(Options::from_json(&padded(MAX_OPTIONS_BYTES)).is_ok());
    let error = Options::from_json(&padded(MAX_OPTIONS_BYTES + 1)).unwrap_err();
    assert_eq!(error, OptionsError::TooLarge);
    assert_eq!(
        error.to_string(),
        format!(
            "the options are larger than {MAX_OPTIONS_BYTES} bytes of JSON (facts and policy included)"
        )
    );
}

#[test]
fn no_options_error_holds_the_password_given() {
    let cases = [
        json!({"password": SENTINEL, "profile": 1}),
        json!({"profile": SENTINEL}),
        json!({"rules": SENTINEL}),
        json!({"os": [SENTINEL]}),
        json!({"lang": SENTINEL}),
        json!({ SENTINEL: SENTINEL }),
        json!({"facts": SENTINEL}),
        json!({"policy": SENTINEL}),
        json!({"policy": {"extends": SENTINEL}}),
        json!({"password": SENTINEL}),
    ];
    for value in cases {
        let error = match Options::from_value(value.clone()) {
            Err(error) => error,
            Ok(read) => match Validator::new(&read) {
                Err(error) => error,
                Ok(_) => panic!("accepted: {value}"),
            },
        };
        assert!(!error.to_string().contains(SENTINEL), "{value}: {error}");
        assert!(
            !format!("{error:?}").contains(SENTINEL),
            "{value}: {error:?}"
        );
    }
}

// --- Validator::new and its refusals ----------------------------------------

#[test]
fn the_options_of_one_call_are_refused_by_a_validator_and_ignored_by_the_functions() {
    let cases = [
        (
            json!({"password": SENTINEL}),
            "password is an option of explain and checkPassword, not of a Validator",
        ),
        (
            json!({"userName": "root"}),
            "userName is an option of checkPassword, explain and generate, not of a Validator",
        ),
        (
            json!({"length": 16}),
            "length is an option of explain and generate, not of a Validator",
        ),
        (
            json!({"count": 2}),
            "count is an option of generate, not of a Validator",
        ),
    ];
    for (value, message) in cases {
        let read = options(value.clone());
        let error = Validator::new(&read).unwrap_err();
        assert!(matches!(error, OptionsError::Misplaced { .. }), "{value}");
        assert_eq!(error.to_string(), message);
        assert!(error.is_type_error());
        assert!(Validator::ignoring_call_options(&read).is_ok(), "{value}");
    }
}

#[test]
fn unknown_names_are_refused_with_the_names_expected() {
    let cases = [
        (
            json!({"profile": "api4"}),
            "unknown profile (expected legacy-2017 or api3)",
        ),
        (json!({"os": ["linux", "beos"]}), "unknown OS family"),
        (json!({"lang": "fr"}), "unknown language"),
        (json!({"rules": "strict"}), "unknown rule set"),
    ];
    for (value, start) in cases {
        // Refused as the options are read: each is parsed once, there.
        let error = error_of(value.clone());
        assert!(matches!(error, OptionsError::Name(_)), "{value}");
        assert!(error.to_string().starts_with(start), "{value}: {error}");
        assert!(!error.is_type_error());
    }
}

#[test]
fn the_validator_compiles_profile_os_language_and_rules() {
    let default = validator(json!(null));
    assert_eq!(default.profile().id(), "legacy-2017");
    assert_eq!(default.locale(), Locale::En);
    assert_eq!(
        default.policy(),
        Profile::LEGACY_2017.policy(OsSet::UNKNOWN)
    );

    let chosen = validator(json!({"profile": "api3", "os": ["windows"], "lang": "zh-CN"}));
    assert_eq!(chosen.profile().id(), "api3");
    assert_eq!(chosen.locale(), Locale::ZhCn);
    let windows = OsSet::only(OsFamily::Windows);
    assert_eq!(chosen.policy(), Profile::API3.policy(windows));
    assert_ne!(
        chosen.policy(),
        Profile::API3.policy(OsSet::only(OsFamily::Linux))
    );

    let rules = validator(json!({"profile": "api3", "rules": "login-settings"}));
    assert_eq!(rules.profile().rule_set().id(), "login-settings");
    assert_eq!(
        validator(json!({"profile": "api3"}))
            .profile()
            .rule_set()
            .id(),
        "api3"
    );
}

#[test]
fn every_slot_has_the_policy_of_its_os_set_and_there_are_eight() {
    let v = validator(json!({"profile": "api3"}));
    let mut seen = Vec::new();
    for os in every_os_set() {
        let policy = v.profile().policy(os);
        let slot = (0..8).find(|&s| std::ptr::eq(v.policy_of_slot(s).unwrap(), policy));
        seen.push(slot.expect("the policy of a slot"));
    }
    seen.sort_unstable();
    assert_eq!(seen, [0, 1, 2, 3, 4, 5, 6, 7]);
    assert!(v.policy_of_slot(8).is_none());
    assert!(v.policy_of_slot(usize::MAX).is_none());
}

#[test]
fn rules_and_policy_do_not_go_together() {
    let message =
        "rules and policy do not go together: a policy file names the rule set it extends";
    let both = options(json!({"rules": "api3", "policy": {"extends": "api3"}}));
    assert_eq!(Validator::new(&both).unwrap_err().to_string(), message);
    // A rule set of the caller's own goes where a policy file's does.
    let rule_set = RuleSet::API3.clone().with_id("acme");
    let mut given = options(json!({"rules": "api3"}));
    given.policy = Some(rule_set.clone());
    assert_eq!(
        Validator::new(&given).unwrap_err(),
        OptionsError::RulesAndPolicy
    );
    let mut own = Options::default();
    own.policy = Some(rule_set);
    let v = Validator::new(&own).expect("a validator");
    assert_eq!(v.profile().rule_set().id(), "acme");
}

#[test]
fn a_policy_is_read_as_an_object_or_as_text_with_its_denylist_inline() {
    let policy = json!({"extends": "api3", "all": {"denylist": ["Summer2024!Summer"]}});
    for given in [policy.clone(), Value::String(policy.to_string())] {
        let v = validator(json!({"profile": "api3", "os": ["linux"], "policy": given}));
        let json = v.check_password(&Password::new("Summer2024!Summer"), None, |out| {
            serde_json::to_value(out).unwrap()
        });
        assert_eq!(rule_ids(&json), ["password.denylist"]);
    }
    let file = json!({"extends": "api3", "all": {"denylist_file": "/etc/passwords"}});
    let error = error_of(json!({"policy": file}));
    assert!(matches!(error, OptionsError::Policy(_)));
    let message = error.to_string();
    assert!(
        message.starts_with("the policy is not usable: "),
        "{message}"
    );
    assert!(
        message.contains("denylist_file cannot be read here"),
        "{message}"
    );
    // The file's name is the caller's value: not repeated.
    assert!(!message.contains("/etc/passwords"), "{message}");

    let error = error_of(json!({"policy": "{not json"}));
    assert!(matches!(error, OptionsError::Policy(_)));
}

#[test]
fn facts_are_read_as_text_or_as_a_value_and_null_is_none() {
    let value: Value = serde_json::from_str(RUNNING_LINUX).unwrap();
    let without_force_stop = b"Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.0=ins-r8hr2upy&Password=Abc123!xyz";
    for facts in [value, Value::String(RUNNING_LINUX.to_string())] {
        let v = validator(json!({"profile": "api3", "facts": facts}));
        let json = v.check(without_force_stop, None, |out| {
            serde_json::to_value(out).unwrap()
        });
        assert_eq!(
            json["diagnostics"][0]["rule"], "instance.running_without_force_stop",
            "{json}"
        );
        // The facts name the OS: the policy is Linux's.
        assert_eq!(json["accounts"][0]["user_name"], "root", "{json}");
    }
    let v = validator(json!({"profile": "api3", "facts": null}));
    let json = v.check(without_force_stop, None, |out| {
        serde_json::to_value(out).unwrap()
    });
    assert!(
        rule_ids(&json).iter().all(|r| !r.starts_with("instance.")),
        "{json}"
    );

    let error = error_of(json!({"facts": {"Response": 3}}));
    assert!(matches!(error, OptionsError::Facts(_)));
    assert!(
        error.to_string().starts_with("the facts are not usable: "),
        "{error}"
    );
}

// --- The calls -----------------------------------------------------------------

#[test]
fn facts_given_to_a_call_replace_the_validators() {
    let stopped = RUNNING_LINUX.replace("RUNNING", "STOPPED");
    let v = validator(json!({"profile": "api3", "facts": RUNNING_LINUX}));
    let facts = cvm_rules::Facts::from_json(&stopped).unwrap();
    let input = b"Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.0=ins-r8hr2upy&Password=Abc123!xyz";
    let json = v.check(input, Some(&facts), |out| {
        serde_json::to_value(out).unwrap()
    });
    assert_eq!(json["valid"], true, "{json}");
    let json = v.check(input, None, |out| serde_json::to_value(out).unwrap());
    assert_eq!(json["valid"], false, "{json}");
}

#[test]
fn check_reads_up_to_the_cap_and_refuses_longer_input_as_too_large() {
    let v = validator(json!(null));
    let mut input = query("Abc123-xyzQW");
    let fine = v.check(&input, None, |out| out.is_valid());
    assert!(fine);
    input.resize(READ_CAP + 100, b'a');
    let json = v.check(&input, None, |out| serde_json::to_value(out).unwrap());
    assert_eq!(json["valid"], false);
    assert_eq!(rule_ids(&json), ["input.too_large"], "{json}");
    // The bytes read are the cap's, not the input's.
    assert_eq!(json["diagnostics"][0]["params"]["bytes"], READ_CAP);
}

#[test]
fn check_password_applies_the_user_name_and_a_long_password_fails_its_length() {
    let v = validator(json!({"profile": "api3", "os": ["windows"]}));
    let valid = |p: &str, user: Option<&str>| {
        v.check_password(&Password::new(p), user, |out| out.is_valid())
    };
    assert!(valid("Xqwerty12!abc", None));
    assert!(!valid("Xqwerty12!abc", Some("qwerty")));
    assert!(valid("Xqwerty12!abc", Some("zzz")));

    // Past the read cap, a password is cut at a character boundary and still
    // fails its length rule; so is a user name, which is still looked for.
    let long = "é".repeat(READ_CAP);
    let json = v.check_password(&Password::new(&long), None, |out| {
        serde_json::to_value(out).unwrap()
    });
    assert_eq!(json["valid"], false);
    let length = &json["diagnostics"][0];
    assert_eq!(length["rule"], "password.length", "{json}");
    // READ_CAP is odd: the cut falls inside an `é` and goes back to its start.
    assert_eq!(length["params"]["actual"], READ_CAP / 2, "{json}");
    let name = format!("qwe{}", "é".repeat(READ_CAP));
    assert!(valid("Xqwerty12!abc", Some(&name)));
}

#[test]
fn explain_marks_the_password_given_and_shows_the_entropy_of_the_length_asked() {
    let v = validator(json!({"profile": "api3", "os": ["linux"]}));
    let unmarked = v.explain(None, None, None);
    assert!(unmarked.is_met());
    assert!(!unmarked.checklist().is_checked());
    assert_eq!(unmarked.entropy().length, 16);
    let json = serde_json::to_value(&unmarked).unwrap();
    assert_eq!(json["all_met"], Value::Null);
    assert_eq!(json["profile"], "api3");
    assert_eq!(json["rules"], "api3");
    assert_eq!(json["entropy"]["length"], 16);
    assert!(json["entropy"]["bits"].as_f64().unwrap() > 90.0, "{json}");
    assert!(
        json["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["met"].is_null())
    );

    let weak = v.explain(Some(&Password::new("abc")), None, Some(20));
    assert!(!weak.is_met());
    assert!(weak.checklist().is_checked());
    assert_eq!(weak.entropy().length, 20);
    let json = serde_json::to_value(&weak).unwrap();
    assert_eq!(json["all_met"], false);
    assert_eq!(json["requirements"][0]["met"], false);
    assert!(!json.to_string().contains("abc\""), "{json}");

    // An explicit length is shown as asked: no password of 2 characters passes.
    let strong = v.explain(Some(&Password::new("Abc123!xyz")), None, Some(2));
    assert!(strong.is_met());
    let json = serde_json::to_value(&strong).unwrap();
    assert_eq!(json["all_met"], true);
    assert_eq!(json["entropy"], json!({"length": 2, "bits": null}));

    // The user name given is the one the checklist looks for.
    let windows = validator(json!({"profile": "api3", "os": ["windows"]}));
    let p = Password::new("Xqwerty12!abc");
    assert!(windows.explain(Some(&p), None, None).is_met());
    assert!(!windows.explain(Some(&p), Some("qwerty"), None).is_met());
}

#[test]
fn generate_counts_from_one_to_the_maximum() {
    let v = validator(json!({"profile": "api3", "os": ["linux"]}));
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    for count in [0, MAX_GENERATED + 1, u32::MAX] {
        let error = v.generate(&mut rng, Some(count), None, None).unwrap_err();
        assert_eq!(error, OptionsError::Count);
        assert_eq!(
            error.to_string(),
            format!("count must be 1 to {MAX_GENERATED}")
        );
    }
    let one = v.generate(&mut rng, None, None, None).unwrap();
    assert_eq!(one.passwords().len(), 1);
    let many = v
        .generate(&mut rng, Some(MAX_GENERATED), Some(12), None)
        .unwrap();
    assert_eq!(many.passwords().len(), MAX_GENERATED as usize);
    let policy = v.policy();
    assert!(
        many.passwords()
            .iter()
            .all(|p| p.expose().len() == 12 && policy.accepts(p.expose(), None))
    );
    let json = serde_json::to_value(&many).unwrap();
    assert_eq!(json["length"], 12);
    assert_eq!(
        json["passwords"].as_array().unwrap().len(),
        MAX_GENERATED as usize
    );
    assert!(json["entropy_bits"].as_f64().unwrap() > 60.0);
    assert_eq!(json["policy"], serde_json::to_value(policy).unwrap());
}

#[test]
fn generate_refuses_a_length_outside_the_bounds_and_avoids_the_user_name() {
    let v = validator(json!({"profile": "legacy-2017", "os": ["windows"]}));
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    let error = v.generate(&mut rng, Some(1), Some(20), None).unwrap_err();
    assert!(matches!(error, OptionsError::Generate(_)));
    assert!(
        error
            .to_string()
            .starts_with("cannot generate a password: "),
        "{error}"
    );
    assert!(
        error.to_string().contains("12") && error.to_string().contains("16"),
        "{error}"
    );
    let out = v.generate(&mut rng, Some(3), Some(12), None).unwrap();
    assert_eq!(serde_json::to_value(&out).unwrap()["length"], 12);
    // api3's Windows rules refuse a password that holds the user name.
    let v = validator(json!({"profile": "api3", "os": ["windows"]}));
    let out = v
        .generate(&mut rng, Some(200), Some(12), Some("xyz"))
        .unwrap();
    let policy = v.policy();
    assert!(
        out.passwords()
            .iter()
            .all(|p| policy.accepts(p.expose(), Some("xyz")))
    );
}

#[test]
fn the_option_functions_are_the_validators_calls_with_the_call_options() {
    let read = options(
        json!({"profile": "api3", "os": ["linux"], "password": "abc", "length": 10, "count": 2}),
    );
    let json = read
        .check(&query("abc"), |out| serde_json::to_value(out).unwrap())
        .unwrap();
    assert_eq!(json["valid"], false);
    let explained = read
        .explain(|out| serde_json::to_value(out).unwrap())
        .unwrap();
    assert_eq!(explained["all_met"], false);
    assert_eq!(explained["entropy"]["length"], 10);
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let generated = read
        .generate(&mut rng, |out| serde_json::to_value(out).unwrap())
        .unwrap();
    assert_eq!(generated["passwords"].as_array().unwrap().len(), 2);
    assert_eq!(generated["length"], 10);

    // Options are parsed as they are read: a bad one never reaches a call.
    assert!(matches!(
        error_of(json!({"profile": "api4"})),
        OptionsError::Name(_)
    ));
}

// --- The output objects ----------------------------------------------------------

#[test]
fn outputs_say_their_policy_slot_and_can_leave_the_policy_out() {
    let v = validator(json!({"profile": "api3"}));
    let profile = v.profile();
    for os in every_os_set() {
        let slot = (0..8).find(|&s| std::ptr::eq(v.policy_of_slot(s).unwrap(), profile.policy(os)));
        let body = query("abc");
        let request = Request::from_query(&body, profile);
        let ctx = Context::new().with_os(os);
        let output = CheckOutput::new(request.validate(&ctx), request.accounts(&ctx), Locale::En);
        assert_eq!(output.policy_slot(), slot);
        assert!(!output.is_valid());
        assert!(!output.report().is_valid());
        let full = serde_json::to_value(&output).unwrap();
        let bare = serde_json::to_value(output.without_policy()).unwrap();
        assert!(full["policy"].is_object());
        assert_eq!(bare["policy"], Value::Null);
        let mut rest = full.clone();
        rest["policy"] = Value::Null;
        assert_eq!(rest, bare);

        let report = profile.check_password(&Password::new("Abc123!xyzQW"), os, None);
        let output = PasswordOutput::new(report, Locale::En);
        assert_eq!(output.policy_slot(), slot);
        assert!(output.is_valid() && output.report().is_valid());
        let full = serde_json::to_value(&output).unwrap();
        let bare = serde_json::to_value(output.without_policy()).unwrap();
        assert_eq!(
            full["policy"],
            serde_json::to_value(profile.policy(os)).unwrap()
        );
        assert_eq!(bare["policy"], Value::Null);
        assert_eq!(full["valid"], true);
    }
}

#[test]
fn a_rule_set_the_profile_cannot_take_is_a_policy_error() {
    let rules = RuleSet::API3
        .clone()
        .with_id("acme")
        .with_rule(OsSet::ALL, PasswordRule::Length { min: 40, max: 50 });
    let mut options = Options::default();
    options.policy = Some(rules);
    let error = Validator::new(&options).unwrap_err();
    assert!(matches!(error, OptionsError::Policy(_)), "{error:?}");
    let message = error.to_string();
    assert!(
        message.starts_with("the policy is not usable: "),
        "{message}"
    );
    assert!(message.contains("greater than the maximum"), "{message}");
}

#[test]
fn json_lines_are_byte_for_byte_serde_json_for_each_output() {
    let mut lines = JsonLines::new();
    let mut out = Vec::new();
    let mut expected = Vec::new();
    let bodies: [&[u8]; 4] = [
        b"InstanceIds.1=ins-r8hr2upy&Password=abc",
        b"Password=abc123ABC!@%23x",
        b"InstanceIds.1=ins-r8hr2upy&Password=abc",
        b"",
    ];
    for (i, body) in bodies.iter().enumerate() {
        let os = every_os_set()[i % 3];
        let request = Request::from_query(body, Profile::API3);
        let ctx = Context::new().with_os(os);
        let output = CheckOutput::new(request.validate(&ctx), request.accounts(&ctx), Locale::ZhCn);
        lines.write(&mut out, &output).unwrap();
        expected.extend_from_slice(serde_json::to_string(&output).unwrap().as_bytes());
        expected.push(b'\n');
    }
    assert_eq!(
        String::from_utf8(out).unwrap(),
        String::from_utf8(expected).unwrap()
    );
}

#[test]
fn a_length_no_password_reaches_has_null_bits() {
    let policy = Profile::API3.policy(OsSet::only(OsFamily::Linux));
    let json = serde_json::to_value(policy.entropy(Some(2))).unwrap();
    assert_eq!(json, json!({"length": 2, "bits": null}));
    let entropy = policy.entropy(Some(8));
    let json = serde_json::to_value(entropy).unwrap();
    assert_eq!(json["length"], 8);
    assert_eq!(json["bits"].as_f64(), Some(entropy.bits));
    assert!(entropy.bits > 40.0);
}
