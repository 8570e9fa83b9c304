//! `cvm-rules` for C and for Go: one crate, two builds.
//!
//! - Built for a native target, it is the C library `libcvm_rules` (`cdylib`
//!   and `staticlib`) with the header `include/cvm_rules.h`, generated from
//!   `ffi.rs` by cbindgen.
//! - Built for `wasm32-unknown-unknown`, it is the WebAssembly module the Go
//!   package (`bindings/go`) embeds and runs with wazero: exports that take and
//!   return plain numbers (`wasm.rs`), and one import, the host's random source.
//!
//! Both are thin over the library's JSON contract (`calls.rs`): options in as
//! JSON text, the objects `cvm-rules check|explain|generate --format json` print
//! out as JSON text. No rule, message or JSON shape is this crate's own, and no
//! call prints anything.

// The C and WebAssembly boundaries take raw pointers; every `unsafe` block says
// why it holds.
#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks)]
#![warn(missing_docs)]

pub mod calls;
#[cfg(not(target_family = "wasm"))]
pub mod ffi;
#[cfg(not(target_family = "wasm"))]
mod quiet;
// The Go package's private ABI: not in the C header.
/// cbindgen:ignore
#[cfg(target_family = "wasm")]
mod wasm;
