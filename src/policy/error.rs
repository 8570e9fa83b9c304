//! Why a policy cannot be built: every policy is validated when
//! it is built, so a policy that exists accepts some password.

use core::fmt;

use crate::value_error::ValueError;

/// What is wrong with the rules of a policy.
///
/// ```
/// use cvm_rules::{PasswordRule, Policy, PolicyError};
/// let error = Policy::new(&[PasswordRule::Length { min: 14, max: 12 }]).unwrap_err();
/// assert_eq!(error, PolicyError::LengthBounds { min: 14, max: 12 });
/// assert_eq!(
///     error.to_string(),
///     "password.length: the minimum (14) is greater than the maximum (12)"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PolicyError {
    /// A length rule, or the length rules together, leave no length: `min > max`.
    LengthBounds {
        /// The (largest) minimum.
        min: u32,
        /// The (smallest) maximum.
        max: u32,
    },
    /// A classes rule requires more classes than it counts, or than the allowed
    /// characters can give (a `special` class with no allowed special character).
    ClassCount {
        /// The classes required.
        required: u8,
        /// The classes that can be had.
        available: u8,
    },
    /// A custom rule's id is not in a namespace of the caller's own.
    CustomRuleId {
        /// The id.
        id: &'static str,
        /// What is wrong with it.
        reason: ValueError,
    },
    /// Two different custom rules share an id (with different params).
    CustomRuleClash {
        /// The id.
        id: &'static str,
    },
    /// The rules contradict each other: no password passes them all (custom
    /// rules aside, which the crate cannot see into).
    AcceptsNothing,
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyError::LengthBounds { min, max } => write!(
                f,
                "password.length: the minimum ({min}) is greater than the maximum ({max})"
            ),
            PolicyError::ClassCount {
                required,
                available,
            } => write!(
                f,
                "password.classes: {required} classes are required, but only {available} can be had with the allowed characters"
            ),
            PolicyError::CustomRuleId { id, reason } => {
                write!(f, "custom rule {id:?}: {reason}")
            }
            PolicyError::CustomRuleClash { id } => write!(
                f,
                "two different custom rules share the id {id:?}; give each its own id"
            ),
            PolicyError::AcceptsNothing => {
                f.write_str("the policy accepts no password: its rules contradict each other")
            }
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for PolicyError {}
