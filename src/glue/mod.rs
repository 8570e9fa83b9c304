//! The glue of this crate's own surfaces: the command line and the JavaScript,
//! Python, C and Go bindings (feature `serde`). Not for other users, and not
//! covered by semver: use the crate's own types ([`Request`](crate::Request),
//! [`Profile`](crate::Profile), [`Localized`](crate::Localized)) instead.
//!
//! It holds the JSON contract the surfaces share: the options a binding
//! receives ([`Options`]), compiled once ([`Validator`]), the objects that
//! `check`, `explain` and `generate` answer ([`CheckOutput`],
//! [`PasswordOutput`], [`ExplainOutput`], [`GenerateOutput`]), and the limits
//! the surfaces apply before they hand text over, so that the same inputs give
//! the same JSON everywhere; and the parameter names the readers know
//! ([`wire_parameters`]), for readings of a request made another way.
//!
//! Top layer: it reads options into the library's values and renders outputs.

mod options;
mod output;
mod validator;
mod wire;

pub use options::{MAX_GENERATED, Options, OptionsError, shown_key};
#[cfg(feature = "std")]
pub use output::JsonLines;
pub use output::{
    CheckOutput, ExplainOutput, GenerateOutput, PasswordOutput, SerializeWithPolicy, WithoutPolicy,
};
pub use validator::Validator;
pub use wire::{WireShape, wire_parameters};

pub use crate::limits::{MAX_INPUT_BYTES, MAX_OPTIONS_BYTES, MAX_PARAMS, READ_CAP};
pub use crate::serialize::Localize;
