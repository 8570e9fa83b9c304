//! The parameter a diagnostic is about, in the profile's wire style.

use alloc::boxed::Box;
use core::fmt;

/// How an `InstanceIds` item is named on the wire.
///
/// ```
/// use cvm_rules::parts::ItemName;
/// use cvm_rules::{Context, Field, Profile, Request};
/// // A malformed index is named as sent.
/// let report = Request::parse(
///     b"Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.01=ins-r8hr2upy&Password=abc123ABC!@%23",
///     Profile::LEGACY_2017,
/// )
/// .validate(&Context::new());
/// let Field::InstanceId { name, .. } = report.first_error().unwrap().field() else { panic!() };
/// assert_eq!(*name, ItemName::Raw("InstanceIds.01".into()));
/// // A built request's items are named in the profile's numbering.
/// let report = Request::new(Profile::LEGACY_2017)
///     .with_instance_id("ins-1122")
///     .with_password("abc123ABC!@#")
///     .validate(&Context::new());
/// let Field::InstanceId { name, .. } = report.first_error().unwrap().field() else { panic!() };
/// assert_eq!(*name, ItemName::Index(1));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ItemName {
    /// `InstanceIds.<n>`, with `n` in the profile's numbering.
    Index(u64),
    /// A name whose index is malformed (`InstanceIds.01`, `InstanceIds.x`), as given.
    Raw(Box<str>),
}

/// [`Field`], with a variant per parameter of [the parameter list](super::parameter_list).
macro_rules! fields {
    (
        params: [$($(#[$doc:meta])* $name:ident $($shown:literal)? : $kind:ident $(($($arg:tt)*))? $(=> $rule:ident)? $({ $($method:ident : $method_name:ident),* })?;)*]
        common: [$($common:ident),*]
    ) => {
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
            $($(#[$doc])* $name,)*
            /// One item of `InstanceIds`.
            InstanceId {
                /// The item's 0-based place in the batch (the order of diagnostics).
                position: usize,
                /// Its name on the wire.
                name: ItemName,
            },
            /// A parameter the action does not know.
            Unknown {
                /// Its place among the unknown names, in input order.
                position: usize,
                /// The name as given, or `#<n>` (its place among the input's parameters)
                /// when it is not shown (see [`Params::Unknown`](super::Params::Unknown)).
                name: Box<str>,
            },
        }

        /// The parameters' places in the list.
        #[allow(dead_code)]
        #[repr(u8)]
        enum Place {
            $($name,)*
        }

        impl Field {
            /// The sort key of diagnostics: the input as a whole, then each
            /// parameter in the list's order (an `InstanceIds` item right after
            /// the array, by its place in the batch), then unknown names.
            pub(crate) fn order(&self) -> (u8, usize) {
                match self {
                    Field::Input => (0, 0),
                    $(Field::$name => (2 * Place::$name as u8 + 1, 0),)*
                    Field::InstanceId { position, .. } => (2 * Place::InstanceIds as u8 + 2, *position),
                    Field::Unknown { position, .. } => (u8::MAX, *position),
                }
            }
        }

        impl fmt::Display for Field {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    Field::InstanceId {
                        name: ItemName::Index(n),
                        ..
                    } => write!(f, "{}.{n}", Field::InstanceIds),
                    Field::InstanceId {
                        name: ItemName::Raw(raw),
                        ..
                    } => f.write_str(raw),
                    Field::Unknown { name, .. } => f.write_str(name),
                    Field::Input => Ok(()),
                    $(Field::$name => f.write_str(stringify!($name)),)*
                }
            }
        }
    };
}

super::parameter_list::with_parameters!(fields);
