//! `Request::from_json` on arbitrary bytes, under both profiles and every OS set.
//!
//! Oracles: as the `query` target (no panic, determinism, order, `first_error`,
//! messages, round trip through the query form).

#![no_main]

use cvm_rules::{Profile, Request};
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    for profile in Profile::ALL {
        let request = common::read_and_check(data, profile, Request::from_json);
        if data.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
            let parsed = Request::parse(data, profile);
            assert_eq!(parsed.wire_diagnostics(), request.wire_diagnostics());
        }
        common::round_trip(&request);
    }
});
