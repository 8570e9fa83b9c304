//! The `arbitrary` feature gives structure-aware input: from any bytes, requests
//! that are mostly well formed (so a fuzzer gets past the parser), in both forms
//! and both profiles, with mutations at the edges, and facts that meet them.
#![cfg(feature = "arbitrary")]

use arbitrary::{Arbitrary, Unstructured};
use cvm_rules::{Context, Facts, OsSet, Password, Request, RequestForm};

/// Pseudo-random bytes (xorshift), so the test is the same on every run.
fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn requests_are_mostly_well_formed_in_both_forms() {
    let (mut total, mut clean, mut json, mut api3, mut with_facts_hits) = (0, 0, 0, 0, 0);
    for seed in 1..=2_000u64 {
        let data = bytes(seed, 600);
        let mut u = Unstructured::new(&data);
        let (request, os, facts) =
            <(Request<'static, 'static>, OsSet, Option<Facts>)>::arbitrary(&mut u).unwrap();
        total += 1;
        clean += usize::from(request.wire_diagnostics().is_empty());
        json += usize::from(request.form() == RequestForm::Json);
        api3 += usize::from(request.profile().id() == "api3");
        if let Some(facts) = &facts {
            with_facts_hits += usize::from(
                request
                    .instance_id_values()
                    .any(|id| facts.get(id).is_some()),
            );
        }
        // Whatever was generated validates, under any OS set, with or without facts.
        let mut ctx = Context::new().with_os(os);
        if let Some(facts) = &facts {
            ctx = ctx.with_facts(facts);
        }
        let _ = request.validate(&ctx);
    }
    assert!(clean * 2 > total, "mostly well formed: {clean} of {total}");
    assert!(clean < total, "with mutations at the edges");
    assert!(
        (total / 5..total / 2).contains(&json),
        "both forms: {json} JSON of {total}"
    );
    assert!(
        (total / 3..total * 2 / 3).contains(&api3),
        "both profiles: {api3} api3 of {total}"
    );
    assert!(
        with_facts_hits > total / 10,
        "facts meet the requests: {with_facts_hits}"
    );
}

#[test]
fn passwords_sit_around_the_length_bounds() {
    let mut lengths = std::collections::BTreeMap::new();
    for seed in 1..=1_000u64 {
        let data = bytes(seed, 64);
        let password = Password::arbitrary(&mut Unstructured::new(&data)).unwrap();
        *lengths
            .entry(password.expose().chars().count())
            .or_insert(0) += 1;
    }
    for bound in [7, 8, 11, 12, 16, 17, 29, 30, 31] {
        assert!(
            lengths.get(&bound).copied().unwrap_or(0) > 10,
            "length {bound}: {lengths:?}"
        );
    }
}

#[test]
fn too_little_input_still_gives_a_request() {
    for data in [&[][..], &[0], &[0xFF; 3]] {
        let request = Request::arbitrary(&mut Unstructured::new(data)).unwrap();
        // The same bytes give the same request, and it validates.
        let again = Request::arbitrary(&mut Unstructured::new(data)).unwrap();
        assert_eq!(
            request.to_query_exposing_password(),
            again.to_query_exposing_password(),
            "{data:?}"
        );
        let report = request.validate(&Context::new());
        if data.iter().all(|&b| b == 0) {
            // Out of bytes (or all zero), every choice is its first: the default
            // profile, and a JSON body with nothing in it.
            assert_eq!(request.profile().id(), "legacy-2017", "{data:?}");
            assert_eq!(request.form(), RequestForm::Json);
            let rules: Vec<_> = report
                .diagnostics()
                .iter()
                .map(|d| d.rule().as_str())
                .collect();
            assert_eq!(rules, ["input.syntax"], "{data:?}");
        } else {
            assert!(
                !report.diagnostics().is_empty(),
                "three bytes make no valid request"
            );
        }
    }
}
