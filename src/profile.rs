//! Profiles as data (spec sections 2, 4, 5, 6 and 9): each bundles the policies,
//! limits and error codes of one API generation.
//!
//! | | `legacy-2017` Linux | `legacy-2017` Windows | `api3` Linux | `api3` Windows |
//! |---|---|---|---|---|
//! | `password.length` | 8–16 | 12–16 | 8–30 | 12–30 |
//! | `password.classes` | ≥ 2 of {letter, digit, special} | ≥ 3 of {lower, upper, digit, special} | ≥ 3 of {lower, upper, digit, special} | ≥ 3 of {lower, upper, digit, special} |
//! | `password.leading_slash` | must not start with `/` | same | same | same |
//! | `password.charset` | letters, digits, `SPECIALS_2017` | same | letters, digits, `SPECIALS_API3` | same |
//! | `password.contains_username` | — | — | — | not the user name (≥ 3 characters), case-insensitive |
//!
//! Ubuntu has the Linux rules. Error codes:
//!
//! | rule | `legacy-2017` | `api3` |
//! |---|---|---|
//! | `password.*` | `InvalidPassword` | `InvalidParameterValue.InvalidPassword` |
//! | `instance.running_without_force_stop` | `InvalidInstance.NotSupported` (when `ForceStop` is not given) | `UnsupportedOperation.InstanceStateRunning` (when `ForceStop` is not `true`) |
//! | `instance.state` | `InvalidInstance.NotSupported` | `UnsupportedOperation.InstanceState<State>`; `InvalidInstance.NotSupported` for `LAUNCH_FAILED` |
//! | every other rule | as section 5 of the spec | the same |

use core::fmt;
use core::str::FromStr;

use crate::charset::{ClassSet, Specials};
use crate::diagnostic::{Report, RuleId};
use crate::facts::InstanceState;
use crate::os::{OsFamily, OsSet};
use crate::policy::Policy;
use crate::rules::password::PasswordRule;
use crate::secret::Password;

/// What `ForceStop` must be for a `RUNNING` instance to be reset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ForceStopRequirement {
    /// Given explicitly, whatever its value (the legacy API).
    Explicit,
    /// `true` (API 3.0).
    True,
}

impl ForceStopRequirement {
    /// `explicit` or `true`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ForceStopRequirement::Explicit => "explicit",
            ForceStopRequirement::True => "true",
        }
    }

    /// Whether a request's `ForceStop` (`None` when not given) allows resetting a running instance.
    pub(crate) fn allows(self, force_stop: Option<bool>) -> bool {
        match self {
            ForceStopRequirement::Explicit => force_stop.is_some(),
            ForceStopRequirement::True => force_stop == Some(true),
        }
    }
}

/// An API generation: its password policies, limits and error codes, as data.
///
/// ```
/// use cvm_rules::{OsSet, Profile};
/// let profile = Profile::by_id("api3").unwrap();
/// assert_eq!(profile.max_instance_ids(), 100);
/// // Unknown OS: the strictest policy, Windows.
/// assert!(!profile.policy(OsSet::UNKNOWN).is_os_known());
/// ```
#[derive(Debug)]
pub struct Profile {
    id: &'static str,
    description: &'static str,
    version: &'static str,
    index_base: u64,
    specials: Specials,
    /// Per family, indexed as [`OsFamily::ALL`].
    family_rules: [&'static [PasswordRule]; 3],
    /// Every OS set's resolved policy, indexed by [`OsSet::index`].
    policies: [Policy; 8],
    max_instance_ids: usize,
    max_user_name_chars: usize,
    force_stop: ForceStopRequirement,
    codes: &'static [(RuleId, &'static str)],
    state_codes: &'static [(InstanceState, &'static str)],
}

/// Resolves the policy of every OS set at compile time.
const fn resolve_all(family_rules: [&[PasswordRule]; 3]) -> [Policy; 8] {
    let mut policies = [Policy::resolve(family_rules, OsSet::UNKNOWN); 8];
    let mut i = 1;
    while i < 8 {
        policies[i] = Policy::resolve(family_rules, OsSet::from_index(i));
        i += 1;
    }
    policies
}

const fn length(min: u32, max: u32) -> PasswordRule {
    PasswordRule::Length { min, max }
}

const fn classes(required: u8, of: ClassSet, specials: Specials) -> PasswordRule {
    PasswordRule::Classes {
        required,
        of,
        specials,
    }
}

const S2017: Specials = Specials::Specials2017;
const SAPI3: Specials = Specials::SpecialsApi3;
const LUDS: ClassSet = ClassSet::LOWER_UPPER_DIGIT_SPECIAL;

const LEGACY_LINUX: &[PasswordRule] = &[
    length(8, 16),
    classes(2, ClassSet::LETTER_DIGIT_SPECIAL, S2017),
    PasswordRule::NoLeadingSlash,
    PasswordRule::Charset { specials: S2017 },
];
const LEGACY_WINDOWS: &[PasswordRule] = &[
    length(12, 16),
    classes(3, LUDS, S2017),
    PasswordRule::NoLeadingSlash,
    PasswordRule::Charset { specials: S2017 },
];
const API3_LINUX: &[PasswordRule] = &[
    length(8, 30),
    classes(3, LUDS, SAPI3),
    PasswordRule::NoLeadingSlash,
    PasswordRule::Charset { specials: SAPI3 },
];
const API3_WINDOWS: &[PasswordRule] = &[
    length(12, 30),
    classes(3, LUDS, SAPI3),
    PasswordRule::NoLeadingSlash,
    PasswordRule::Charset { specials: SAPI3 },
    PasswordRule::NoUserName {
        min_name_chars: 3,
        default_for: OsFamily::Windows,
    },
];

/// Codes shared by both profiles (section 5, and the wire-form rules of 7 and 10).
macro_rules! common_codes {
    ($($extra:tt)*) => {
        &[
            (RuleId::InputTooLarge, "InvalidParameterValue"),
            (RuleId::InputSyntax, "InvalidParameterValue"),
            (RuleId::ParamRepeated, "InvalidParameterValue"),
            (RuleId::ParamEncoding, "InvalidParameterValue"),
            (RuleId::ParamType, "InvalidParameterValue"),
            (RuleId::InstanceIdsIndex, "InvalidParameterValue"),
            (RuleId::ParamMissing, "MissingParameter"),
            (RuleId::ActionValue, "InvalidParameterValue"),
            (RuleId::VersionValue, "InvalidParameterValue"),
            (RuleId::InstanceIdsCount, "InvalidParameterValue.LimitExceeded"),
            (RuleId::InstanceIdFormat, "InvalidInstanceId.Malformed"),
            (RuleId::InstanceIdNotFound, "InvalidInstanceId.NotFound"),
            (RuleId::UsernameLength, "InvalidParameterValue.TooLong"),
            (RuleId::ForceStopValue, "InvalidParameterValue"),
            $($extra)*
        ]
    };
}

impl Profile {
    /// `legacy-2017`: the seed document, `cvm.api.qcloud.com/v2/index.php`. The default.
    pub const LEGACY_2017: &'static Profile = &Profile {
        id: "legacy-2017",
        description: "legacy API cvm.api.qcloud.com/v2/index.php, Version=2017-03-12",
        version: "2017-03-12",
        index_base: 1,
        specials: S2017,
        family_rules: [LEGACY_LINUX, LEGACY_LINUX, LEGACY_WINDOWS],
        policies: resolve_all([LEGACY_LINUX, LEGACY_LINUX, LEGACY_WINDOWS]),
        max_instance_ids: 100,
        max_user_name_chars: 64,
        force_stop: ForceStopRequirement::Explicit,
        codes: common_codes![
            (
                RuleId::InstanceRunningWithoutForceStop,
                "InvalidInstance.NotSupported"
            ),
            (RuleId::InstanceState, "InvalidInstance.NotSupported"),
            (RuleId::PasswordLength, "InvalidPassword"),
            (RuleId::PasswordClasses, "InvalidPassword"),
            (RuleId::PasswordLeadingSlash, "InvalidPassword"),
            (RuleId::PasswordCharset, "InvalidPassword"),
            (RuleId::PasswordContainsUsername, "InvalidPassword"),
        ],
        state_codes: &[],
    };

    /// `api3`: Tencent Cloud API 3.0, `cvm.tencentcloudapi.com`.
    pub const API3: &'static Profile = &Profile {
        id: "api3",
        description: "Tencent Cloud API 3.0 cvm.tencentcloudapi.com, Version=2017-03-12",
        version: "2017-03-12",
        index_base: 0,
        specials: SAPI3,
        family_rules: [API3_LINUX, API3_LINUX, API3_WINDOWS],
        policies: resolve_all([API3_LINUX, API3_LINUX, API3_WINDOWS]),
        max_instance_ids: 100,
        max_user_name_chars: 64,
        force_stop: ForceStopRequirement::True,
        codes: common_codes![
            (
                RuleId::InstanceRunningWithoutForceStop,
                "UnsupportedOperation.InstanceStateRunning"
            ),
            (RuleId::InstanceState, "InvalidInstance.NotSupported"),
            (
                RuleId::PasswordLength,
                "InvalidParameterValue.InvalidPassword"
            ),
            (
                RuleId::PasswordClasses,
                "InvalidParameterValue.InvalidPassword"
            ),
            (
                RuleId::PasswordLeadingSlash,
                "InvalidParameterValue.InvalidPassword"
            ),
            (
                RuleId::PasswordCharset,
                "InvalidParameterValue.InvalidPassword"
            ),
            (
                RuleId::PasswordContainsUsername,
                "InvalidParameterValue.InvalidPassword"
            ),
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
        ],
    };

    /// Every profile; the first is the default.
    pub const ALL: [&'static Profile; 2] = [Profile::LEGACY_2017, Profile::API3];

    /// The profile with this id (`legacy-2017` or `api3`).
    pub fn by_id(id: &str) -> Option<&'static Profile> {
        Profile::ALL.into_iter().find(|p| p.id == id)
    }

    /// The stable id.
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// What the profile encodes.
    pub fn description(&self) -> &'static str {
        self.description
    }

    /// The one accepted `Version`.
    pub fn version(&self) -> &'static str {
        self.version
    }

    /// The first `InstanceIds.N` index: 1 in `legacy-2017`, 0 in `api3`.
    pub fn index_base(&self) -> u64 {
        self.index_base
    }

    /// The special characters of the profile.
    pub fn specials(&self) -> Specials {
        self.specials
    }

    /// The most instance ids in one request.
    pub fn max_instance_ids(&self) -> usize {
        self.max_instance_ids
    }

    /// The longest `UserName`, in characters.
    pub fn max_user_name_chars(&self) -> usize {
        self.max_user_name_chars
    }

    /// What `ForceStop` must be to reset a running instance.
    pub fn force_stop_requirement(&self) -> ForceStopRequirement {
        self.force_stop
    }

    /// The password rules of one family, before combination.
    pub fn family_rules(&self, family: OsFamily) -> &'static [PasswordRule] {
        self.family_rules[family as usize]
    }

    /// The resolved policy of an OS set (precomputed; never allocates).
    pub fn policy(&'static self, os: OsSet) -> &'static Policy {
        &self.policies[os.index()]
    }

    /// The error code of `rule` (and, for `instance.state`, of the instance's state).
    pub fn code(&self, rule: RuleId, state: Option<InstanceState>) -> Option<&'static str> {
        let by_state = state.and_then(|s| {
            self.state_codes
                .iter()
                .find(|(st, _)| *st == s)
                .map(|(_, code)| *code)
        });
        by_state.or_else(|| {
            self.codes
                .iter()
                .find(|(r, _)| *r == rule)
                .map(|(_, code)| *code)
        })
    }

    /// Checks a password alone under the policy of `os`; `user_name` is the request's
    /// `UserName` (for `password.contains_username`). Allocates nothing when it is
    /// valid (and the user name, if the policy looks for it, is ASCII).
    ///
    /// ```
    /// use cvm_rules::{OsFamily, OsSet, Password, Profile};
    /// let report = Profile::LEGACY_2017.check_password(
    ///     &Password::new("abc123"),
    ///     OsSet::only(OsFamily::Linux),
    ///     None,
    /// );
    /// assert_eq!(report.first_error().unwrap().rule().as_str(), "password.length");
    /// ```
    #[inline]
    pub fn check_password(
        &'static self,
        password: &Password<'_>,
        os: OsSet,
        user_name: Option<&str>,
    ) -> Report {
        let policy = self.policy(os);
        let diagnostics = policy.diagnose(self, password.expose(), user_name);
        Report::new(diagnostics, self, policy)
    }
}

impl PartialEq for Profile {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
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
        f.write_str(self.id)
    }
}

/// The error of parsing a profile id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownProfile;

impl fmt::Display for UnknownProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown profile (expected legacy-2017 or api3)")
    }
}

#[cfg(feature = "std")]
impl std::error::Error for UnknownProfile {}

impl FromStr for &'static Profile {
    type Err = UnknownProfile;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Profile::by_id(s).ok_or(UnknownProfile)
    }
}
