//! Rule sets: the per-family password rules of an
//! API surface, as data.
//!
//! | | `legacy-2017` Linux | `legacy-2017` Windows | `api3` Linux | `api3` Windows | `login-settings` Linux | `login-settings` Windows |
//! |---|---|---|---|---|---|---|
//! | `password.length` | 8–16 | 12–16 | 8–30 | 12–30 | 8–30 | 12–30 |
//! | `password.classes` | ≥ 2 of {letter, digit, special} | ≥ 3 of {lower, upper, digit, special} | ≥ 3 of {lower, upper, digit, special} | same | ≥ 2 of {lower, upper, digit, special} | ≥ 3 of {lower, upper, digit, special} |
//! | `password.leading_slash` | must not start with `/` | same | same | same | — | — |
//! | `password.charset` | letters, digits, [`Specials::LEGACY_2017`] | same | letters, digits, [`Specials::API3`] | same | letters, digits, [`Specials::LOGIN_SETTINGS`] | same |
//! | `password.contains_username` | — | — | — | not the user name (≥ 3 characters) | — | — |
//! | `password.recommended_length` (a warning) | — | — | 12 or more | — | 12 or more | — |
//!
//! Ubuntu has the Linux rules in every set.
//!
//! `login-settings` is Tencent Cloud API 3.0's `LoginSettings.Password` (used by
//! `RunInstances`, `ResetInstance`, `InquiryPriceRunInstances`) and
//! `EnterRescueMode.Password`. The SDK model docs (2023–2025) say:
//!
//! > Linux实例密码必须8到30位，至少包括四项（小写字母、大写字母、数字和特殊符号）中的两项。
//! > Windows实例密码必须12到30位，至少包括包括四项（小写字母、大写字母、数字和特殊符号）中的三项。
//! > 特殊符号的取值范围：[( ) \` ~ ! @ # $ % ^ & * - + = | { } \[ \] : ; ' , . ? /]
//!
//! ("Linux passwords must be 8 to 30 characters and include at least two of the
//! four: lowercase letters, uppercase letters, digits and special symbols. Windows
//! passwords must be 12 to 30 characters and include at least three of the four.
//! The special symbols are ….") So `_`, `<` and `>` are refused there, the
//! backtick is allowed, and neither the leading `/` nor the user name is ruled
//! out.

use alloc::borrow::Cow;
use alloc::vec::Vec;
use core::fmt;
use core::str::FromStr;

use crate::characters::{ClassSet, Specials};
use crate::os::{OsFamily, OsSet};
use crate::policy::{Policy, PolicyError};
use crate::rules::PasswordRule;
use crate::value_error::ValueError;

/// The password rules of each OS family of one API surface.
///
/// ```
/// use cvm_rules::{OsFamily, OsSet, PasswordRule, RuleSet};
///
/// // Tencent's api3 rules, tightened: at least 14 characters on every family,
/// // at most 2 identical characters in a row on Linux.
/// let ours = RuleSet::API3
///     .clone()
///     .with_id("acme")
///     .with_rule(OsSet::ALL, PasswordRule::Length { min: 14, max: 30 })
///     .with_rule(OsSet::only(OsFamily::Linux), PasswordRule::Repeat { max: 2 });
/// let linux = ours.policy(OsSet::only(OsFamily::Linux)).unwrap();
/// assert!(!linux.accepts("abc123ABC!@#x", None)); // 13 characters
/// assert!(!linux.accepts("aaa123ABC!@#xyz", None)); // aaa
/// assert!(linux.accepts("ab1c23ABC!@#xyz", None));
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct RuleSet {
    id: Cow<'static, str>,
    description: Cow<'static, str>,
    /// Per family, indexed as [`OsFamily::ALL`].
    families: [Cow<'static, [PasswordRule]>; 3],
}

const LUDS: ClassSet = ClassSet::LOWER_UPPER_DIGIT_SPECIAL;
const S2017: Specials = Specials::LEGACY_2017;
const SAPI3: Specials = Specials::API3;
const SLOGIN: Specials = Specials::LOGIN_SETTINGS;

/// A family's rules: `min..=max` characters, at least `required` of `of`, no
/// leading `/`, letters, digits and `specials` only, then any `extra` rules.
macro_rules! family {
    ($min:expr, $max:expr, $required:expr, $of:expr, $specials:expr $(, $extra:expr)* $(,)?) => {
        &[
            PasswordRule::Length { min: $min, max: $max },
            PasswordRule::Classes { required: $required, of: $of, specials: $specials },
            PasswordRule::LeadingSlash,
            PasswordRule::Charset { specials: $specials },
            $($extra,)*
        ]
    };
}

/// The `login-settings` rules of a family: as `family!`, but a leading `/` is
/// allowed, and the specials are `login-settings`' own.
macro_rules! login_family {
    ($min:expr, $max:expr, $required:expr $(, $extra:expr)* $(,)?) => {
        &[
            PasswordRule::Length { min: $min, max: $max },
            PasswordRule::Classes { required: $required, of: LUDS, specials: SLOGIN },
            PasswordRule::Charset { specials: SLOGIN },
            $($extra,)*
        ]
    };
}

/// API 3.0's and `login-settings`' Linux passwords: "必须8到30位，推荐使用12位以上密码"
/// (8 to 30 characters; 12 or more recommended, a warning below).
const RECOMMENDED_LINUX: PasswordRule = PasswordRule::RecommendedLength { min: 12 };
/// Windows: "不包括用户名" (not the user name; `Administrator` when none is given).
const NO_USER_NAME: PasswordRule = PasswordRule::ContainsUsername {
    min_name_chars: 3,
    default_for: OsFamily::Windows,
};

const LEGACY_LINUX: &[PasswordRule] = family!(8, 16, 2, ClassSet::LETTER_DIGIT_SPECIAL, S2017);
const LEGACY_WINDOWS: &[PasswordRule] = family!(12, 16, 3, LUDS, S2017);
const API3_LINUX: &[PasswordRule] = family!(8, 30, 3, LUDS, SAPI3, RECOMMENDED_LINUX);
const API3_WINDOWS: &[PasswordRule] = family!(12, 30, 3, LUDS, SAPI3, NO_USER_NAME);
const LOGIN_LINUX: &[PasswordRule] = login_family!(8, 30, 2, RECOMMENDED_LINUX);
const LOGIN_WINDOWS: &[PasswordRule] = login_family!(12, 30, 3);

impl RuleSet {
    /// `legacy-2017`: the rules of [Tencent's legacy API page for
    /// `ResetInstancesPassword`](https://cloud.tencent.com/document/api/213/9397).
    pub const LEGACY_2017: &'static RuleSet = &RuleSet::built_in(
        "legacy-2017",
        "ResetInstancesPassword, legacy API (cvm.api.qcloud.com)",
        LEGACY_LINUX,
        LEGACY_WINDOWS,
    );

    /// `api3`: `ResetInstancesPassword` in Tencent Cloud API 3.0.
    pub const API3: &'static RuleSet = &RuleSet::built_in(
        "api3",
        "ResetInstancesPassword, Tencent Cloud API 3.0",
        API3_LINUX,
        API3_WINDOWS,
    );

    /// `login-settings`: API 3.0 `LoginSettings.Password` (`RunInstances`,
    /// `ResetInstance`, `InquiryPriceRunInstances`) and `EnterRescueMode.Password`.
    pub const LOGIN_SETTINGS: &'static RuleSet = &RuleSet::built_in(
        "login-settings",
        "LoginSettings.Password of RunInstances, ResetInstance and EnterRescueMode, API 3.0",
        LOGIN_LINUX,
        LOGIN_WINDOWS,
    );

    /// A built-in rule set: Linux's rules for Ubuntu too.
    const fn built_in(
        id: &'static str,
        description: &'static str,
        linux: &'static [PasswordRule],
        windows: &'static [PasswordRule],
    ) -> RuleSet {
        RuleSet {
            id: Cow::Borrowed(id),
            description: Cow::Borrowed(description),
            families: [
                Cow::Borrowed(linux),
                Cow::Borrowed(linux),
                Cow::Borrowed(windows),
            ],
        }
    }

    /// Every built-in rule set.
    pub const ALL: [&'static RuleSet; 3] =
        [RuleSet::LEGACY_2017, RuleSet::API3, RuleSet::LOGIN_SETTINGS];

    /// A rule set of the given rules for Linux, Ubuntu and Windows.
    pub fn new(
        id: impl Into<Cow<'static, str>>,
        linux: Vec<PasswordRule>,
        ubuntu: Vec<PasswordRule>,
        windows: Vec<PasswordRule>,
    ) -> RuleSet {
        RuleSet {
            id: id.into(),
            description: Cow::Borrowed(""),
            families: [linux.into(), ubuntu.into(), windows.into()],
        }
    }

    /// The built-in rule set with this id, ignoring ASCII case.
    pub(crate) fn by_id(id: &str) -> Option<&'static RuleSet> {
        RuleSet::ALL
            .into_iter()
            .find(|r| r.id.eq_ignore_ascii_case(id))
    }

    /// The id (`legacy-2017`, `api3`, `login-settings`, or the caller's).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// What the rule set encodes.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The rules of one family, before combination.
    pub fn family_rules(&self, family: OsFamily) -> &[PasswordRule] {
        &self.families[family as usize]
    }

    /// This rule set under another id.
    pub fn with_id(mut self, id: impl Into<Cow<'static, str>>) -> RuleSet {
        self.id = id.into();
        self
    }

    /// This rule set with another description.
    pub fn with_description(mut self, description: impl Into<Cow<'static, str>>) -> RuleSet {
        self.description = description.into();
        self
    }

    /// This rule set with `rule` added to each family of `families` (every family
    /// for [`OsSet::ALL`]). A rule that tightens one already there makes it
    /// redundant: policies drop it. Whether the result accepts a password is
    /// checked by [`RuleSet::policy`] (and by a profile built from it).
    pub fn with_rule(mut self, families: OsSet, rule: PasswordRule) -> RuleSet {
        for family in families.iter() {
            self.families[family as usize].to_mut().push(rule.clone());
        }
        self
    }

    /// The policy of an OS set: the conjunction of every present family's rules
    /// (every family's when the OS is unknown), validated.
    pub fn policy(&self, os: OsSet) -> Result<Policy, PolicyError> {
        let (families, os_known) = families_of(os);
        let rules = families
            .iter()
            .flat_map(|f| self.families[f as usize].iter());
        Policy::resolve(rules, families, os_known)
    }

    /// The policies of every OS set, indexed by [`OsSet::index`].
    pub(crate) fn policies(&self) -> Result<[Policy; 8], PolicyError> {
        Ok([
            self.policy(OsSet::from_index(0))?,
            self.policy(OsSet::from_index(1))?,
            self.policy(OsSet::from_index(2))?,
            self.policy(OsSet::from_index(3))?,
            self.policy(OsSet::from_index(4))?,
            self.policy(OsSet::from_index(5))?,
            self.policy(OsSet::from_index(6))?,
            self.policy(OsSet::from_index(7))?,
        ])
    }

    /// [`RuleSet::policies`] at compile time, for a built-in rule set.
    //
    // Why compile time, and so a `const` twin of the run-time resolution: built
    // once on first use instead (a `once_cell::race::OnceBox` behind
    // `Profile::policy`), the profiles cost every call a load and a check that
    // callgrind sees: instructions per call 95.0 for a valid 16-character
    // password (92.0 with `const`, +3.3 %) and 102.3 for `accepts` on a mixed
    // batch (98.3, +4.1 %), past the ±2 % the speed guard allows.
    pub(crate) const fn policies_static(&'static self) -> [Policy; 8] {
        [
            self.policy_static(OsSet::from_index(0)),
            self.policy_static(OsSet::from_index(1)),
            self.policy_static(OsSet::from_index(2)),
            self.policy_static(OsSet::from_index(3)),
            self.policy_static(OsSet::from_index(4)),
            self.policy_static(OsSet::from_index(5)),
            self.policy_static(OsSet::from_index(6)),
            self.policy_static(OsSet::from_index(7)),
        ]
    }

    const fn policy_static(&'static self, os: OsSet) -> Policy {
        let (families, os_known) = families_of(os);
        let mut groups: [&'static [PasswordRule]; 3] = [&[], &[], &[]];
        let mut f = 0;
        while f < OsFamily::ALL.len() {
            if families.contains(OsFamily::ALL[f]) {
                groups[f] = match &self.families[f] {
                    Cow::Borrowed(rules) => rules,
                    Cow::Owned(_) => panic!("a built-in rule set borrows its rules"),
                };
            }
            f += 1;
        }
        Policy::resolve_static(&groups, families, os_known)
    }
}

/// The families whose rules apply to `os`, and whether the OS was known: an
/// unknown OS means any family.
const fn families_of(os: OsSet) -> (OsSet, bool) {
    if os.is_unknown() {
        (OsSet::ALL, false)
    } else {
        (os, true)
    }
}

impl fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("RuleSet");
        s.field("id", &self.id);
        for family in OsFamily::ALL {
            s.field(family.as_str(), &self.family_rules(family));
        }
        s.finish()
    }
}

impl fmt::Display for RuleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)
    }
}

impl FromStr for &'static RuleSet {
    type Err = ValueError;

    /// A built-in rule set, ignoring ASCII case (`Login-Settings`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RuleSet::by_id(s).ok_or(ValueError::unknown_name(
            "rule set",
            "legacy-2017, api3 or login-settings",
        ))
    }
}
