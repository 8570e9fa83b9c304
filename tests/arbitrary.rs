//! The `arbitrary` feature gives structure-aware input: from any bytes, requests
//! that are mostly well formed (so a fuzzer gets past the parser), in both forms
//! and both profiles, with mutations at the edges, and facts that meet them.
#![cfg(feature = "arbitrary")]

use std::collections::BTreeMap;

use arbitrary::{Arbitrary, Unstructured};
use cvm_rules::{Context, Facts, OsSet, Password, Profile, Request, RequestForm};

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
    // One in ten too short, one in ten too long for every profile.
    let short: usize = lengths.range(..6).map(|(_, n)| n).sum();
    let long: usize = lengths.range(33..).map(|(_, n)| n).sum();
    assert!(
        (60..140).contains(&short),
        "{short} of 1,000 shorter than 6"
    );
    assert!((60..140).contains(&long), "{long} of 1,000 longer than 32");
}

/// The fewest and the most bytes `T::arbitrary` reads from 16.
fn bytes_read<T: for<'a> Arbitrary<'a>>() -> (usize, Option<usize>) {
    let (mut fewest, mut most) = (usize::MAX, 0);
    for seed in 1..=200 {
        let data = bytes(seed, 16);
        let mut u = Unstructured::new(&data);
        T::arbitrary(&mut u).unwrap();
        let read = data.len() - u.len();
        (fewest, most) = (fewest.min(read), most.max(read));
    }
    (fewest, Some(most))
}

#[test]
fn size_hints_are_the_bytes_read() {
    assert_eq!(OsSet::size_hint(0), bytes_read::<OsSet>());
    assert_eq!(<&Profile>::size_hint(0), bytes_read::<&'static Profile>());
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

/// How often each rule fires over 4,000 generated requests (with their OS set
/// and facts), by form; and how many of the facts generated are one page only.
fn census() -> (BTreeMap<String, usize>, usize, usize) {
    let mut rules = BTreeMap::new();
    let (mut with_facts, mut incomplete) = (0, 0);
    for seed in 1..=4_000u64 {
        let data = bytes(seed, 600);
        let mut u = Unstructured::new(&data);
        let (request, os, facts) =
            <(Request<'static, 'static>, OsSet, Option<Facts>)>::arbitrary(&mut u).unwrap();
        let mut ctx = Context::new().with_os(os);
        if let Some(facts) = &facts {
            ctx = ctx.with_facts(facts);
            with_facts += 1;
            incomplete += usize::from(!facts.is_complete());
        }
        let form = match request.form() {
            RequestForm::Json => "json",
            _ => "query",
        };
        for d in request.validate(&ctx).diagnostics() {
            *rules.entry(format!("{} {form}", d.rule())).or_insert(0) += 1;
        }
    }
    (rules, with_facts, incomplete)
}

#[test]
fn every_edge_of_the_generator_is_reached() {
    let (rules, with_facts, incomplete) = census();
    // At least about a third of what the generator's odds give (seen: about
    // three times these), so that each edge is there, in the form it belongs to.
    let at_least = [
        ("force_stop.value json", 25),
        ("force_stop.value query", 40),
        ("input.syntax json", 12),
        ("instance.running_soft_stop query", 20),
        ("instance.running_without_force_stop json", 15),
        ("instance.running_without_force_stop query", 30),
        ("instance.state json", 250),
        ("instance.state query", 700),
        ("instance.state_unknown json", 20),
        ("instance.state_unknown query", 70),
        ("instance.stop_charging json", 3),
        ("instance.stop_charging query", 15),
        ("instance_id.format json", 450),
        ("instance_id.format query", 1000),
        ("instance_id.not_found json", 850),
        ("instance_id.not_found query", 2000),
        ("instance_id.not_in_facts json", 180),
        ("instance_id.not_in_facts query", 750),
        ("instance_ids.count json", 5),
        ("instance_ids.count query", 7),
        ("instance_ids.duplicate json", 1400),
        ("instance_ids.duplicate query", 3300),
        ("instance_ids.index query", 950),
        ("param.missing json", 60),
        ("param.missing query", 270),
        ("param.repeated query", 270),
        ("param.type json", 75),
        ("param.unknown json", 35),
        ("param.unknown query", 150),
        ("password.charset json", 200),
        ("password.charset query", 440),
        ("password.classes json", 25),
        ("password.classes query", 50),
        ("password.leading_slash json", 10),
        ("password.leading_slash query", 35),
        ("password.length json", 220),
        ("password.length query", 480),
        ("username.length json", 25),
        ("username.length query", 55),
        ("version.value query", 45),
    ];
    for (rule, min) in at_least {
        let seen = rules.get(rule).copied().unwrap_or(0);
        assert!(seen >= min, "{rule}: {seen} (at least {min}): {rules:#?}");
    }
    // Mostly well formed: no edge crowds out the others.
    for (rule, seen) in &rules {
        assert!(*seen < 12_000, "{rule}: {seen}");
    }
    // Facts with half the requests; one in five of them one page only.
    assert!((1_600..2_400).contains(&with_facts), "{with_facts}");
    assert!(
        (with_facts / 10..with_facts * 3 / 10).contains(&incomplete),
        "{incomplete}"
    );
}
