//! Helpers shared by the test modules (and, through `#[path]`, by the fuzz
//! targets): how the fuzz targets read their input, and the naive regex twin.

pub mod fuzz_input;
pub mod twin;
