//! Profiles: a rule set with the limits and error
//! codes of one API generation, as data.
//!
//! Error codes:
//!
//! | rule | `legacy-2017` | `api3` |
//! |---|---|---|
//! | `password.*` (and custom rules) | `InvalidPassword` | `InvalidParameterValue.InvalidPassword` |
//! | `instance.running_without_force_stop` (a `RUNNING` instance, `ForceStop` not given) | `InvalidInstance.NotSupported` | `UnsupportedOperation.InstanceStateRunning` |
//! | `instance.running_soft_stop` (a `RUNNING` instance, `ForceStop` false: shut down normally, not forced) | warning: no code | the same |
//! | `instance.stop_charging` (`STOPPED` with `StopChargingMode` `STOP_CHARGING`) | `InvalidInstance.NotSupported` | `UnsupportedOperation.StoppedModeStopCharging` |
//! | `instance.state` | `InvalidInstance.NotSupported` | `UnsupportedOperation.InstanceState<State>` (`Pending`, `Starting`, `Stopping`, `Rebooting`, `Shutdown`, `Terminating`, `EnterRescueMode`, `RescueMode`, `ExitRescueMode`, and `ServiceLiveMigrate` for the three live-migration states); `InvalidInstance.NotSupported` for `LAUNCH_FAILED` |
//! | `instance_id.format` | `InvalidInstanceId.Malformed` | `InvalidInstanceId.Malformed` (the server may answer `InvalidParameterValue.InstanceIdMalformed` instead: listed for the action since 2022-09) |
//! | `instance_id.not_in_facts`, `instance.state_unknown` | warnings: no code | the same |
//! | every other rule | as documented for the rule | the same |

use alloc::borrow::Cow;
use core::fmt;
use core::str::FromStr;

use crate::diagnostic::{CodeOf, Diagnostic, Field, Params, RuleId};
use crate::os::OsSet;
use crate::policy::rule_set::RuleSet;
use crate::policy::{Policy, PolicyError};
use crate::state::InstanceState;
use crate::value_error::ValueError;

/// An API generation: its rule set (with every OS set's policy resolved), limits
/// and error codes, as data.
///
/// The built-in profiles are constants; a profile of your own starts from one of
/// them, with another id or rule set, and goes wherever a built-in one does.
///
/// ```
/// use cvm_rules::{OsFamily, OsSet, Password, PasswordRule, Profile, RuleSet};
/// let profile: &Profile = "api3".parse().unwrap();
/// assert_eq!(profile.max_instance_ids(), 100);
/// // Unknown OS: the strictest policy, every family's rules at once.
/// assert!(!profile.policy(OsSet::UNKNOWN).is_os_known());
///
/// // RunInstances' LoginSettings.Password, with API 3.0's codes and limits.
/// let run_instances = Profile::API3
///     .clone()
///     .with_id("run-instances")
///     .with_rule_set(RuleSet::LOGIN_SETTINGS.clone())
///     .unwrap();
/// let report = run_instances.check_password(
///     &Password::new("abc_123456"),
///     OsSet::only(OsFamily::Linux),
///     None,
/// );
/// assert_eq!(report.first_error().unwrap().rule().as_str(), "password.charset"); // `_`
/// ```
#[derive(Clone)]
pub struct Profile {
    id: Cow<'static, str>,
    description: Cow<'static, str>,
    version: &'static str,
    /// The first indexes a query-form request may number its items from; the
    /// first is the one requests built in code use.
    index_bases: &'static [u64],
    rule_set: Cow<'static, RuleSet>,
    /// Every OS set's resolved policy, indexed by [`OsSet::index`].
    policies: [Policy; 8],
    max_instance_ids: usize,
    max_user_name_chars: usize,
    password_code: &'static str,
    /// The codes of the rules whose code is the profile's own
    /// ([`CodeOf::Profile`]); the other rules' rows give theirs.
    codes: &'static [(RuleId, &'static str)],
    state_codes: &'static [(InstanceState, &'static str)],
}

impl Profile {
    /// `legacy-2017`: the legacy API, `cvm.api.qcloud.com/v2/index.php`, as
    /// [Tencent's legacy API page for `ResetInstancesPassword`](https://cloud.tencent.com/document/api/213/9397)
    /// describes it. The default.
    pub const LEGACY_2017: &'static Profile = &Profile {
        id: Cow::Borrowed("legacy-2017"),
        description: Cow::Borrowed(
            "legacy API cvm.api.qcloud.com/v2/index.php, Version=2017-03-12",
        ),
        version: "2017-03-12",
        // Tencent's legacy document numbers items from 1; the legacy API's own
        // convention, which real clients follow, numbers them from 0: both are read.
        index_bases: &[1, 0],
        rule_set: Cow::Borrowed(RuleSet::LEGACY_2017),
        policies: RuleSet::LEGACY_2017.policies_static(),
        max_instance_ids: 100,
        max_user_name_chars: 64,
        password_code: "InvalidPassword",
        codes: &[
            (
                RuleId::InstanceRunningWithoutForceStop,
                "InvalidInstance.NotSupported",
            ),
            (RuleId::InstanceStopCharging, "InvalidInstance.NotSupported"),
            (RuleId::InstanceState, "InvalidInstance.NotSupported"),
        ],
        state_codes: &[],
    };

    /// `api3`: Tencent Cloud API 3.0, `cvm.tencentcloudapi.com`, as
    /// [Tencent's API 3.0 page for `ResetInstancesPassword`](https://cloud.tencent.com/document/api/213/15736)
    /// describes it.
    pub const API3: &'static Profile = &Profile {
        id: Cow::Borrowed("api3"),
        description: Cow::Borrowed(
            "Tencent Cloud API 3.0 cvm.tencentcloudapi.com, Version=2017-03-12",
        ),
        version: "2017-03-12",
        index_bases: &[0],
        rule_set: Cow::Borrowed(RuleSet::API3),
        policies: RuleSet::API3.policies_static(),
        max_instance_ids: 100,
        max_user_name_chars: 64,
        password_code: "InvalidParameterValue.InvalidPassword",
        codes: &[
            (
                RuleId::InstanceRunningWithoutForceStop,
                "UnsupportedOperation.InstanceStateRunning",
            ),
            (
                RuleId::InstanceStopCharging,
                "UnsupportedOperation.StoppedModeStopCharging",
            ),
            // `LAUNCH_FAILED`, whose state has no code of its own.
            (RuleId::InstanceState, "InvalidInstance.NotSupported"),
        ],
        state_codes: &[
            (
                InstanceState::Pending,
                "UnsupportedOperation.InstanceStatePending",
            ),
            (
                InstanceState::Starting,
                "UnsupportedOperation.InstanceStateStarting",
            ),
            (
                InstanceState::Stopping,
                "UnsupportedOperation.InstanceStateStopping",
            ),
            (
                InstanceState::Rebooting,
                "UnsupportedOperation.InstanceStateRebooting",
            ),
            (
                InstanceState::Shutdown,
                "UnsupportedOperation.InstanceStateShutdown",
            ),
            (
                InstanceState::Terminating,
                "UnsupportedOperation.InstanceStateTerminating",
            ),
            (
                InstanceState::EnterRescueMode,
                "UnsupportedOperation.InstanceStateEnterRescueMode",
            ),
            (
                InstanceState::RescueMode,
                "UnsupportedOperation.InstanceStateRescueMode",
            ),
            (
                InstanceState::ExitRescueMode,
                "UnsupportedOperation.InstanceStateExitRescueMode",
            ),
            (
                InstanceState::EnterServiceLiveMigrate,
                "UnsupportedOperation.InstanceStateServiceLiveMigrate",
            ),
            (
                InstanceState::ServiceLiveMigrate,
                "UnsupportedOperation.InstanceStateServiceLiveMigrate",
            ),
            (
                InstanceState::ExitServiceLiveMigrate,
                "UnsupportedOperation.InstanceStateServiceLiveMigrate",
            ),
        ],
    };

    /// Every built-in profile; the first is the default.
    pub const ALL: [&'static Profile; 2] = [Profile::LEGACY_2017, Profile::API3];

    /// The built-in profile with this id (`legacy-2017` or `api3`), ignoring ASCII case.
    pub(crate) fn by_id(id: &str) -> Option<&'static Profile> {
        Profile::ALL
            .into_iter()
            .find(|p| p.id.eq_ignore_ascii_case(id))
    }

    /// This profile under another id (the JSON output's `profile`).
    pub fn with_id(mut self, id: impl Into<Cow<'static, str>>) -> Profile {
        self.id = id.into();
        self
    }

    /// This profile with another description.
    pub fn with_description(mut self, description: impl Into<Cow<'static, str>>) -> Profile {
        self.description = description.into();
        self
    }

    /// This profile with the password rules of `rule_set` (codes and limits stay):
    /// every OS set's policy is resolved and validated now.
    ///
    /// ```
    /// use cvm_rules::{OsFamily, OsSet, Profile, RuleSet};
    /// // API 3.0's codes and limits, with the login-settings password rules.
    /// let profile = Profile::API3.clone().with_rule_set(RuleSet::LOGIN_SETTINGS.clone()).unwrap();
    /// let linux = profile.policy(OsSet::only(OsFamily::Linux));
    /// assert_eq!(
    ///     linux.accepts("abc123ABC!@#", None),
    ///     RuleSet::LOGIN_SETTINGS.policy(OsSet::only(OsFamily::Linux)).unwrap().accepts("abc123ABC!@#", None),
    /// );
    /// ```
    pub fn with_rule_set(mut self, rule_set: RuleSet) -> Result<Profile, PolicyError> {
        self.policies = rule_set.policies()?;
        self.rule_set = Cow::Owned(rule_set);
        Ok(self)
    }

    /// The stable id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What the profile encodes.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The one accepted `Version`.
    pub fn version(&self) -> &'static str {
        self.version
    }

    /// The first `InstanceIds.N` index of a request built in code (and of the JSON
    /// form's items): 1 in `legacy-2017`, 0 in `api3`.
    pub fn index_base(&self) -> u64 {
        self.index_bases[0]
    }

    /// The first indexes a query-form request may number its items from: 1 or 0
    /// in `legacy-2017` (the example of Tencent's legacy API page, and the legacy
    /// API's convention that real clients followed), 0 in `api3`.
    pub fn index_bases(&self) -> &'static [u64] {
        self.index_bases
    }

    /// The password rules.
    pub fn rule_set(&self) -> &RuleSet {
        &self.rule_set
    }

    /// The most instance ids in one request.
    pub fn max_instance_ids(&self) -> usize {
        self.max_instance_ids
    }

    /// The longest `UserName`, in characters.
    pub fn max_user_name_chars(&self) -> usize {
        self.max_user_name_chars
    }

    /// The code of a failed password rule (built-in or custom).
    pub fn password_code(&self) -> &'static str {
        self.password_code
    }

    /// The resolved policy of an OS set (precomputed; never allocates).
    #[inline]
    pub fn policy(&self, os: OsSet) -> &Policy {
        &self.policies[os.index()]
    }

    /// The error code of `rule` (and, for `instance.state`, of the instance's
    /// state); `None` for a rule whose failures are warnings.
    pub fn code(&self, rule: RuleId, state: Option<&InstanceState>) -> Option<&'static str> {
        match rule.code() {
            CodeOf::Password => Some(self.password_code),
            CodeOf::Shared(code) => Some(code),
            CodeOf::Profile => {
                let by_state = state.and_then(|s| {
                    self.state_codes
                        .iter()
                        .find(|(st, _)| st == s)
                        .map(|(_, code)| *code)
                });
                by_state.or_else(|| {
                    self.codes
                        .iter()
                        .find(|(r, _)| *r == rule)
                        .map(|(_, code)| *code)
                })
            }
            CodeOf::Warning => None,
        }
    }

    /// A diagnostic of a built-in `rule` on `field`, with this profile's code.
    pub fn diagnostic(&self, rule: RuleId, field: Field, params: Params) -> Diagnostic {
        let severity = rule.severity();
        let state = match &params {
            Params::State { state } => Some(state),
            _ => None,
        };
        let code = self.code(rule, state);
        Diagnostic::new(rule, severity, code, field, params)
    }
}

impl PartialEq for Profile {
    /// Same id and same rule set.
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.rule_set == other.rule_set
    }
}

impl Eq for Profile {}

impl Default for &'static Profile {
    fn default() -> Self {
        Profile::LEGACY_2017
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)
    }
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile")
            .field("id", &self.id)
            .field("rule_set", &self.rule_set.id())
            .finish_non_exhaustive()
    }
}

impl FromStr for &'static Profile {
    type Err = ValueError;

    /// A built-in profile, ignoring ASCII case (`API3`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Profile::by_id(s).ok_or(ValueError::unknown_name("profile", "legacy-2017 or api3"))
    }
}

#[cfg(test)]
mod tests {
    use super::Profile;
    use crate::diagnostic::{RuleId, Severity};
    use crate::state::InstanceState;

    /// Every built-in rule whose failures are errors has a code in every built-in
    /// profile (a rule whose code is the profile's own needs a row in each
    /// profile's table), and a warning has none.
    #[test]
    fn every_error_has_a_code_in_every_profile() {
        for profile in Profile::ALL {
            for rule in RuleId::ALL {
                let code = profile.code(*rule, None);
                match rule.severity() {
                    Severity::Error => assert!(code.is_some(), "{rule} in {}", profile.id()),
                    Severity::Warning => assert_eq!(code, None, "{rule} in {}", profile.id()),
                }
            }
        }
        let launch_failed = InstanceState::LaunchFailed;
        let stopping = InstanceState::Stopping;
        let code = |profile: &Profile, state| profile.code(RuleId::InstanceState, Some(state));
        assert_eq!(
            code(Profile::API3, &stopping),
            Some("UnsupportedOperation.InstanceStateStopping")
        );
        assert_eq!(
            code(Profile::API3, &launch_failed),
            Some("InvalidInstance.NotSupported")
        );
        assert_eq!(
            code(Profile::LEGACY_2017, &stopping),
            Some("InvalidInstance.NotSupported")
        );
    }
}
