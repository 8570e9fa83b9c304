//! The integration tests: one binary, a module per area, so that `cargo test`
//! and every cargo-mutants mutant build and link one test binary, not a dozen.
//! Shared helpers live in `support/`; data in `data/` and `vectors/`.

mod support;

mod alloc;
mod arbitrary;
mod checklist;
mod cli;
mod composition;
mod custom_rules;
mod describe_instances;
mod ergonomics;
mod fuzz_regressions;
mod generate;
mod json_form;
mod json_surface;
mod properties;
mod reports;
mod requests;
mod rule_ids;
mod vectors;
