//! The rules, one file per rule. Each is a small pure function or value: it checks
//! and returns typed params. The password rules are gathered as [`PasswordRule`]
//! values, which policies compose; the other rules are called by request
//! validation with the profile's parameters.

pub(crate) mod charset;
pub(crate) mod classes;
mod contains_username;
mod custom;
mod denylist;
pub(crate) mod graphemes;
pub(crate) mod instance_id;
mod leading_slash;
mod length;
pub(crate) mod params;
pub(crate) mod repeat;
pub(crate) mod sequence;
pub(crate) mod username;

use core::cell::OnceCell;

use crate::charset::{ClassSet, Scan, Specials};
use crate::diagnostic::{CustomRule, CustomRuleRef, Params, RuleId, Severity};
use crate::os::OsFamily;
use crate::secret::Password;

pub use denylist::Denylist;

/// One password rule with its parameters. Rules are
/// values: check one alone, or build a [`Policy`](crate::Policy) of several.
///
/// ```
/// use cvm_rules::{ClassSet, Password, PasswordRule, Specials};
/// let at_least_14 = PasswordRule::Length { min: 14, max: 30 };
/// assert!(!at_least_14.passes(&Password::new("abc123ABC!@#")));
///
/// let windows_2017 = PasswordRule::Classes {
///     required: 3,
///     of: ClassSet::LOWER_UPPER_DIGIT_SPECIAL,
///     specials: Specials::LEGACY_2017,
/// };
/// let linux_2017 = PasswordRule::Classes {
///     required: 2,
///     of: ClassSet::LETTER_DIGIT_SPECIAL,
///     specials: Specials::LEGACY_2017,
/// };
/// assert!(windows_2017.implies(&linux_2017));
/// assert!(!linux_2017.implies(&windows_2017));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PasswordRule {
    /// `password.length`: `min..=max` Unicode scalar values.
    Length {
        /// Fewest characters.
        min: u32,
        /// Most characters.
        max: u32,
    },
    /// `password.classes`: at least `required` of the classes `of`.
    Classes {
        /// How many classes are required.
        required: u8,
        /// The classes that count.
        of: ClassSet,
        /// What counts as `special`.
        specials: Specials,
    },
    /// `password.leading_slash`: must not start with `/`.
    LeadingSlash,
    /// `password.charset`: only letters, digits and `specials`.
    Charset {
        /// The allowed specials.
        specials: Specials,
    },
    /// `password.contains_username`: must not contain the effective user name,
    /// case-insensitively; skipped for names shorter than `min_name_chars`.
    ContainsUsername {
        /// Shorter names are not looked for.
        min_name_chars: u8,
        /// The family whose default account applies when the request gives no `UserName`.
        default_for: OsFamily,
    },
    /// `password.denylist`: must not equal an entry of the list, ignoring ASCII case.
    Denylist(Denylist),
    /// `password.repeat`: at most `max` identical characters in a row.
    Repeat {
        /// The longest run allowed.
        max: u32,
    },
    /// `password.sequence`: no run of more than `max` consecutive ascending or
    /// descending letters of one case or digits (`abcd`, `DCBA`, `4321`).
    Sequence {
        /// The longest sequence allowed.
        max: u32,
    },
    /// A rule of the caller's own (see [`CustomRule`]).
    Custom(CustomRuleRef),
}

/// What a rule is checked against: the password, the request's `UserName`, and a
/// scan of the password made when a rule first needs it.
pub(crate) struct Subject<'a> {
    pub password: &'a str,
    /// The request's `UserName`, if any.
    pub user_name: Option<&'a str>,
    /// The query form's raw value held `+`.
    pub plus_hint: bool,
    scan: OnceCell<Scan>,
}

impl<'a> Subject<'a> {
    pub fn new(password: &'a str, user_name: Option<&'a str>, plus_hint: bool) -> Subject<'a> {
        Subject {
            password,
            user_name,
            plus_hint,
            scan: OnceCell::new(),
        }
    }

    pub fn scan(&self) -> &Scan {
        self.scan.get_or_init(|| Scan::new(self.password))
    }
}

impl PasswordRule {
    /// A [`PasswordRule::Denylist`] of `entries`.
    pub fn denylist<I, S>(entries: I) -> PasswordRule
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        PasswordRule::Denylist(Denylist::new(entries))
    }

    /// A [`PasswordRule::Custom`] of `rule`.
    pub fn custom(rule: impl CustomRule) -> PasswordRule {
        PasswordRule::Custom(CustomRuleRef::new(rule))
    }

    /// The stable rule id.
    pub fn id(&self) -> RuleId {
        match self {
            PasswordRule::Custom(rule) => RuleId::Custom(rule.id()),
            _ => RuleId::PASSWORD[self.rank() as usize],
        }
    }

    /// The severity of a failure: error, except for a custom rule that says otherwise.
    pub fn severity(&self) -> Severity {
        match self {
            PasswordRule::Custom(rule) => rule.rule().severity(),
            _ => Severity::Error,
        }
    }

    /// The place of the rule in the order of diagnostics (custom rules share one).
    pub(crate) const fn rank(&self) -> u8 {
        match self {
            PasswordRule::Length { .. } => 0,
            PasswordRule::Classes { .. } => 1,
            PasswordRule::LeadingSlash => 2,
            PasswordRule::Charset { .. } => 3,
            PasswordRule::ContainsUsername { .. } => 4,
            PasswordRule::Denylist(_) => 5,
            PasswordRule::Repeat { .. } => 6,
            PasswordRule::Sequence { .. } => 7,
            PasswordRule::Custom(_) => 8,
        }
    }

    /// Whether the password satisfies the rule (for `password.contains_username`,
    /// the default account's name is looked for).
    pub fn passes(&self, password: &Password<'_>) -> bool {
        self.holds(&Subject::new(password.expose(), None, false))
    }

    /// Checks the password; `Err` holds the params of the failure. `user_name` is
    /// the request's `UserName`, if any.
    ///
    /// ```
    /// use cvm_rules::{Params, Password, PasswordRule};
    /// let rule = PasswordRule::Repeat { max: 2 };
    /// let failure = rule.check(&Password::new("aB3!!!x"), None).unwrap_err();
    /// assert!(matches!(failure, Params::Run { actual: 3, position: 4, .. }));
    /// ```
    // `Params` holds a charset failure's positions inline (no heap for a
    // password's diagnostics); returning it is the failing, rarer path.
    #[allow(clippy::result_large_err)]
    pub fn check(&self, password: &Password<'_>, user_name: Option<&str>) -> Result<(), Params> {
        let subject = Subject::new(password.expose(), user_name, false);
        if self.holds(&subject) {
            Ok(())
        } else {
            Err(self.failure(&subject))
        }
    }

    /// Whether every password that satisfies `self` also satisfies `other` (for the
    /// same user name). A policy drops a rule that another of its rules implies;
    /// the claims are proven by the exhaustive and property tests.
    pub fn implies(&self, other: &PasswordRule) -> bool {
        match (self, other) {
            (PasswordRule::Denylist(a), PasswordRule::Denylist(b)) => a.is_superset_of(b),
            (PasswordRule::Custom(a), PasswordRule::Custom(b)) => a == b,
            _ => self.implies_const(other),
        }
    }

    /// [`PasswordRule::implies`] for the rules whose parameters are plain data (a
    /// `const fn`: built-in profiles resolve their policies at compile time); a
    /// deny-list or custom rule implies nothing here.
    pub(crate) const fn implies_const(&self, other: &PasswordRule) -> bool {
        use PasswordRule::*;
        match (self, other) {
            (
                Length { min, max },
                Length {
                    min: min2,
                    max: max2,
                },
            ) => length::implies(*min, *max, *min2, *max2),
            (
                Classes {
                    required,
                    of,
                    specials,
                },
                Classes {
                    required: required2,
                    of: of2,
                    specials: specials2,
                },
            ) => classes::implies(*required, *of, *specials, *required2, *of2, *specials2),
            (LeadingSlash, LeadingSlash) => true,
            (
                Charset { specials },
                Charset {
                    specials: specials2,
                },
            ) => charset::implies(*specials, *specials2),
            (
                ContainsUsername {
                    min_name_chars,
                    default_for,
                },
                ContainsUsername {
                    min_name_chars: min2,
                    default_for: family2,
                },
            ) => contains_username::implies(*min_name_chars, *default_for, *min2, *family2),
            (Repeat { max }, Repeat { max: max2 }) => repeat::implies(*max, *max2),
            (Sequence { max }, Sequence { max: max2 }) => sequence::implies(*max, *max2),
            _ => false,
        }
    }

    /// Whether the rule is decided by a [`Scan`] alone (length, classes, first
    /// character, charset): a compiled policy decides these by table.
    pub(crate) const fn reads_scan_only(&self) -> bool {
        matches!(
            self,
            PasswordRule::Length { .. }
                | PasswordRule::Classes { .. }
                | PasswordRule::LeadingSlash
                | PasswordRule::Charset { .. }
        )
    }

    /// The verdict of a rule that [reads the scan only](Self::reads_scan_only)
    /// (`true` for any other rule). A `const fn`, so policies compile it over their
    /// table at compile time.
    pub(crate) const fn passes_scan(&self, scan: &Scan) -> bool {
        match self {
            PasswordRule::Length { min, max } => length::passes(*min, *max, scan),
            PasswordRule::Classes {
                required,
                of,
                specials,
            } => classes::passes(*required, *of, *specials, scan),
            PasswordRule::LeadingSlash => leading_slash::passes(scan),
            PasswordRule::Charset { specials } => charset::passes(*specials, scan),
            _ => true,
        }
    }

    /// Whether the rule holds for `subject`, with no diagnostics.
    pub(crate) fn holds(&self, subject: &Subject<'_>) -> bool {
        match self {
            PasswordRule::ContainsUsername {
                min_name_chars,
                default_for,
            } => contains_username::passes(
                subject.password,
                subject.user_name,
                *min_name_chars,
                *default_for,
            ),
            PasswordRule::Denylist(list) => !list.contains(subject.password),
            PasswordRule::Repeat { max } => repeat::passes(*max, subject.password),
            PasswordRule::Sequence { max } => sequence::passes(*max, subject.password),
            PasswordRule::Custom(rule) => custom::passes(rule, subject.password, subject.user_name),
            _ => self.passes_scan(subject.scan()),
        }
    }

    /// The params of a failure, if the rule fails.
    pub(crate) fn failure_if_broken(&self, subject: &Subject<'_>) -> Option<Params> {
        (!self.holds(subject)).then(|| self.failure(subject))
    }

    /// The params of a failure; called only when [`holds`](Self::holds) is false.
    #[cold]
    pub(crate) fn failure(&self, subject: &Subject<'_>) -> Params {
        match self {
            PasswordRule::Length { min, max } => length::failure(*min, *max, subject.scan()),
            PasswordRule::Classes {
                required,
                of,
                specials,
            } => classes::failure(*required, *of, *specials, subject.scan()),
            PasswordRule::LeadingSlash | PasswordRule::Denylist(_) => Params::None,
            PasswordRule::Charset { specials } => {
                charset::failure(subject.password, *specials, subject.plus_hint)
            }
            PasswordRule::ContainsUsername { min_name_chars, .. } => {
                contains_username::failure(*min_name_chars)
            }
            PasswordRule::Repeat { max } => repeat::failure(*max, subject.password),
            PasswordRule::Sequence { max } => sequence::failure(*max, subject.password),
            PasswordRule::Custom(rule) => {
                custom::failure(rule, subject.password, subject.user_name)
            }
        }
    }
}
