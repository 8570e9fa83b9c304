//! The rules, one file per rule. Each is a small pure function or value: it checks
//! and returns typed params. The password rules are gathered as [`PasswordRule`]
//! values, which policies compose; the other rules are called by request
//! validation with the profile's parameters.

pub(crate) mod charset;
mod class_repeat;
pub(crate) mod classes;
mod contains_username;
mod custom;
mod denylist;
pub(crate) mod fixed_values;
pub(crate) mod graphemes;
pub(crate) mod instance_id;
mod leading_slash;
mod length;
pub(crate) mod repeat;
pub(crate) mod sequence;
pub(crate) mod username;
mod wording;

use alloc::string::String;
use core::cell::OnceCell;

use crate::characters::{ClassSet, Scan, Specials};
use crate::diagnostic::{CustomRule, CustomRuleRef, Params, RuleId, Severity};
use crate::locale::Locale;
use crate::os::OsFamily;
use crate::secret::Password;

pub use denylist::Denylist;

/// The built-in password rules: one row per rule, in the order of diagnostics
/// (the order of [`RuleId::PASSWORD`], checked at compile time). A row names
/// the variant and its parameters, the rule's file, how it is decided, its
/// [`RuleId`] and, for a rule set by one whole number, its policy-file key and
/// least value. How a rule is decided says what its file provides; the rest is
/// generated here:
///
/// - every rule: `requirement(locale, params..)`;
/// - `scan` (decided by the one pass over the password that [`Scan`] makes,
///   which compiled policies turn into a table): `passes_scan(scan, params..)`
///   and `implies_rule(params.., other)` (both `const fn`s), `failure(subject,
///   params..)`, `message(params, locale)` and `write_params` (JSON, under `serde`);
/// - `text` (decided by reading the password): `holds(subject, params..)`,
///   `facts(subject, params..)` (the two numbers its failure is rebuilt from,
///   kept by password reports), `params(facts, params..)`, `implies_rule`,
///   `message`, `write_params` and, with a policy-file key, `from_policy_number(n)`;
/// - `run` (no run of more than `max` characters of some kind, such as identical
///   ones; its only parameter is `max: u32`): `passes(max, password)`,
///   `longest(password)` (the longest run's length and 0-based char index) and
///   `sentence(max, actual, position, locale)`, the message of a failure.
///
/// A rule missing one of them does not compile.
macro_rules! password_rules {
    ($(
        $(#[$doc:meta])*
        $variant:ident
            $({ $($(#[$fdoc:meta])* $field:ident : $fty:ty),* $(,)? })?
            $(( $inner:ident : $ity:ty ))?
        => $module:ident, $kind:ident, RuleId::$id:ident $(, $key:literal >= $min:literal)?;
    )*) => {
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
            $(
                $(#[$doc])*
                $variant $({ $($(#[$fdoc])* $field: $fty),* })? $(($ity))?,
            )*
            /// A rule of the caller's own (see [`CustomRule`]).
            Custom(CustomRuleRef),
        }

        /// The place of each rule in [`PasswordRule`]'s declaration order.
        #[allow(dead_code)]
        #[repr(u8)]
        enum Rank {
            $($variant,)*
            Custom,
        }

        // The rows are in the order of the password rule ids.
        const _: () = {
            let mut i = 0;
            $(
                assert!(matches!(RuleId::PASSWORD[i], RuleId::$id));
                i += 1;
            )*
            assert!(i == RuleId::PASSWORD.len());
        };

        /// The policy-file keys of the rules set by one whole number, with their least value.
        #[cfg_attr(not(feature = "serde"), allow(dead_code))]
        pub(crate) const POLICY_NUMBER_KEYS: &[(&str, u32)] = &[$($(($key, $min),)?)*];

        #[allow(unused_variables)]
        impl PasswordRule {
            /// The place of the rule in the order of diagnostics (custom rules share one).
            pub(crate) const fn rank(&self) -> u8 {
                match self {
                    $(PasswordRule::$variant $({ $($field),* })? $(($inner))? => Rank::$variant as u8,)*
                    PasswordRule::Custom(_) => Rank::Custom as u8,
                }
            }

            /// [`PasswordRule::implies`] for the rules whose parameters are plain
            /// data (a `const fn`: built-in profiles resolve their policies at
            /// compile time); a deny-list or custom rule implies nothing here.
            pub(crate) const fn implies_const(&self, other: &PasswordRule) -> bool {
                match self {
                    $(PasswordRule::$variant $({ $($field),* })? $(($inner))? =>
                        dispatch!($kind implies $variant $module, other, ($($($field,)*)? $($inner,)?)),)*
                    PasswordRule::Custom(_) => false,
                }
            }

            /// Whether the rule is decided by a [`Scan`] alone (length, classes, first
            /// character, charset): a compiled policy decides these by table.
            pub(crate) const fn reads_scan_only(&self) -> bool {
                match self {
                    $(PasswordRule::$variant $({ $($field),* })? $(($inner))? =>
                        dispatch!($kind reads_scan_only $variant $module, (), ()),)*
                    PasswordRule::Custom(_) => false,
                }
            }

            /// The verdict of a rule that [reads the scan only](Self::reads_scan_only)
            /// (`true` for any other rule). A `const fn`, so policies compile it over
            /// their table at compile time.
            pub(crate) const fn passes_scan(&self, scan: &Scan) -> bool {
                match self {
                    $(PasswordRule::$variant $({ $($field),* })? $(($inner))? =>
                        dispatch!($kind passes_scan $variant $module, scan, ($($($field,)*)? $($inner,)?)),)*
                    PasswordRule::Custom(_) => true,
                }
            }

            /// Whether the rule holds for `subject`, with no diagnostics.
            pub(crate) fn holds(&self, subject: &Subject<'_>) -> bool {
                match self {
                    $(PasswordRule::$variant $({ $($field),* })? $(($inner))? =>
                        dispatch!($kind holds $variant $module, subject, ($($($field,)*)? $($inner,)?)),)*
                    PasswordRule::Custom(rule) => custom::passes(rule, subject.password, subject.user_name),
                }
            }

            /// The params of a failure; called only when [`holds`](Self::holds) is false.
            #[cold]
            pub(crate) fn failure(&self, subject: &Subject<'_>) -> Params {
                match self {
                    $(PasswordRule::$variant $({ $($field),* })? $(($inner))? =>
                        dispatch!($kind failure $variant $module, subject, ($($($field,)*)? $($inner,)?)),)*
                    PasswordRule::Custom(rule) => custom::failure(rule, subject.password, subject.user_name),
                }
            }

            /// The facts of a failure of a `text` or `run` rule (`None` for the
            /// others, whose params a report keeps whole or rebuilds from its table).
            pub(crate) fn failure_facts(&self, subject: &Subject<'_>) -> Option<FailureFacts> {
                match self {
                    $(PasswordRule::$variant $({ $($field),* })? $(($inner))? =>
                        dispatch!($kind facts $variant $module, subject, ($($($field,)*)? $($inner,)?)),)*
                    PasswordRule::Custom(_) => None,
                }
            }

            /// The params of a failure of a `text` or `run` rule, from its
            /// [facts](Self::failure_facts) (`Params::None` for any other rule).
            pub(crate) fn params_of_facts(&self, facts: FailureFacts) -> Params {
                match self {
                    $(PasswordRule::$variant $({ $($field),* })? $(($inner))? =>
                        dispatch!($kind params $variant $module, facts, ($($($field,)*)? $($inner,)?)),)*
                    PasswordRule::Custom(_) => Params::None,
                }
            }

            /// The requirement the rule states, for the checklist.
            pub(crate) fn requirement(&self, locale: Locale) -> String {
                match self {
                    $(PasswordRule::$variant $({ $($field),* })? $(($inner))? =>
                        $module::requirement(locale, $($($field,)*)? $($inner,)?),)*
                    PasswordRule::Custom(rule) => rule.requirement(locale),
                }
            }

            /// The rule's parameters as JSON entries (`"min": 8, "max": 16`).
            #[cfg(feature = "serde")]
            pub(crate) fn write_params<M: serde::ser::SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
                match self {
                    $(PasswordRule::$variant $({ $($field),* })? $(($inner))? =>
                        dispatch!($kind write_params $variant $module, m, ($($($field,)*)? $($inner,)?)),)*
                    PasswordRule::Custom(rule) => rule.rule().params().write_entries(m),
                }
            }

            /// The rule a policy file's whole-number `key` sets to `n` (`n` at
            /// least the key's least value, see [`POLICY_NUMBER_KEYS`]).
            #[cfg_attr(not(feature = "serde"), allow(dead_code))]
            pub(crate) fn from_policy_number(key: &str, n: u32) -> Option<PasswordRule> {
                $($(if key == $key {
                    return Some(dispatch!($kind from_policy_number $variant $module, n, ()));
                })?)*
                None
            }
        }

        /// The message of a failure of the built-in password rule `rule` (`None`
        /// for another rule, or params of another shape).
        pub(crate) fn failure_message(rule: RuleId, params: &Params, locale: Locale) -> Option<String> {
            match rule {
                $(RuleId::$id => dispatch!($kind message $variant $module, (params, locale), ()),)*
                _ => None,
            }
        }
    };
}

/// One operation of a rule, by how it is decided (see [`password_rules!`]):
/// `dispatch!(kind operation Variant module, operand, (params,))`.
macro_rules! dispatch {
    // Every kind but `run` has its own implication, message and JSON params.
    (run implies $variant:ident $module:ident, $other:expr, ($max:expr,)) => {
        match $other {
            PasswordRule::$variant { max: other_max } => *$max <= *other_max,
            _ => false,
        }
    };
    ($kind:ident implies $variant:ident $module:ident, $other:expr, ($($arg:expr,)*)) => {
        $module::implies_rule($($arg,)* $other)
    };
    (run message $variant:ident $module:ident, ($params:expr, $locale:expr), ()) => {
        match $params {
            Params::Run { max, actual, position } => Some($module::sentence(*max, *actual, *position, $locale)),
            _ => None,
        }
    };
    ($kind:ident message $variant:ident $module:ident, ($params:expr, $locale:expr), ()) => {
        $module::message($params, $locale)
    };
    (run write_params $variant:ident $module:ident, $m:expr, ($max:expr,)) => {
        $m.serialize_entry("max", $max)
    };
    ($kind:ident write_params $variant:ident $module:ident, $m:expr, ($($arg:expr,)*)) => {
        $module::write_params($m, $($arg),*)
    };
    (run from_policy_number $variant:ident $module:ident, $n:expr, ()) => {
        PasswordRule::$variant { max: $n }
    };
    ($kind:ident from_policy_number $variant:ident $module:ident, $n:expr, ()) => {
        $module::from_policy_number($n)
    };
    // `scan` rules: decided by the scan; their failure params come from it.
    (scan reads_scan_only $($rest:tt)*) => { true };
    ($kind:ident reads_scan_only $($rest:tt)*) => { false };
    (scan passes_scan $variant:ident $module:ident, $scan:expr, ($($arg:expr,)*)) => {
        $module::passes_scan($scan, $($arg),*)
    };
    ($kind:ident passes_scan $($rest:tt)*) => { true };
    (scan holds $variant:ident $module:ident, $subject:expr, ($($arg:expr,)*)) => {
        $module::passes_scan($subject.scan(), $($arg),*)
    };
    (scan failure $variant:ident $module:ident, $subject:expr, ($($arg:expr,)*)) => {
        $module::failure($subject, $($arg),*)
    };
    (scan facts $($rest:tt)*) => { None };
    (scan params $($rest:tt)*) => { Params::None };
    // `text` rules: their failure is rebuilt from two numbers.
    (text holds $variant:ident $module:ident, $subject:expr, ($($arg:expr,)*)) => {
        $module::holds($subject, $($arg),*)
    };
    (text failure $variant:ident $module:ident, $subject:expr, ($($arg:expr,)*)) => {
        $module::params($module::facts($subject, $($arg),*), $($arg),*)
    };
    (text facts $variant:ident $module:ident, $subject:expr, ($($arg:expr,)*)) => {
        Some($module::facts($subject, $($arg),*))
    };
    (text params $variant:ident $module:ident, $facts:expr, ($($arg:expr,)*)) => {
        $module::params($facts, $($arg),*)
    };
    // `run` rules: the longest run is the failure.
    (run holds $variant:ident $module:ident, $subject:expr, ($max:expr,)) => {
        $module::passes(*$max, $subject.password)
    };
    (run failure $variant:ident $module:ident, $subject:expr, ($max:expr,)) => {
        run_params(run_facts($subject.password, $module::longest($subject.password)), $max)
    };
    (run facts $variant:ident $module:ident, $subject:expr, ($max:expr,)) => {
        Some(run_facts($subject.password, $module::longest($subject.password)))
    };
    (run params $variant:ident $module:ident, $facts:expr, ($max:expr,)) => {
        run_params($facts, $max)
    };
}

/// A `run` rule's checklist line and failure sentence, in both languages: the
/// format strings name the parameters given first (`max`, and `actual` and
/// `position` for the sentence).
macro_rules! run_words {
    (
        ($max:ident, $actual:ident, $position:ident),
        requirement: $requirement_en:literal, $requirement_zh:literal,
        sentence: $sentence_en:literal, $sentence_zh:literal $(,)?
    ) => {
        /// The checklist line.
        pub(crate) fn requirement(locale: Locale, $max: &u32) -> String {
            localized!(locale, $requirement_en, $requirement_zh)
        }

        /// The message of a failure.
        pub(crate) fn sentence(
            $max: u32,
            $actual: u32,
            $position: usize,
            locale: Locale,
        ) -> String {
            localized!(locale, $sentence_en, $sentence_zh)
        }
    };
}
pub(crate) use run_words;

/// The two numbers a `text` or `run` rule's failure is rebuilt from (a run's
/// length and 1-based position; zeros where the rule's own parameters say it all).
pub(crate) type FailureFacts = (u32, u32);

/// The facts of a run rule's failure: the longest run's length and its 1-based
/// grapheme position, from its length and 0-based char index.
fn run_facts(password: &str, (length, start): (usize, usize)) -> FailureFacts {
    // An input is at most MAX_INPUT_BYTES (< u32::MAX) long.
    (
        length as u32,
        graphemes::position_of_char(password, start) as u32,
    )
}

/// The longest run of equal keys: (its length, the 0-based index where the first
/// such run starts). `(0, 0)` for no keys.
pub(crate) fn longest_run_of<K: PartialEq>(keys: impl Iterator<Item = K>) -> (usize, usize) {
    let (mut best, mut best_start) = (0, 0);
    let (mut run, mut start) = (0, 0);
    let mut previous = None;
    for (i, key) in keys.enumerate() {
        if previous.as_ref() == Some(&key) {
            run += 1;
        } else {
            (run, start) = (1, i);
        }
        if run > best {
            (best, best_start) = (run, start);
        }
        previous = Some(key);
    }
    (best, best_start)
}

/// The params of a run rule's failure, from its facts.
fn run_params((actual, position): FailureFacts, max: &u32) -> Params {
    Params::Run {
        max: *max,
        actual,
        position: position as usize,
    }
}

password_rules! {
    /// `password.length`: `min..=max` Unicode scalar values.
    Length {
        /// Fewest characters.
        min: u32,
        /// Most characters.
        max: u32,
    } => length, scan, RuleId::PasswordLength;
    /// `password.classes`: at least `required` of the classes `of`.
    Classes {
        /// How many classes are required.
        required: u8,
        /// The classes that count.
        of: ClassSet,
        /// What counts as `special`.
        specials: Specials,
    } => classes, scan, RuleId::PasswordClasses;
    /// `password.leading_slash`: must not start with `/`.
    LeadingSlash => leading_slash, scan, RuleId::PasswordLeadingSlash;
    /// `password.charset`: only letters, digits and `specials`.
    Charset {
        /// The allowed specials.
        specials: Specials,
    } => charset, scan, RuleId::PasswordCharset;
    /// `password.contains_username`: must not contain the effective user name,
    /// case-insensitively; skipped for names shorter than `min_name_chars`.
    ContainsUsername {
        /// Shorter names are not looked for.
        min_name_chars: u8,
        /// The family whose default account applies when the request gives no `UserName`.
        default_for: OsFamily,
    } => contains_username, text, RuleId::PasswordContainsUsername;
    /// `password.denylist`: must not equal an entry of the list, ignoring ASCII case.
    Denylist(list: Denylist) => denylist, text, RuleId::PasswordDenylist;
    /// `password.repeat`: at most `max` identical characters in a row.
    Repeat {
        /// The longest run allowed.
        max: u32,
    } => repeat, run, RuleId::PasswordRepeat, "max_repeat" >= 1;
    /// `password.sequence`: no run of more than `max` consecutive ascending or
    /// descending letters of one case or digits (`abcd`, `DCBA`, `4321`).
    Sequence {
        /// The longest sequence allowed.
        max: u32,
    } => sequence, run, RuleId::PasswordSequence, "max_sequence" >= 2;
    /// `password.class_repeat`: at most `max` consecutive characters of one class
    /// (lowercase letters, uppercase letters, digits, any other character).
    ClassRepeat {
        /// The longest run of one class allowed.
        max: u32,
    } => class_repeat, run, RuleId::PasswordClassRepeat, "max_class_repeat" >= 1;
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
}
