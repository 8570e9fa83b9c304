//! The JSON contract of the four surfaces (feature `serde`): the options a
//! binding receives ([`Options`]), compiled once ([`Validator`]), and the
//! objects that `check`, `explain` and `generate` answer ([`CheckOutput`],
//! [`PasswordOutput`], [`ExplainOutput`], [`GenerateOutput`]). The command line,
//! the JavaScript package and the Python package are built on this module, so
//! the same inputs give the same JSON everywhere.
//!
//! Top layer: it reads options into the library's values and renders outputs.

mod options;
mod output;
mod validator;

pub use options::{MAX_GENERATED, Options, OptionsError, shown_key};
#[cfg(feature = "std")]
pub use output::JsonLines;
pub use output::{
    CheckOutput, ExplainOutput, GenerateOutput, PasswordOutput, SerializeWithPolicy, WithoutPolicy,
};
pub use validator::Validator;

pub use crate::serialize::Localize;
