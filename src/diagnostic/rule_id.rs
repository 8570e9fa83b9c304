//! Rule ids: the stable names of the rules, and their order.

use core::fmt;

use super::Severity;
use crate::value_error::ValueError;

/// The rule ids: the password rules' from [the rule list](super::rule_list),
/// the others from the rows here, each with what its failure is: `Error(code)`
/// (the Tencent error code both profiles answer), `Error(by_profile)` (each
/// profile's own code, from its table) or `Warning` (no code).
macro_rules! rule_ids {
    (
        scan: [$($(#[$sdoc:meta])* $svariant:ident $({ $($sf:tt)* })? => $smodule:ident, $sid:ident = $sstr:literal : $sdesc:literal $(, $ssev:ident)?;)*]
        text: [$($(#[$tdoc:meta])* $tvariant:ident $({ $($tf:tt)* })? $(( $($ti:tt)* ))? => $tmodule:ident, $tid:ident = $tstr:literal : $tdesc:literal $(, $tsev:ident)?;)*]
        run: [$($(#[$rdoc:meta])* $rvariant:ident => $rmodule:ident, $rid:ident = $rstr:literal : $rdesc:literal, $key:literal >= $min:literal;)*]
    ) => {
        define_rule_ids! {
            password:
            $($sid => $sstr : $sdesc $(($ssev))?,)*
            $($tid => $tstr : $tdesc $(($tsev))?,)*
            $($rid => $rstr : $rdesc,)*
            ;
            other:
            // Section 5: the parameters, row by row.
            /// A required parameter is absent.
            ParamMissing => "param.missing", Error("MissingParameter"),
            /// `Action` is not `ResetInstancesPassword`.
            ActionValue => "action.value", Error("InvalidParameterValue"),
            /// `Version` is not `2017-03-12`.
            VersionValue => "version.value", Error("InvalidParameterValue"),
            /// More instance ids than the profile allows.
            InstanceIdsCount => "instance_ids.count", Error("InvalidParameterValue.LimitExceeded"),
            /// An instance id that is not `ins-` and 8 of `[a-z0-9]`.
            InstanceIdFormat => "instance_id.format", Error("InvalidInstanceId.Malformed"),
            /// An instance id given twice (a warning).
            InstanceIdsDuplicate => "instance_ids.duplicate", Warning,
            /// `UserName` is too long.
            UsernameLength => "username.length", Error("InvalidParameterValue.TooLong"),
            /// `ForceStop` is not a boolean.
            ForceStopValue => "force_stop.value", Error("InvalidParameterValue"),
            // Section 6: instance facts.
            /// An id the instance facts do not know.
            InstanceIdNotFound => "instance_id.not_found", Error("InvalidInstanceId.NotFound"),
            /// An id that incomplete facts (one page of `DescribeInstances`) do not show (a warning).
            InstanceIdNotInFacts => "instance_id.not_in_facts", Warning,
            /// A running instance and no `ForceStop` given.
            InstanceRunningWithoutForceStop => "instance.running_without_force_stop", Error(by_profile),
            /// A running instance with `ForceStop` false: it is shut down normally, not
            /// forced, and the reset fails if that fails (a warning).
            InstanceRunningSoftStop => "instance.running_soft_stop", Warning,
            /// A stopped instance in the no-charge mode (`StopChargingMode` `STOP_CHARGING`).
            InstanceStopCharging => "instance.stop_charging", Error(by_profile),
            /// An instance in a state that does not allow a reset.
            InstanceState => "instance.state", Error(by_profile),
            /// An instance in a state this crate does not know (a warning; nothing is blocked).
            InstanceStateUnknown => "instance.state_unknown", Warning,
            // Section 7: the wire form (and the JSON form's types).
            /// A scalar parameter or an array index given twice.
            ParamRepeated => "param.repeated", Error("InvalidParameterValue"),
            /// A malformed or out-of-sequence `InstanceIds.N` index.
            InstanceIdsIndex => "instance_ids.index", Error("InvalidParameterValue"),
            /// A value that is not UTF-8 after decoding.
            ParamEncoding => "param.encoding", Error("InvalidParameterValue"),
            /// A JSON value of the wrong type.
            ParamType => "param.type", Error("InvalidParameterValue"),
            /// A parameter name the action does not know (a warning).
            ParamUnknown => "param.unknown", Warning,
            // Section 10: the input as a whole (always the only diagnostic).
            /// The whole input is over the size or parameter limit.
            InputTooLarge => "input.too_large", Error("InvalidParameterValue"),
            /// The JSON form is not valid JSON (a JSON value that is not an object is
            /// `param.type` on the input).
            InputSyntax => "input.syntax", Error("InvalidParameterValue"),
        }
    };
}

macro_rules! define_rule_ids {
    (
        password: $($pvariant:ident => $pid:literal : $pdesc:literal $(($psev:ident))?,)*
        ;
        other: $($(#[$doc:meta])* $variant:ident => $id:literal, $severity:ident $(($code:tt))?,)*
    ) => {
        /// The stable id of a rule. The declaration order is the order of diagnostics
        /// on one field: the password rules, custom rules, the parameters, instance
        /// facts, the wire form, and the input as a whole. Each variant's docs begin
        /// with its id; the table below gives every id's field, codes and severity.
        ///
        /// ```
        /// use cvm_rules::{RuleId, Severity};
        /// let rule = RuleId::from_id("password.classes").unwrap();
        /// assert_eq!(rule, RuleId::PasswordClasses);
        /// assert_eq!(rule.as_str(), "password.classes");
        /// assert!(rule.is_password_rule());
        /// assert_eq!(rule.severity(), Severity::Error);
        /// // Diagnostics on one field come in this order.
        /// assert!(RuleId::PasswordLength < RuleId::PasswordClasses);
        /// ```
        ///
        #[doc = include_str!("rule_ids.md")]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum RuleId {
            $(
                #[doc = concat!("`", $pid, "`: ", $pdesc)]
                $pvariant,
            )*
            /// A rule of the caller's own (see [`CustomRule`](crate::CustomRule)): its
            /// id holds a `.` and is outside the built-in namespaces.
            Custom(&'static str),
            $(
                #[doc = concat!("`", $id, "`:")]
                $(#[$doc])*
                $variant,
            )*
        }

        /// The declaration order of [`RuleId`], as plain numbers (see [`RuleId::rank`]).
        #[allow(dead_code)]
        #[repr(u8)]
        enum Rank {
            $($pvariant,)*
            Custom,
            $($variant,)*
        }

        /// The built-in password rules' ids, as a pattern.
        macro_rules! password_rule_ids {
            () => { $($crate::RuleId::$pvariant)|* };
        }
        pub(crate) use password_rule_ids;

        /// The built-in ids of every other rule, as a pattern.
        macro_rules! other_rule_ids {
            () => { $($crate::RuleId::$variant)|* };
        }
        pub(crate) use other_rule_ids;

        impl RuleId {
            /// The place of the rule in the order of diagnostics on one field: custom
            /// rules share one place, right after the built-in password rules, and keep
            /// the order in which their policy holds them (sorting is stable). A `match`
            /// the compiler makes a table lookup: sorting diagnostics calls it often.
            pub(crate) const fn rank(self) -> u8 {
                match self {
                    $(RuleId::$pvariant => Rank::$pvariant as u8,)*
                    RuleId::Custom(_) => Rank::Custom as u8,
                    $(RuleId::$variant => Rank::$variant as u8,)*
                }
            }

            /// Every built-in rule id, in order.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$pvariant,)* $(RuleId::$variant,)*];

            /// The built-in password rules, in order.
            pub const PASSWORD: &'static [RuleId] = &[$(RuleId::$pvariant,)*];

            /// The stable id, such as `password.length`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$pvariant => $pid,)*
                    RuleId::Custom(id) => id,
                    $(RuleId::$variant => $id,)*
                }
            }

            /// The severity of the diagnostics of a built-in rule (a custom rule states its
            /// own; this says `error` for it).
            pub const fn severity(self) -> Severity {
                match self {
                    $(RuleId::$pvariant => password_severity!($($psev)?),)*
                    RuleId::Custom(_) => Severity::Error,
                    $(RuleId::$variant => Severity::$severity,)*
                }
            }

            /// Where the Tencent error code of the rule's failure comes from.
            pub(crate) const fn code(self) -> CodeOf {
                match self {
                    $(RuleId::$pvariant => password_code_of!($($psev)?),)*
                    RuleId::Custom(_) => CodeOf::Password,
                    $(RuleId::$variant => code_of!($severity $(($code))?),)*
                }
            }
        }
    };
}

/// Where the Tencent error code of a rule's failure comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CodeOf {
    /// The profile's password code (built-in and custom password rules).
    Password,
    /// The same code in every profile.
    Shared(&'static str),
    /// The profile's own code for the rule (and, for `instance.state`, the state).
    Profile,
    /// None: the rule's failures are warnings.
    Warning,
}

/// A password rule's severity: its row's `Warning`, or an error.
macro_rules! password_severity {
    () => {
        Severity::Error
    };
    (Warning) => {
        Severity::Warning
    };
}

/// Where a password rule's code comes from: the profile's password code, or
/// none for a warning.
macro_rules! password_code_of {
    () => {
        CodeOf::Password
    };
    (Warning) => {
        CodeOf::Warning
    };
}

/// A row's `Error(code)`, `Error(by_profile)` or `Warning` as a [`CodeOf`]; an
/// error without its code does not compile.
macro_rules! code_of {
    (Error(by_profile)) => {
        CodeOf::Profile
    };
    (Error($code:literal)) => {
        CodeOf::Shared($code)
    };
    (Warning) => {
        CodeOf::Warning
    };
    (Error) => {
        compile_error!("an Error row needs its code: Error(\"TencentCode\") or Error(by_profile)")
    };
}

super::rule_list::with_password_rules!(rule_ids);

impl RuleId {
    /// The built-in rule id with this name.
    pub fn from_id(id: &str) -> Option<RuleId> {
        RuleId::ALL.iter().copied().find(|r| r.as_str() == id)
    }

    /// Whether this is a password rule (built-in or custom): its failures carry the
    /// profile's password code.
    pub const fn is_password_rule(self) -> bool {
        (self.rank() as usize) <= RuleId::PASSWORD.len()
    }

    /// Checks that `id` may name a custom rule: ASCII letters, digits, `_`, `-` and
    /// `.`, with at least one `.` between non-empty parts, and outside every
    /// built-in namespace (`password.`, `param.`, `instance.`, …).
    pub fn check_custom_id(id: &str) -> Result<(), ValueError> {
        let well_formed = !id.is_empty()
            && id.len() <= 64
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
            && id.contains('.')
            && id.split('.').all(|part| !part.is_empty());
        if !well_formed {
            return Err(ValueError::RuleIdMalformed);
        }
        let namespace = |r: &RuleId| r.as_str().split('.').next().unwrap_or("");
        let taken = RuleId::ALL
            .iter()
            .any(|r| id.split('.').next() == Some(namespace(r)));
        if taken {
            return Err(ValueError::RuleIdBuiltIn);
        }
        Ok(())
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_follow_the_declaration_with_custom_rules_after_the_password_rules() {
        let ranks: alloc::vec::Vec<u8> = RuleId::ALL.iter().map(|r| r.rank()).collect();
        assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{ranks:?}");
        let custom = RuleId::Custom("org.x").rank();
        assert!(RuleId::PasswordSequence.rank() < custom);
        assert!(custom < RuleId::ParamMissing.rank());
        assert!(RuleId::Custom("org.x").is_password_rule());
        assert!(RuleId::PasswordLength.is_password_rule());
        assert!(!RuleId::ParamMissing.is_password_rule());
    }

    #[test]
    fn an_invalid_id_says_what_a_custom_id_is() {
        use alloc::string::ToString;
        let malformed = ValueError::RuleIdMalformed.to_string();
        assert!(
            malformed.starts_with("a custom rule id is a namespace and a name joined by '.'"),
            "{malformed}"
        );
        let built_in = ValueError::RuleIdBuiltIn.to_string();
        assert!(
            built_in.contains("must not use a namespace of the built-in rules"),
            "{built_in}"
        );
    }

    #[test]
    fn ids_round_trip() {
        for r in RuleId::ALL {
            assert_eq!(RuleId::from_id(r.as_str()), Some(*r));
        }
        assert_eq!(RuleId::from_id("org.x"), None);
        assert_eq!(RuleId::Custom("org.x").as_str(), "org.x");
    }

    #[test]
    fn custom_ids_live_outside_the_built_in_namespaces() {
        assert_eq!(RuleId::check_custom_id("org.denylist"), Ok(()));
        assert_eq!(RuleId::check_custom_id("acme.pw.no-season_names"), Ok(()));
        for bad in ["", "denylist", ".x", "x.", "a..b", "org.deny list", "org.é"] {
            assert_eq!(
                RuleId::check_custom_id(bad),
                Err(ValueError::RuleIdMalformed),
                "{bad:?}"
            );
        }
        for taken in [
            "password.denylist",
            "password.mine",
            "param.x",
            "instance.y",
            "input.z",
        ] {
            assert_eq!(
                RuleId::check_custom_id(taken),
                Err(ValueError::RuleIdBuiltIn),
                "{taken:?}"
            );
        }
    }
}
