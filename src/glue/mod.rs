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

pub use crate::limits::{MAX_INPUT_BYTES, MAX_PARAMS};

/// The most bytes of one input that a reader needs to keep: any longer input is
/// refused as too large (`input.too_large`) whatever follows, so the command
/// line and the bindings read no further, and that diagnostic's `bytes` then
/// counts what was read. Past the limit even after a trailing `\r\n` is
/// trimmed, so a cut input is always refused, never accepted.
pub const READ_CAP: usize = MAX_INPUT_BYTES + 3;

/// The most JSON text of one call's options (its facts and policy included)
/// that is read: a larger deny-list belongs in a file the command line reads.
/// The bindings refuse larger options before they cross into the library.
pub const MAX_OPTIONS_BYTES: usize = 64 << 20;

pub use crate::serialize::Localize;
