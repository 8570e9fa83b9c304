//! [`Validator`]: options read and compiled once, for many calls (what the
//! command line and the bindings' `Validator` classes hold).

use alloc::borrow::Cow;
use alloc::vec::Vec;

use rand_core::CryptoRng;

use super::READ_CAP;
use super::options::{MAX_GENERATED, OptionKey, Options, OptionsError};
use super::output::{CheckOutput, ExplainOutput, GenerateOutput, PasswordOutput};
use crate::facts::Facts;
use crate::locale::Locale;
use crate::os::OsSet;
use crate::policy::file::PolicyFileError;
use crate::policy::{Policy, PolicyError};
use crate::profile::Profile;
use crate::request::Request;
use crate::secret::Password;
use crate::validate::Context;

/// Options read and compiled once: the profile (with the rule set of `rules` or
/// `policy`, every OS set's policy resolved), the OS families, the facts and the
/// language. Each call then only validates, as pydantic-core's `SchemaValidator`
/// does; a deny-list of a million entries is hashed once, not per call.
///
/// ```
/// use cvm_rules::glue::{Options, Validator};
/// use cvm_rules::Password;
/// let options = Options::from_json(r#"{"profile": "api3", "os": ["linux"],
///     "policy": {"extends": "api3", "all": {"denylist": ["Summer2024!Summer"]}}}"#).unwrap();
/// let validator = Validator::new(&options).unwrap();
///
/// let json = validator.check_password(&Password::new("summer2024!summer"), None, |out| {
///     serde_json::to_value(out).unwrap()
/// });
/// assert_eq!(json["valid"], false);
/// assert_eq!(json["diagnostics"][0]["rule"], "password.denylist");
///
/// let json = validator.check(b"InstanceIds.0=ins-r8hr2upy&Password=Abc123!xyz", None, |out| {
///     serde_json::to_value(out).unwrap()
/// });
/// assert_eq!(json["diagnostics"][0]["rule"], "param.missing"); // no Action
/// ```
#[derive(Clone, Debug)]
pub struct Validator {
    profile: Cow<'static, Profile>,
    os: OsSet,
    facts: Option<Facts>,
    locale: Locale,
}

impl Validator {
    /// Reads and compiles `profile`, `rules`, `os`, `facts`, `lang` and `policy`.
    /// The options of one call (`password`, `userName`, `length`, `count`) are
    /// refused here: they go to the methods.
    pub fn new(options: &Options) -> Result<Validator, OptionsError> {
        let misplaced = |option, goes_to| Err(OptionsError::Misplaced { option, goes_to });
        if options.password.is_some() {
            return misplaced("password", "explain and checkPassword, not of a Validator");
        }
        if options.user_name.is_some() {
            return misplaced(
                "userName",
                "checkPassword, explain and generate, not of a Validator",
            );
        }
        if options.length.is_some() {
            return misplaced("length", "explain and generate, not of a Validator");
        }
        if options.count.is_some() {
            return misplaced("count", "generate, not of a Validator");
        }
        Validator::ignoring_call_options(options)
    }

    /// [`Validator::new`], with the options of one call ignored rather than
    /// refused: the module-level functions of the bindings pass those to the
    /// method.
    pub fn ignoring_call_options(options: &Options) -> Result<Validator, OptionsError> {
        Validator::compile(options)
    }

    fn compile(options: &Options) -> Result<Validator, OptionsError> {
        let profile = options.profile.unwrap_or(Profile::LEGACY_2017);
        let rule_set = match (options.rules, &options.policy) {
            (Some(_), Some(_)) => return Err(OptionsError::RulesAndPolicy),
            (Some(rules), None) => Some(rules.clone()),
            (None, Some(policy)) => Some(policy.clone()),
            (None, None) => None,
        };
        let profile = match rule_set {
            Some(rule_set) => Cow::Owned(
                profile
                    .clone()
                    .with_rule_set(rule_set)
                    .map_err(policy_error)?,
            ),
            None => Cow::Borrowed(profile),
        };
        Ok(Validator {
            profile,
            os: options.os,
            facts: options.facts.clone(),
            locale: options.lang.unwrap_or(Locale::En),
        })
    }

    /// The profile, with the rule set of `rules` or `policy` when given.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The language of the messages.
    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// The policy of the validator's OS families: what `check_password`,
    /// `explain` and `generate` apply.
    pub fn policy(&self) -> &Policy {
        self.profile.policy(self.os)
    }

    /// The policy of `slot` (`0..8`, one per OS set): each output says which
    /// ([`CheckOutput::policy_slot`]), so that a binding converts each policy once.
    pub fn policy_of_slot(&self, slot: usize) -> Option<&Policy> {
        (slot < 8).then(|| self.profile.policy(OsSet::from_index(slot)))
    }

    /// Validates `input` (the query form, a full URL, or JSON) with these
    /// options (and `facts` instead of theirs, when given), and hands `f` the
    /// object `check --format json` prints. Only the first [`READ_CAP`] bytes are
    /// read: longer input is refused as too large either way.
    pub fn check<T>(
        &self,
        input: &[u8],
        facts: Option<&Facts>,
        f: impl FnOnce(&CheckOutput<'_, '_>) -> T,
    ) -> T {
        let input = input.get(..READ_CAP).unwrap_or(input);
        let mut ctx = Context::new().with_os(self.os);
        if let Some(facts) = facts.or(self.facts.as_ref()) {
            ctx = ctx.with_facts(facts);
        }
        let request = Request::parse(input, &self.profile);
        let output = CheckOutput::new(request.validate(&ctx), request.accounts(&ctx), self.locale);
        f(&output)
    }

    /// Checks a password alone (the request's `UserName` is `user_name`), and
    /// hands `f` the object `{valid, profile, policy, diagnostics}`. A password
    /// or name is read up to [`READ_CAP`] bytes, as the command line reads it.
    pub fn check_password<T>(
        &self,
        password: &Password<'_>,
        user_name: Option<&str>,
        f: impl FnOnce(&PasswordOutput<'_>) -> T,
    ) -> T {
        let password = Password::new(capped(password.expose()));
        let user_name = user_name.map(capped);
        let report = self.profile.check_password(&password, self.os, user_name);
        f(&PasswordOutput::new(report, self.locale))
    }

    /// The requirements checklist (each marked when `password` is given), as
    /// the object `explain --format json` prints; the entropy of a password of
    /// `length` (default 16, clamped to the policy's bounds).
    pub fn explain(
        &self,
        password: Option<&Password<'_>>,
        user_name: Option<&str>,
        length: Option<usize>,
    ) -> ExplainOutput<'_> {
        let policy = self.policy();
        let password = password.map(|p| Password::new(capped(p.expose())));
        let user_name = user_name.map(capped);
        ExplainOutput::new(
            &self.profile,
            self.profile.rule_set(),
            policy,
            policy.checklist(password.as_ref(), user_name),
            length,
            self.locale,
        )
    }

    /// `count` passwords (default 1) of `length` characters (default 16, clamped
    /// to the policy's bounds; an asked length outside them is an error), drawn
    /// from `rng`, as the object `generate --format json` prints.
    pub fn generate<R: CryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        count: Option<u32>,
        length: Option<usize>,
        user_name: Option<&str>,
    ) -> Result<GenerateOutput<'_>, OptionsError> {
        let count = count.unwrap_or(1);
        if !(1..=MAX_GENERATED).contains(&count) {
            return Err(OptionsError::Count);
        }
        let policy = self.policy();
        let generator = policy
            .generator(length, user_name)
            .map_err(OptionsError::Generate)?;
        let passwords = (0..count)
            .map(|_| generator.generate(rng))
            .collect::<Result<Vec<_>, _>>()
            .map_err(OptionsError::Generate)?;
        Ok(GenerateOutput::new(passwords, policy))
    }

    /// [`Validator::explain`] with the options of one call as the bindings
    /// receive them: `password`, `userName` and `length`. Any other option is
    /// refused ([`OptionsError::Misplaced`]): it belongs to the validator.
    ///
    /// ```
    /// use cvm_rules::glue::{Options, Validator};
    /// let validator = Validator::new(&Options::from_json(r#"{"os": ["linux"]}"#).unwrap()).unwrap();
    /// let call = Options::from_json(r#"{"password": "abc123", "length": 12}"#).unwrap();
    /// let json = serde_json::to_value(validator.explain_with(&call).unwrap()).unwrap();
    /// assert_eq!(json["all_met"], false);
    /// assert_eq!(json["entropy"]["length"], 12);
    ///
    /// let call = Options::from_json(r#"{"profile": "api3"}"#).unwrap();
    /// let error = validator.explain_with(&call).unwrap_err();
    /// assert_eq!(error.to_string(), "profile is an option of a Validator, not of one call");
    /// ```
    pub fn explain_with(&self, call: &Options) -> Result<ExplainOutput<'_>, OptionsError> {
        call.refuse_misplaced(Method::Explain)?;
        Ok(self.explain(
            call.password.as_ref(),
            call.user_name.as_deref(),
            call.length,
        ))
    }

    /// [`Validator::generate`] with the options of one call as the bindings
    /// receive them: `count`, `length` and `userName`. Any other option is
    /// refused ([`OptionsError::Misplaced`]).
    ///
    /// ```
    /// use cvm_rules::glue::{Options, Validator};
    /// let validator = Validator::new(&Options::default()).unwrap();
    /// let call = Options::from_json(r#"{"count": 2, "length": 14}"#).unwrap();
    /// let output = validator.generate_with(&mut rand::rng(), &call).unwrap();
    /// let json = serde_json::to_value(&output).unwrap();
    /// assert_eq!(json["passwords"].as_array().unwrap().len(), 2);
    ///
    /// let call = Options::from_json(r#"{"password": "x"}"#).unwrap();
    /// let error = validator.generate_with(&mut rand::rng(), &call).unwrap_err();
    /// assert_eq!(error.to_string(), "password is an option of explain and checkPassword, not of generate");
    /// ```
    pub fn generate_with<R: CryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        call: &Options,
    ) -> Result<GenerateOutput<'_>, OptionsError> {
        call.refuse_misplaced(Method::Generate)?;
        self.generate(rng, call.count, call.length, call.user_name.as_deref())
    }
}

/// The methods of a [`Validator`] that take options of their own, for
/// [`Validator::explain_with`] and [`Validator::generate_with`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Method {
    Explain,
    Generate,
}

impl Method {
    /// Whether the method takes `option` as an option of its own call.
    fn takes(self, option: OptionKey) -> bool {
        match option {
            OptionKey::Profile
            | OptionKey::Rules
            | OptionKey::Os
            | OptionKey::Facts
            | OptionKey::Lang
            | OptionKey::Policy => false,
            OptionKey::Password => self == Method::Explain,
            OptionKey::Count => self == Method::Generate,
            OptionKey::UserName | OptionKey::Length => true,
        }
    }
}

/// Where an option that a method does not take belongs, for its error.
fn belongs_to(option: OptionKey) -> &'static str {
    match option {
        OptionKey::Password => "explain and checkPassword, not of generate",
        OptionKey::Count => "generate, not of explain",
        OptionKey::Profile
        | OptionKey::Rules
        | OptionKey::Os
        | OptionKey::Facts
        | OptionKey::Lang
        | OptionKey::Policy
        | OptionKey::UserName
        | OptionKey::Length => "a Validator, not of one call",
    }
}

impl Options {
    /// Refuses the first option given that `method` does not take.
    fn refuse_misplaced(&self, method: Method) -> Result<(), OptionsError> {
        OptionKey::ALL
            .into_iter()
            .find(|option| option.is_given(self) && !method.takes(*option))
            .map_or(Ok(()), |option| {
                Err(OptionsError::Misplaced {
                    option: option.name(),
                    goes_to: belongs_to(option),
                })
            })
    }
}

impl Options {
    /// [`Validator::check`] with these options: hands `f` the object
    /// `check --format json` prints.
    pub fn check<T>(
        &self,
        input: &[u8],
        f: impl FnOnce(&CheckOutput<'_, '_>) -> T,
    ) -> Result<T, OptionsError> {
        Ok(Validator::ignoring_call_options(self)?.check(input, None, f))
    }

    /// [`Validator::explain`] with these options' `password`, `userName` and
    /// `length`: hands `f` the object `explain --format json` prints.
    pub fn explain<T>(&self, f: impl FnOnce(&ExplainOutput<'_>) -> T) -> Result<T, OptionsError> {
        let validator = Validator::ignoring_call_options(self)?;
        let output = validator.explain(
            self.password.as_ref(),
            self.user_name.as_deref(),
            self.length,
        );
        Ok(f(&output))
    }

    /// [`Validator::generate`] with these options' `count`, `length` and
    /// `userName`: hands `f` the object `generate --format json` prints.
    pub fn generate<T, R: CryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        f: impl FnOnce(&GenerateOutput<'_>) -> T,
    ) -> Result<T, OptionsError> {
        let validator = Validator::ignoring_call_options(self)?;
        let output = validator.generate(rng, self.count, self.length, self.user_name.as_deref())?;
        Ok(f(&output))
    }
}

fn policy_error(error: PolicyError) -> OptionsError {
    OptionsError::Policy(PolicyFileError::Policy {
        family: None,
        error,
    })
}

/// `text` cut to at most [`READ_CAP`] bytes, at a character boundary: a
/// password or name longer than that fails its length rule either way.
fn capped(text: &str) -> &str {
    if text.len() <= READ_CAP {
        return text;
    }
    let mut end = READ_CAP;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}
