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
mod recommended_length;
pub(crate) mod repeat;
pub(crate) mod sequence;
pub(crate) mod username;
mod wording;

use alloc::string::String;
use core::cell::OnceCell;

use crate::char_kind::CharKind;
use crate::characters::{ClassSet, Scan, Specials};
use crate::diagnostic::{
    BadChar, CustomRule, CustomRuleRef, InstanceIds, Params, Positions, RuleId, Severity,
    other_rule_ids,
};
use crate::locale::Locale;
use crate::os::{OsFamily, OsSet};
use crate::secret::Password;

pub use denylist::Denylist;

/// The password rules, generated from [the rule list](crate::diagnostic::rule_list):
/// [`PasswordRule`], its dispatch to each rule's file, and the constants derived
/// from the list. Every `match` here names every row: a rule missing one of the
/// functions its kind needs does not compile.
macro_rules! password_rules {
    (
        scan: [$($(#[$sdoc:meta])* $svariant:ident
            $({ $($(#[$sfdoc:meta])* $sfield:ident : $sfty:ty),* $(,)? })?
            => $smodule:ident, $sid:ident = $sstr:literal : $sdesc:literal $(, $ssev:ident)?;)*]
        text: [$($(#[$tdoc:meta])* $tvariant:ident
            $({ $($(#[$tfdoc:meta])* $tfield:ident : $tfty:ty),* $(,)? })?
            $(( $tinner:ident : $tity:ty ))?
            => $tmodule:ident, $tid:ident = $tstr:literal : $tdesc:literal $(, $tsev:ident)?;)*]
        run: [$($(#[$rdoc:meta])* $rvariant:ident
            => $rmodule:ident, $rid:ident = $rstr:literal : $rdesc:literal, $key:literal >= $min:literal;)*]
    ) => {
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
            $($(#[$sdoc])* $svariant $({ $($(#[$sfdoc])* $sfield: $sfty),* })?,)*
            $($(#[$tdoc])* $tvariant $({ $($(#[$tfdoc])* $tfield: $tfty),* })? $(($tity))?,)*
            $($(#[$rdoc])* $rvariant {
                /// The longest run allowed.
                max: u32,
            },)*
            /// A rule of the caller's own (see [`CustomRule`]).
            Custom(CustomRuleRef),
        }

        /// The place of each rule in [`PasswordRule`]'s declaration order.
        #[allow(dead_code)]
        #[repr(u8)]
        enum Rank {
            $($svariant,)*
            $($tvariant,)*
            $($rvariant,)*
            Custom,
        }

        /// The rules that read the text (the `text` and `run` rows), as a pattern:
        /// what a compiled policy does not decide by its table.
        macro_rules! text_rules {
            () => {
                $($crate::PasswordRule::$tvariant { .. })|* | $($crate::PasswordRule::$rvariant { .. })|*
            };
        }
        pub(crate) use text_rules;

        /// The policy-file keys of the `run` rules, with their least value.
        #[cfg_attr(not(feature = "serde"), allow(dead_code))]
        pub(crate) const POLICY_NUMBER_KEYS: &[(&str, u32)] = &[$(($key, $min),)*];

        /// How many failing rules' facts a password report holds inline: one per
        /// `text` and `run` rule of the list (a policy holds at most one of each
        /// kind but for rules of the same kind neither of which implies the
        /// other, whose facts are then kept on the heap).
        pub(crate) const INLINE_FACTS: usize = [$(stringify!($tvariant),)* $(stringify!($rvariant),)*].len();

        impl PasswordRule {
            /// The place of the rule in the order of diagnostics (custom rules share one).
            pub(crate) const fn rank(&self) -> u8 {
                match self {
                    $(PasswordRule::$svariant { .. } => Rank::$svariant as u8,)*
                    $(PasswordRule::$tvariant { .. } => Rank::$tvariant as u8,)*
                    $(PasswordRule::$rvariant { .. } => Rank::$rvariant as u8,)*
                    PasswordRule::Custom(_) => Rank::Custom as u8,
                }
            }

            /// The stable rule id.
            pub fn id(&self) -> RuleId {
                match self {
                    $(PasswordRule::$svariant { .. } => RuleId::$sid,)*
                    $(PasswordRule::$tvariant { .. } => RuleId::$tid,)*
                    $(PasswordRule::$rvariant { .. } => RuleId::$rid,)*
                    PasswordRule::Custom(rule) => RuleId::Custom(rule.id()),
                }
            }

            /// The severity of a failure: the rule id's (a warning for
            /// `password.recommended_length`), or what a custom rule says.
            pub fn severity(&self) -> Severity {
                match self {
                    PasswordRule::Custom(rule) => rule.rule().severity(),
                    $(PasswordRule::$svariant { .. })|*
                    | $(PasswordRule::$tvariant { .. })|*
                    | $(PasswordRule::$rvariant { .. })|* => self.id().severity(),
                }
            }

            /// Whether the rule is a built-in one whose failures are warnings (a
            /// `const fn`: built-in policies are resolved at compile time).
            pub(crate) const fn is_builtin_warning(&self) -> bool {
                match self {
                    $(PasswordRule::$svariant { .. } => matches!(RuleId::$sid.severity(), Severity::Warning),)*
                    $(PasswordRule::$tvariant { .. } => matches!(RuleId::$tid.severity(), Severity::Warning),)*
                    $(PasswordRule::$rvariant { .. } => matches!(RuleId::$rid.severity(), Severity::Warning),)*
                    PasswordRule::Custom(_) => false,
                }
            }

            /// [`PasswordRule::implies`] for the rules whose parameters are plain
            /// data (a `const fn`: built-in profiles resolve their policies at
            /// compile time); a deny-list or custom rule implies nothing here.
            pub(crate) const fn implies_const(&self, other: &PasswordRule) -> bool {
                match self {
                    $(PasswordRule::$svariant $({ $($sfield),* })? => $smodule::implies_rule($($($sfield,)*)? other),)*
                    $(PasswordRule::$tvariant $({ $($tfield),* })? $(($tinner))? =>
                        $tmodule::implies_rule($($($tfield,)*)? $($tinner,)? other),)*
                    $(PasswordRule::$rvariant { max } => {
                        matches!(other, PasswordRule::$rvariant { max: other_max } if *max <= *other_max)
                    })*
                    PasswordRule::Custom(_) => false,
                }
            }

            /// The verdict of the rule on a [`Scan`], for the rules decided by one
            /// (`true` for any other rule). A `const fn`, so policies compile it
            /// over their table at compile time.
            pub(crate) const fn passes_scan(&self, scan: &Scan) -> bool {
                match self {
                    $(PasswordRule::$svariant $({ $($sfield),* })? => $smodule::passes_scan(scan, $($($sfield),*)?),)*
                    text_rules!() | PasswordRule::Custom(_) => true,
                }
            }

            /// Whether the rule holds for `subject`, with no diagnostics.
            pub(crate) fn holds(&self, subject: &Subject<'_>) -> bool {
                match self {
                    $(PasswordRule::$svariant $({ $($sfield),* })? => $smodule::passes_scan(subject.scan(), $($($sfield),*)?),)*
                    $(PasswordRule::$tvariant $({ $($tfield),* })? $(($tinner))? =>
                        $tmodule::holds(subject, $($($tfield,)*)? $($tinner,)?),)*
                    $(PasswordRule::$rvariant { max } => $rmodule::passes(*max, subject.password),)*
                    PasswordRule::Custom(rule) => custom::passes(rule, subject),
                }
            }

            /// The facts of a failure of a `text` or `run` rule (`None` for the
            /// others: a scan rule's come from the scan, a custom rule's params are
            /// kept whole).
            pub(crate) fn failure_facts(&self, subject: &Subject<'_>) -> Option<FailureFacts> {
                match self {
                    $(PasswordRule::$svariant { .. })|* | PasswordRule::Custom(_) => None,
                    $(PasswordRule::$tvariant $({ $($tfield),* })? $(($tinner))? =>
                        Some($tmodule::facts(subject, $($($tfield,)*)? $($tinner,)?)),)*
                    $(PasswordRule::$rvariant { .. } => Some(run_facts(subject.password, $rmodule::longest(subject.password))),)*
                }
            }

            /// The params of a failure of a built-in rule: a scan rule's from what
            /// `scan` found, a text or run rule's from its `facts`. The one place
            /// a built-in rule's failure params are made (`Params::None` for a
            /// custom rule, whose params are its own).
            pub(crate) fn params_from(&self, scan: &impl ScanFacts, facts: FailureFacts) -> Params {
                match self {
                    $(PasswordRule::$svariant $({ $($sfield),* })? => $smodule::params(scan, $($($sfield),*)?),)*
                    $(PasswordRule::$tvariant $({ $($tfield),* })? $(($tinner))? =>
                        $tmodule::params(facts, $($($tfield,)*)? $($tinner,)?),)*
                    $(PasswordRule::$rvariant { max } => run_params(facts, *max),)*
                    PasswordRule::Custom(_) => Params::None,
                }
            }

            /// The requirement the rule states, for the checklist.
            pub(crate) fn requirement(&self, locale: Locale) -> String {
                match self {
                    $(PasswordRule::$svariant $({ $($sfield),* })? => $smodule::requirement(locale, $($($sfield),*)?),)*
                    $(PasswordRule::$tvariant $({ $($tfield),* })? $(($tinner))? =>
                        $tmodule::requirement(locale, $($($tfield,)*)? $($tinner,)?),)*
                    $(PasswordRule::$rvariant { max } => $rmodule::requirement(locale, *max),)*
                    PasswordRule::Custom(rule) => rule.requirement(locale),
                }
            }

            /// The rule's parameters as JSON entries (`"min": 8, "max": 16`).
            #[cfg(feature = "serde")]
            pub(crate) fn write_params<M: serde::ser::SerializeMap>(&self, m: &mut M) -> Result<(), M::Error> {
                match self {
                    $(PasswordRule::$svariant $({ $($sfield),* })? => $smodule::write_params(m, $($($sfield),*)?),)*
                    $(PasswordRule::$tvariant $({ $($tfield),* })? $(($tinner))? =>
                        $tmodule::write_params(m, $($($tfield,)*)? $($tinner,)?),)*
                    $(PasswordRule::$rvariant { max } => m.serialize_entry("max", max),)*
                    PasswordRule::Custom(rule) => rule.rule().params().write_entries(m),
                }
            }

            /// The `run` rule a policy file's `key` sets to `n` (`n` at least the
            /// key's least value, see [`POLICY_NUMBER_KEYS`]).
            #[cfg_attr(not(feature = "serde"), allow(dead_code))]
            pub(crate) fn from_policy_number(key: &str, n: u32) -> Option<PasswordRule> {
                $(if key == $key {
                    return Some(PasswordRule::$rvariant { max: n });
                })*
                None
            }
        }

        /// The message of a failure of the built-in password rule `rule` (`None`
        /// for another rule, or params of another shape).
        pub(crate) fn failure_message(rule: RuleId, params: &Params, locale: Locale) -> Option<String> {
            match rule {
                $(RuleId::$sid => $smodule::message(params, locale),)*
                $(RuleId::$tid => $tmodule::message(params, locale),)*
                $(RuleId::$rid => {
                    let Params::Run { max, actual, position } = params else {
                        return None;
                    };
                    Some($rmodule::sentence(*max, *actual, *position, locale))
                })*
                RuleId::Custom(_) | other_rule_ids!() => None,
            }
        }
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
        pub(crate) fn requirement(locale: Locale, $max: u32) -> String {
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
fn run_params((actual, position): FailureFacts, max: u32) -> Params {
    Params::Run {
        max,
        actual,
        position: position as usize,
    }
}

crate::diagnostic::with_password_rules!(password_rules);

/// What a rule is checked against: the password, the request's `UserName`, and a
/// scan of the password made when a rule first needs it; and what only a custom
/// rule reads (its [`Subject`](crate::Subject)): the families of the policy and
/// the request's instance ids.
pub(crate) struct Subject<'a> {
    pub password: &'a str,
    /// The request's `UserName`, if any.
    pub user_name: Option<&'a str>,
    /// The query form's raw value held `+`.
    pub plus_hint: bool,
    /// The families of the policy checked (none for a rule alone).
    pub families: OsSet,
    /// The request's instance ids, when the password came in a request.
    pub request: Option<&'a dyn InstanceIds>,
    scan: OnceCell<Scan>,
}

impl<'a> Subject<'a> {
    /// A password alone: no family, no request.
    pub fn new(password: &'a str, user_name: Option<&'a str>, plus_hint: bool) -> Subject<'a> {
        Subject {
            password,
            user_name,
            plus_hint,
            families: OsSet::UNKNOWN,
            request: None,
            scan: OnceCell::new(),
        }
    }

    /// This subject under a policy of `families`, in `request` (its instance ids) if any.
    pub fn within(mut self, families: OsSet, request: Option<&'a dyn InstanceIds>) -> Subject<'a> {
        self.families = families;
        self.request = request;
        self
    }

    pub fn scan(&self) -> &Scan {
        self.scan.get_or_init(|| Scan::new(self.password))
    }
}

/// What a scan rule's failure params are made of: what the password holds.
/// A [`Subject`] reads it from the password; a password report from the facts
/// it kept (a compiled policy's table key and the positions it recorded).
pub(crate) trait ScanFacts {
    /// The password's length in Unicode scalar values.
    fn chars(&self) -> u64;
    /// The classes of `of` it holds, `specials` saying what is special.
    fn classes(&self, of: ClassSet, specials: Specials) -> ClassSet;
    /// The first grapheme clusters holding a character outside letters, digits
    /// and `specials`, how many clusters do, and whether the query form's `+`
    /// turned into one of its spaces.
    fn disallowed(&self, specials: Specials) -> (Positions, usize, bool);
}

impl ScanFacts for Subject<'_> {
    fn chars(&self) -> u64 {
        self.scan().chars as u64
    }

    fn classes(&self, of: ClassSet, specials: Specials) -> ClassSet {
        self.scan().classes(of, specials)
    }

    fn disallowed(&self, specials: Specials) -> (Positions, usize, bool) {
        let mut positions = Positions::new();
        let mut count = 0usize;
        graphemes::for_each_bad(
            self.password,
            |c| specials.allows(c),
            |index, bad| {
                count += 1;
                positions.push(BadChar {
                    // An input is at most MAX_INPUT_BYTES (< u32::MAX) long.
                    position: (index + 1) as u32,
                    kind: CharKind::of(bad),
                });
            },
        );
        (
            positions,
            count,
            self.plus_hint && self.password.contains(' '),
        )
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
        // The two rules whose parameters are not plain data; every other pair is
        // decided by `implies_const`.
        if let (PasswordRule::Denylist(a), PasswordRule::Denylist(b)) = (self, other) {
            return a.is_superset_of(b);
        }
        if let (PasswordRule::Custom(a), PasswordRule::Custom(b)) = (self, other) {
            return a == b;
        }
        self.implies_const(other)
    }

    /// The params of a failure; called only when [`holds`](Self::holds) is false.
    #[cold]
    pub(crate) fn failure(&self, subject: &Subject<'_>) -> Params {
        if let PasswordRule::Custom(rule) = self {
            return custom::failure(rule, subject);
        }
        self.params_from(subject, self.failure_facts(subject).unwrap_or_default())
    }
}
