//! The options of `check`, `explain` and `generate` as data (spec section 18,
//! feature `serde`): what the JavaScript and Python bindings receive, read and
//! resolved here, so that a binding only converts values at its boundary.
//!
//! `options` = `{profile, rules, os: [..], facts, lang, policy, password,
//! userName, length, count}`, all optional. `facts` is the `DescribeInstances`
//! JSON as text or as a parsed object; `policy` a policy file's content (an object
//! or its text), whose deny-lists are given inline: a `denylist_file` is refused
//! (there is no file system to read it from).

use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::fmt;

use rand_core::{CryptoRng, RngCore};
use serde::de::{Deserialize, Deserializer};
use serde_json::Value;

use crate::facts::{Facts, FactsError};
use crate::locale::{Locale, UnknownLocale};
use crate::os::{OsFamily, OsSet, UnknownOsFamily};
use crate::output::{CheckOutput, ExplainOutput, GenerateOutput};
use crate::policy::{GenerateError, Policy, PolicyError};
use crate::policy_file::{PolicyFile, PolicyFileError};
use crate::profile::{Profile, UnknownProfile};
use crate::request::Request;
use crate::rule_set::{RuleSet, UnknownRuleSet};
use crate::secret::Password;
use crate::validate::Context;

/// The most passwords one `generate` call makes.
pub const MAX_GENERATED: u32 = 10_000;

/// The options of a call, as a binding receives them (every field optional).
///
/// ```
/// use cvm_rules::Options;
/// let options: Options = serde_json::from_str(r#"{"profile": "api3", "os": ["linux"], "lang": "zh-CN"}"#).unwrap();
/// let json = options
///     .check(b"{\"InstanceIds\": [\"ins-r8hr2upy\"], \"Password\": \"abc123\"}", |out| serde_json::to_value(out).unwrap())
///     .unwrap();
/// assert_eq!(json["diagnostics"][0]["message"], "密码长度必须为 8 到 30 个字符，当前为 6 个。");
/// let error = serde_json::from_str::<Options>(r#"{"profile": "api4"}"#).unwrap().check(b"", |_| ()).unwrap_err();
/// assert_eq!(error.to_string(), "unknown profile \"api4\" (expected legacy-2017 or api3)");
/// ```
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct Options {
    /// `legacy-2017` (the default) or `api3`.
    pub profile: Option<String>,
    /// A built-in rule set whose password rules replace the profile's.
    pub rules: Option<String>,
    /// The OS families of the batch.
    pub os: Vec<String>,
    /// `DescribeInstances` JSON, as text or as a parsed value.
    pub facts: Option<Value>,
    /// `en` (the default) or `zh-CN`.
    pub lang: Option<String>,
    /// A policy file's content, as an object or as text.
    pub policy: Option<Value>,
    /// `explain`: the password whose requirements are marked.
    #[serde(deserialize_with = "password")]
    pub password: Option<Password<'static>>,
    /// `explain`, `generate`: the account the user-name rule looks for.
    #[serde(rename = "userName", alias = "user_name")]
    pub user_name: Option<String>,
    /// `explain`: the length of the entropy shown; `generate`: of each password.
    pub length: Option<usize>,
    /// `generate`: how many passwords (1 to [`MAX_GENERATED`]; default 1).
    pub count: Option<u32>,
}

fn password<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Password<'static>>, D::Error> {
    Ok(Option::<String>::deserialize(d)?.map(Password::from))
}

/// A bad option: each says what is wrong with which option.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum OptionsError {
    /// `profile` is not a profile.
    Profile(UnknownProfile),
    /// `rules` is not a rule set.
    Rules(UnknownRuleSet),
    /// An entry of `os` is not a family.
    Os(UnknownOsFamily),
    /// `lang` is not a language.
    Lang(UnknownLocale),
    /// `rules` and `policy` together.
    RulesAndPolicy,
    /// `facts` is not `DescribeInstances` JSON.
    Facts(FactsError),
    /// `policy` is not a usable policy file.
    Policy(PolicyFileError),
    /// `count` is out of range.
    Count(u32),
    /// No password could be generated.
    Generate(GenerateError),
}

impl fmt::Display for OptionsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OptionsError::Profile(e) => e.fmt(f),
            OptionsError::Rules(e) => e.fmt(f),
            OptionsError::Os(e) => e.fmt(f),
            OptionsError::Lang(e) => e.fmt(f),
            OptionsError::RulesAndPolicy => f.write_str(
                "rules and policy do not go together: a policy file names the rule set it extends",
            ),
            OptionsError::Facts(e) => write!(f, "the facts are not usable: {e}"),
            OptionsError::Policy(e) => write!(f, "the policy is not usable: {e}"),
            OptionsError::Count(n) => {
                write!(f, "count must be 1 to {MAX_GENERATED}, not {n}")
            }
            OptionsError::Generate(e) => write!(f, "cannot generate a password: {e}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for OptionsError {}

/// The options, resolved into the library's values.
struct Resolved {
    profile: &'static Profile,
    /// The rule set `rules` or `policy` gives, if any.
    rule_set: Option<RuleSet>,
    os: OsSet,
    facts: Option<Facts>,
    locale: Locale,
}

impl Options {
    fn resolve(&self) -> Result<Resolved, OptionsError> {
        let profile = match &self.profile {
            Some(id) => id.parse().map_err(OptionsError::Profile)?,
            None => Profile::LEGACY_2017,
        };
        let os = self
            .os
            .iter()
            .map(|f| f.parse::<OsFamily>())
            .collect::<Result<OsSet, _>>()
            .map_err(OptionsError::Os)?;
        let locale = match &self.lang {
            Some(lang) => lang.parse().map_err(OptionsError::Lang)?,
            None => Locale::En,
        };
        let rule_set = match (&self.rules, &self.policy) {
            (Some(_), Some(_)) => return Err(OptionsError::RulesAndPolicy),
            (Some(id), None) => Some(id.parse::<&RuleSet>().map_err(OptionsError::Rules)?.clone()),
            (None, Some(policy)) => Some(policy_rules(policy)?),
            (None, None) => None,
        };
        let facts = match &self.facts {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(Facts::from_json(text)),
            Some(value) => Some(Facts::from_json(&value.to_string())),
        }
        .transpose()
        .map_err(OptionsError::Facts)?;
        Ok(Resolved {
            profile,
            rule_set,
            os,
            facts,
            locale,
        })
    }

    /// Validates `input` (the query form, a full URL, or JSON) and hands `f` the
    /// object `check --format json` prints. A rule set from `rules` or `policy`
    /// replaces the profile's password rules; codes and limits stay the profile's.
    pub fn check<T>(
        &self,
        input: &[u8],
        f: impl FnOnce(&CheckOutput<'_, '_>) -> T,
    ) -> Result<T, OptionsError> {
        let resolved = self.resolve()?;
        let tightened;
        let profile = match resolved.rule_set {
            Some(rule_set) => {
                tightened = resolved
                    .profile
                    .clone()
                    .with_rule_set(rule_set)
                    .map_err(policy_error)?;
                &tightened
            }
            None => resolved.profile,
        };
        let mut ctx = Context::new().with_os(resolved.os);
        if let Some(facts) = &resolved.facts {
            ctx = ctx.with_facts(facts);
        }
        let request = Request::parse(input, profile);
        let output = CheckOutput::new(
            request.validate(&ctx),
            request.accounts(&ctx),
            resolved.locale,
        );
        Ok(f(&output))
    }

    /// The requirements checklist (each marked when `password` is given), handed
    /// to `f` as the object `explain --format json` prints.
    pub fn explain<T>(&self, f: impl FnOnce(&ExplainOutput<'_>) -> T) -> Result<T, OptionsError> {
        let resolved = self.resolve()?;
        let owned;
        let (rule_set, policy): (&RuleSet, &Policy) = match &resolved.rule_set {
            None => (
                resolved.profile.rule_set(),
                resolved.profile.policy(resolved.os),
            ),
            Some(rule_set) => {
                owned = rule_set.policy(resolved.os).map_err(policy_error)?;
                (rule_set, &owned)
            }
        };
        let checklist = policy.checklist(self.password.as_ref(), self.user_name.as_deref());
        let output = ExplainOutput::new(
            resolved.profile,
            rule_set,
            policy,
            checklist,
            self.length,
            resolved.locale,
        );
        Ok(f(&output))
    }

    /// `count` passwords that pass the resolved policy, drawn from `rng`, handed
    /// to `f` as the object `generate --format json` prints.
    pub fn generate<T, R: CryptoRng + RngCore + ?Sized>(
        &self,
        rng: &mut R,
        f: impl FnOnce(&GenerateOutput<'_>) -> T,
    ) -> Result<T, OptionsError> {
        let resolved = self.resolve()?;
        let count = self.count.unwrap_or(1);
        if !(1..=MAX_GENERATED).contains(&count) {
            return Err(OptionsError::Count(count));
        }
        let owned;
        let policy = match &resolved.rule_set {
            None => resolved.profile.policy(resolved.os),
            Some(rule_set) => {
                owned = rule_set.policy(resolved.os).map_err(policy_error)?;
                &owned
            }
        };
        let generator = policy
            .generator(self.length, self.user_name.as_deref())
            .map_err(OptionsError::Generate)?;
        let passwords = (0..count)
            .map(|_| generator.generate(rng))
            .collect::<Result<Vec<_>, _>>()
            .map_err(OptionsError::Generate)?;
        Ok(f(&GenerateOutput::new(passwords, policy)))
    }
}

/// The rule set of a policy file given as an object or as text; its deny-lists
/// must be inline.
fn policy_rules(policy: &Value) -> Result<RuleSet, OptionsError> {
    let file = match policy {
        Value::String(text) => PolicyFile::from_json(text),
        value => PolicyFile::from_value(value.clone()),
    }
    .map_err(OptionsError::Policy)?;
    file.rule_set(|_| {
        Err("denylist_file cannot be read here: give the entries inline as denylist".to_string())
    })
    .map_err(OptionsError::Policy)
}

fn policy_error(error: PolicyError) -> OptionsError {
    OptionsError::Policy(PolicyFileError::Policy {
        family: None,
        error,
    })
}
