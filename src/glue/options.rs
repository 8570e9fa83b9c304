//! The options of `check`, `explain` and `generate` as data: what the JavaScript
//! and Python bindings receive, read here, so that a binding only converts values
//! at its boundary and every surface refuses a bad option with the same words.
//!
//! `options` = `{profile, rules, os: [..], facts, lang, policy, password,
//! userName, length, count}`, all optional. `facts` is the `DescribeInstances`
//! JSON as text or as a parsed object; `policy` a policy file's content (an object
//! or its text), whose deny-lists are given inline: a `denylist_file` is refused
//! (there is no file system to read it from).
//!
//! No error repeats a value it was given: it names the option and what was
//! expected. A password pasted into the wrong option, or passed where the options
//! go, never comes back in a message.

use alloc::string::{String, ToString};
use core::fmt;

use serde_json::Value;

use super::MAX_OPTIONS_BYTES;
use crate::facts::{Facts, FactsError};
use crate::locale::Locale;
use crate::os::{OsFamily, OsSet};
use crate::policy::GenerateError;
use crate::policy::file::{PolicyFile, PolicyFileError};
use crate::policy::rule_set::RuleSet;
use crate::profile::Profile;
use crate::secret::Password;
use crate::value_error::ValueError;

/// The most passwords one `generate` call makes.
pub const MAX_GENERATED: u32 = 10_000;

/// The options of a call, as a binding receives them (every field optional).
///
/// ```
/// use cvm_rules::glue::Options;
/// let options = Options::from_json(r#"{"profile": "api3", "os": ["linux"], "lang": "zh-CN"}"#).unwrap();
/// let json = options
///     .check(b"{\"InstanceIds\": [\"ins-r8hr2upy\"], \"Password\": \"abc123\"}", |out| serde_json::to_value(out).unwrap())
///     .unwrap();
/// assert_eq!(json["diagnostics"][0]["message"], "密码长度必须为 8 到 30 个字符，当前为 6 个。");
///
/// // Every option is parsed as it is read.
/// let error = Options::from_json(r#"{"profile": "api4"}"#).unwrap_err();
/// assert_eq!(error.to_string(), "unknown profile (expected legacy-2017 or api3)");
/// // A value of the wrong type names the option, never the value.
/// let error = Options::from_json(r#"{"password": 12345678}"#).unwrap_err();
/// assert_eq!(error.to_string(), "options.password must be a string");
/// assert!(error.is_type_error());
/// ```
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Options {
    /// `legacy-2017` (the default) or `api3`.
    pub profile: Option<&'static Profile>,
    /// A built-in rule set whose password rules replace the profile's.
    pub rules: Option<&'static RuleSet>,
    /// The OS families of the batch (none: unknown).
    pub os: OsSet,
    /// `DescribeInstances` facts.
    pub facts: Option<Facts>,
    /// `en` (the default) or `zh-CN`.
    pub lang: Option<Locale>,
    /// The rule set of a policy file (whose deny-lists were inline), replacing
    /// the profile's password rules.
    pub policy: Option<RuleSet>,
    /// `explain`: the password whose requirements are marked.
    pub password: Option<Password<'static>>,
    /// `explain`, `generate`: the account the user-name rule looks for
    /// (`userName` in JSON; `user_name` is accepted too).
    pub user_name: Option<String>,
    /// `explain`: the length of the entropy shown; `generate`: of each password.
    pub length: Option<usize>,
    /// `generate`: how many passwords (1 to [`MAX_GENERATED`]; default 1).
    pub count: Option<u32>,
}

/// One option, by its JSON key: the one list of the options' names, which
/// [`Options::set`] reads, an unknown option's error lists and a `Validator`
/// checks against the call it is given to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OptionKey {
    Profile,
    Rules,
    Os,
    Facts,
    Lang,
    Policy,
    Password,
    UserName,
    Length,
    Count,
}

impl OptionKey {
    /// Every option, in the order the errors list them.
    pub(crate) const ALL: [OptionKey; 10] = [
        OptionKey::Profile,
        OptionKey::Rules,
        OptionKey::Os,
        OptionKey::Facts,
        OptionKey::Lang,
        OptionKey::Policy,
        OptionKey::Password,
        OptionKey::UserName,
        OptionKey::Length,
        OptionKey::Count,
    ];

    /// The option's JSON key.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            OptionKey::Profile => "profile",
            OptionKey::Rules => "rules",
            OptionKey::Os => "os",
            OptionKey::Facts => "facts",
            OptionKey::Lang => "lang",
            OptionKey::Policy => "policy",
            OptionKey::Password => "password",
            OptionKey::UserName => "userName",
            OptionKey::Length => "length",
            OptionKey::Count => "count",
        }
    }

    /// The option a JSON key names (`user_name` is `userName` too, for Python).
    fn of(key: &str) -> Option<OptionKey> {
        if key == "user_name" {
            return Some(OptionKey::UserName);
        }
        OptionKey::ALL
            .into_iter()
            .find(|option| option.name() == key)
    }

    /// Whether `options` holds a value of this option.
    pub(crate) fn is_given(self, options: &Options) -> bool {
        match self {
            OptionKey::Profile => options.profile.is_some(),
            OptionKey::Rules => options.rules.is_some(),
            OptionKey::Os => !options.os.is_unknown(),
            OptionKey::Facts => options.facts.is_some(),
            OptionKey::Lang => options.lang.is_some(),
            OptionKey::Policy => options.policy.is_some(),
            OptionKey::Password => options.password.is_some(),
            OptionKey::UserName => options.user_name.is_some(),
            OptionKey::Length => options.length.is_some(),
            OptionKey::Count => options.count.is_some(),
        }
    }
}

/// `profile, rules, …, length or count`: the options, for an unknown one's error.
struct OptionNames;

impl fmt::Display for OptionNames {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (last, first) = OptionKey::ALL.split_last().ok_or(fmt::Error)?;
        for (index, option) in first.iter().enumerate() {
            if index > 0 {
                f.write_str(", ")?;
            }
            f.write_str(option.name())?;
        }
        write!(f, " or {}", last.name())
    }
}

impl Options {
    /// Reads options from JSON text: an object of the options, or `null` for none.
    /// Unknown keys, values of the wrong type, JSON nested deeper than 128
    /// levels and text over [`MAX_OPTIONS_BYTES`] are refused.
    pub fn from_json(text: &str) -> Result<Options, OptionsError> {
        if text.len() > MAX_OPTIONS_BYTES {
            return Err(OptionsError::TooLarge);
        }
        let value: Value = serde_json::from_str(text).map_err(|e| {
            if e.to_string().starts_with("recursion limit exceeded") {
                OptionsError::TooDeep
            } else {
                OptionsError::NotJson {
                    line: e.line(),
                    column: e.column(),
                }
            }
        })?;
        Options::from_value(value)
    }

    /// Reads options from a parsed JSON value (see [`Options::from_json`]).
    pub fn from_value(value: Value) -> Result<Options, OptionsError> {
        let map = match value {
            Value::Null => return Ok(Options::default()),
            Value::Object(map) => map,
            _ => return Err(OptionsError::type_of("options", "an object")),
        };
        let mut options = Options::default();
        for (key, value) in map {
            options.set(&key, value)?;
        }
        Ok(options)
    }

    /// Reads one option, by its JSON key, into its typed value: every name,
    /// file and number is parsed here, once. `null` is an option not given, as
    /// JavaScript's `undefined` is.
    pub fn set(&mut self, key: &str, value: Value) -> Result<(), OptionsError> {
        if value.is_null() {
            return Ok(());
        }
        let Some(option) = OptionKey::of(key) else {
            return Err(OptionsError::UnknownOption(shown_key(key)));
        };
        match option {
            OptionKey::Profile => {
                let name = text(value, "options.profile")?;
                self.profile = Some(name.parse().map_err(OptionsError::Name)?);
            }
            OptionKey::Rules => {
                let name = text(value, "options.rules")?;
                self.rules = Some(name.parse().map_err(OptionsError::Name)?);
            }
            OptionKey::Lang => {
                let name = text(value, "options.lang")?;
                self.lang = Some(name.parse().map_err(OptionsError::Name)?);
            }
            OptionKey::Os => self.os = families(value)?,
            OptionKey::Facts => {
                if !matches!(value, Value::String(_) | Value::Object(_) | Value::Array(_)) {
                    return Err(OptionsError::type_of(
                        "options.facts",
                        "DescribeInstances JSON, as text or an object",
                    ));
                }
                self.facts = Some(facts_of(&value)?);
            }
            OptionKey::Policy => {
                if !matches!(value, Value::String(_) | Value::Object(_)) {
                    return Err(OptionsError::type_of(
                        "options.policy",
                        "a policy file, as text or an object",
                    ));
                }
                self.policy = Some(policy_rules(value)?);
            }
            OptionKey::Password => {
                self.password = Some(Password::from(text(value, "options.password")?));
            }
            OptionKey::UserName => {
                self.user_name = Some(text(value, "options.userName")?);
            }
            OptionKey::Length => self.length = Some(whole(&value, "options.length")?),
            OptionKey::Count => {
                let count = whole(&value, "options.count")?;
                self.count = Some(u32::try_from(count).unwrap_or(u32::MAX));
            }
        }
        Ok(())
    }
}

/// Facts given as text (a JSON string) or as a parsed value.
pub(crate) fn facts_of(value: &Value) -> Result<Facts, OptionsError> {
    match value {
        Value::String(text) => Facts::from_json(text),
        value => Facts::from_json(&value.to_string()),
    }
    .map_err(OptionsError::Facts)
}

/// The rule set of a policy file given as an object or as text; its deny-lists
/// must be inline.
fn policy_rules(policy: Value) -> Result<RuleSet, OptionsError> {
    let file = match policy {
        Value::String(text) => PolicyFile::from_json(&text),
        value => PolicyFile::from_value(value),
    }
    .map_err(OptionsError::Policy)?;
    // Refused before any file is named: an error never repeats a value given.
    if file.denylist_files().next().is_some() {
        return Err(OptionsError::Policy(PolicyFileError::Invalid {
            message: "a denylist_file cannot be read here: give the entries inline as denylist"
                .to_string(),
        }));
    }
    file.rule_set(|_| Ok(String::new()))
        .map_err(OptionsError::Policy)
}

fn text(value: Value, option: &'static str) -> Result<String, OptionsError> {
    match value {
        Value::String(text) => Ok(text),
        _ => Err(OptionsError::type_of(option, "a string")),
    }
}

fn families(value: Value) -> Result<OsSet, OptionsError> {
    let expected = || OptionsError::type_of("options.os", "an array of family names");
    let Value::Array(items) = value else {
        return Err(expected());
    };
    let mut os = OsSet::UNKNOWN;
    for item in items {
        let Value::String(name) = item else {
            return Err(expected());
        };
        os = os.with(name.parse::<OsFamily>().map_err(OptionsError::Name)?);
    }
    Ok(os)
}

/// A whole number ≥ 0 (saturating at `usize::MAX`): `16`, `16.0`; not `-1`,
/// `1.5`, `"16"`.
fn whole(value: &Value, option: &'static str) -> Result<usize, OptionsError> {
    let Value::Number(n) = value else {
        return Err(OptionsError::type_of(option, "a number"));
    };
    if let Some(n) = n.as_u64() {
        return Ok(usize::try_from(n).unwrap_or(usize::MAX));
    }
    // `16.0`: whole when converting it to an integer and back gives it again
    // (`f64::fract` is not in `core`); huge ones saturate.
    match n.as_f64() {
        Some(f) if f >= u64::MAX as f64 => Ok(usize::MAX),
        Some(f) if f >= 0.0 && (f as u64) as f64 == f => {
            Ok(usize::try_from(f as u64).unwrap_or(usize::MAX))
        }
        _ => Err(OptionsError::NotWhole(option)),
    }
}

/// A key a caller passed, as an error may show it: cut to
/// 64 characters (with `…`)
/// when it looks like a key (a letter or `_`, then letters, digits, `_`, `-`,
/// `.`), and `None` when it does not: a key could be anything, a password
/// pasted in the wrong place among them. The bindings name unknown keys of
/// their own arguments with it.
///
/// ```
/// use cvm_rules::glue::shown_key;
/// assert_eq!(shown_key("lenght").as_deref(), Some("lenght"));
/// assert_eq!(shown_key(&"k".repeat(100)).map(|k| k.chars().count()), Some(65));
/// assert_eq!(shown_key("Hunter2!"), None);
/// ```
pub fn shown_key(key: &str) -> Option<String> {
    crate::limits::looks_like_key(key).then(|| crate::limits::echo(key))
}

/// A bad option: each says what is wrong with which option, and never repeats
/// the value it was given.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum OptionsError {
    /// The options' text is not JSON (1-based line and column).
    NotJson {
        /// Line.
        line: usize,
        /// Column.
        column: usize,
    },
    /// The options (their `facts` or `policy`) nest deeper than 128 levels.
    TooDeep,
    /// The options' JSON is over [`MAX_OPTIONS_BYTES`].
    TooLarge,
    /// An option has a value of the wrong type.
    Type {
        /// The option (`options.profile`; a binding may name its parameter).
        option: &'static str,
        /// What it must be (`a string`).
        expected: &'static str,
    },
    /// A number option is negative or not whole.
    NotWhole(&'static str),
    /// A key that is not an option (shown when it looks like a key).
    UnknownOption(Option<String>),
    /// An option given where it does not belong (`password` to a `Validator`).
    Misplaced {
        /// The option.
        option: &'static str,
        /// Where it goes instead.
        goes_to: &'static str,
    },
    /// `profile`, `rules`, an entry of `os` or `lang` is not a known name.
    Name(ValueError),
    /// `rules` and `policy` together.
    RulesAndPolicy,
    /// `facts` is not `DescribeInstances` JSON.
    Facts(FactsError),
    /// `policy` is not a usable policy file.
    Policy(PolicyFileError),
    /// `count` is out of range.
    Count,
    /// No password could be generated, or not of the length asked.
    Generate(GenerateError),
}

impl OptionsError {
    pub(crate) fn type_of(option: &'static str, expected: &'static str) -> OptionsError {
        OptionsError::Type { option, expected }
    }

    /// Whether the error is about the type or shape of a value (an option of the
    /// wrong type, an unknown or misplaced option) rather than about its value: a
    /// binding raises a `TypeError` for these.
    pub fn is_type_error(&self) -> bool {
        matches!(
            self,
            OptionsError::Type { .. }
                | OptionsError::UnknownOption(_)
                | OptionsError::Misplaced { .. }
        )
    }
}

impl fmt::Display for OptionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptionsError::NotJson { line, column } => {
                write!(f, "the options are not JSON (line {line}, column {column})")
            }
            OptionsError::TooDeep => f.write_str(
                "the options are nested deeper than 128 levels (facts and policy included)",
            ),
            OptionsError::TooLarge => write!(
                f,
                "the options are larger than {MAX_OPTIONS_BYTES} bytes of JSON (facts and policy included)"
            ),
            OptionsError::Type { option, expected } => write!(f, "{option} must be {expected}"),
            OptionsError::NotWhole(option) => write!(f, "{option} must be a whole number ≥ 0"),
            OptionsError::UnknownOption(Some(key)) => {
                write!(f, "unknown option `{key}` (expected {OptionNames})")
            }
            OptionsError::UnknownOption(None) => {
                write!(f, "an unknown option (expected {OptionNames})")
            }
            OptionsError::Misplaced { option, goes_to } => {
                write!(f, "{option} is an option of {goes_to}")
            }
            OptionsError::Name(e) => e.fmt(f),
            OptionsError::RulesAndPolicy => f.write_str(
                "rules and policy do not go together: a policy file names the rule set it extends",
            ),
            OptionsError::Facts(e) => write!(f, "the facts are not usable: {e}"),
            OptionsError::Policy(e) => write!(f, "the policy is not usable: {e}"),
            OptionsError::Count => write!(f, "count must be 1 to {MAX_GENERATED}"),
            OptionsError::Generate(e) => write!(f, "cannot generate a password: {e}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for OptionsError {}
