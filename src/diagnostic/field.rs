//! The parameter a diagnostic is about, in the profile's wire style.

use alloc::boxed::Box;
use core::fmt;

/// How an `InstanceIds` item is named on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ItemName {
    /// `InstanceIds.<n>`, with `n` in the profile's numbering.
    Index(u64),
    /// A name whose index is malformed (`InstanceIds.01`, `InstanceIds.x`), as given.
    Raw(Box<str>),
}

/// The parameter a diagnostic is about, in the profile's wire style.
///
/// Items are named by the index the request sent (a legacy request may number
/// them from 0 or 1), or by their place in the profile's numbering when the
/// request was built in code or came as JSON.
///
/// ```
/// use cvm_rules::parts::ItemName;
/// use cvm_rules::{Context, Field, Profile, Request};
/// let report = Request::from_query(
///     b"Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.0=ins-r8hr2upy&InstanceIds.1=ins-1122&Password=abc123ABC!@%23",
///     Profile::LEGACY_2017,
/// )
/// .validate(&Context::new());
/// let field = report.first_error().unwrap().field();
/// assert_eq!(field.to_string(), "InstanceIds.1");
/// assert!(matches!(field, Field::InstanceId { position: 1, name: ItemName::Index(1) }));
/// assert_eq!(Field::Password.to_string(), "Password");
/// assert_eq!(Field::Input.to_string(), ""); // the input as a whole
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// The input as a whole (shown as the empty string).
    Input,
    /// `Action`.
    Action,
    /// `Version`.
    Version,
    /// `InstanceIds`, the array as a whole.
    InstanceIds,
    /// One item of `InstanceIds`.
    InstanceId {
        /// The item's 0-based place in the batch (the order of diagnostics).
        position: usize,
        /// Its name on the wire.
        name: ItemName,
    },
    /// `Password`.
    Password,
    /// `UserName`.
    UserName,
    /// `ForceStop`.
    ForceStop,
    /// A parameter the action does not know.
    Unknown {
        /// Its place among the unknown names, in input order.
        position: usize,
        /// The name as given, or `#<n>` (its place among the input's parameters)
        /// when it is not shown (see [`Params::Unknown`](super::Params::Unknown)).
        name: Box<str>,
    },
}

impl Field {
    /// The sort key of diagnostics: parameter, then item index.
    pub(crate) fn order(&self) -> (u8, usize) {
        match self {
            Field::Input => (0, 0),
            Field::Action => (1, 0),
            Field::Version => (2, 0),
            Field::InstanceIds => (3, 0),
            Field::InstanceId { position, .. } => (4, *position),
            Field::Password => (5, 0),
            Field::UserName => (6, 0),
            Field::ForceStop => (7, 0),
            Field::Unknown { position, .. } => (8, *position),
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Input => Ok(()),
            Field::Action => f.write_str("Action"),
            Field::Version => f.write_str("Version"),
            Field::InstanceIds => f.write_str("InstanceIds"),
            Field::InstanceId {
                name: ItemName::Index(n),
                ..
            } => write!(f, "InstanceIds.{n}"),
            Field::InstanceId {
                name: ItemName::Raw(raw),
                ..
            } => f.write_str(raw),
            Field::Password => f.write_str("Password"),
            Field::UserName => f.write_str("UserName"),
            Field::ForceStop => f.write_str("ForceStop"),
            Field::Unknown { name, .. } => f.write_str(name),
        }
    }
}
