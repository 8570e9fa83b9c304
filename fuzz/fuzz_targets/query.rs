//! `Request::from_query` on arbitrary bytes, under both profiles and every OS set.
//!
//! Oracles: no panic; reading and validating twice give the same diagnostics; the
//! diagnostics are sorted by the documented key; `first_error` is the first error;
//! every message renders without the catch-all; a clean request survives a round
//! trip through `to_query_exposing_password`.

#![no_main]

use cvm_rules::{Profile, Request};
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    for profile in Profile::ALL {
        let request = common::read_and_check(data, profile, Request::from_query);
        if data.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            let parsed = Request::parse(data, profile);
            assert_eq!(parsed.wire_diagnostics(), request.wire_diagnostics());
        }
        common::round_trip(&request);
    }
});
