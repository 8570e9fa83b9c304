//! The crate beside a regex baseline and a lookup-table floor, on four groups:
//!
//! - `a_password`: one valid 16-character password, `legacy-2017`, OS unknown (Windows rules);
//! - `b_password_mix`: 16 passwords, valid and invalid, covering every password rule;
//! - `c_request`: a valid, already-parsed request of 100 instance ids, a password, a user name;
//! - `d_query`: the same request from its query string, parsed and validated.
//!
//! Each group first asserts that every implementation agrees (valid/invalid) on
//! every input. Run with `cargo bench --bench validate`; see `BENCHMARKS.md`.

mod common;

use std::hint::black_box;
use std::time::Duration;

use common::*;
use criterion::{Criterion, criterion_group, criterion_main};

fn a_password(c: &mut Criterion) {
    let baseline = Baseline::new();
    let policy = crate_policy();
    let p = VALID_PASSWORD;
    assert!(
        crate_check(p)
            && crate_accepts(policy, p)
            && baseline.password_ok(p)
            && floor_password_ok(p)
    );

    let mut g = c.benchmark_group("a_password");
    g.bench_function("crate_check_password", |b| {
        b.iter(|| crate_check(black_box(p)))
    });
    let runtime = crate_runtime_policy();
    assert!(crate_runtime_check(runtime, p));
    g.bench_function("crate_runtime_policy", |b| {
        b.iter(|| crate_runtime_check(runtime, black_box(p)))
    });
    g.bench_function("crate_accepts", |b| {
        b.iter(|| crate_accepts(policy, black_box(p)))
    });
    g.bench_function("regex", |b| b.iter(|| baseline.password_ok(black_box(p))));
    g.bench_function("floor", |b| b.iter(|| floor_password_ok(black_box(p))));
    g.finish();
}

fn b_password_mix(c: &mut Criterion) {
    let baseline = Baseline::new();
    let policy = crate_policy();
    for (i, p) in MIX.iter().enumerate() {
        let expected = i < 5; // the first five are the valid ones
        assert_eq!(crate_check(p), expected, "crate_check_password on MIX[{i}]");
        assert_eq!(
            crate_accepts(policy, p),
            expected,
            "crate_accepts on MIX[{i}]"
        );
        assert_eq!(baseline.password_ok(p), expected, "regex on MIX[{i}]");
        assert_eq!(floor_password_ok(p), expected, "floor on MIX[{i}]");
    }

    let mut g = c.benchmark_group("b_password_mix");
    let count = |f: &dyn Fn(&str) -> bool| black_box(&MIX).iter().filter(|p| f(p)).count();
    g.bench_function("crate_check_password", |b| {
        b.iter(|| count(&|p| crate_check(p)))
    });
    let runtime = crate_runtime_policy();
    g.bench_function("crate_runtime_policy", |b| {
        b.iter(|| count(&|p| crate_runtime_check(runtime, p)))
    });
    g.bench_function("crate_accepts", |b| {
        b.iter(|| count(&|p| crate_accepts(policy, p)))
    });
    g.bench_function("regex", |b| b.iter(|| count(&|p| baseline.password_ok(p))));
    g.bench_function("floor", |b| b.iter(|| count(&floor_password_ok)));
    g.finish();
}

fn c_request(c: &mut Criterion) {
    let baseline = Baseline::new();
    let ids = instance_ids();
    let request = crate_request(&ids);
    let plain = Plain::new(&ids);
    assert!(crate_validate(&request));
    assert!(baseline.request_ok(&plain));
    assert!(floor_request_ok(&plain));

    let mut g = c.benchmark_group("c_request");
    g.bench_function("crate", |b| b.iter(|| crate_validate(black_box(&request))));
    g.bench_function("regex", |b| {
        b.iter(|| baseline.request_ok(black_box(&plain)))
    });
    g.bench_function("floor", |b| b.iter(|| floor_request_ok(black_box(&plain))));
    g.finish();
}

fn d_query(c: &mut Criterion) {
    let baseline = Baseline::new();
    let ids = instance_ids();
    let query = query(&ids);
    assert!(crate_parse_validate(&query));
    assert!(baseline.query_ok(&query));
    assert!(floor_query_ok(&query));

    let mut g = c.benchmark_group("d_query");
    g.bench_function("crate", |b| {
        b.iter(|| crate_parse_validate(black_box(&query)))
    });
    g.bench_function("regex", |b| b.iter(|| baseline.query_ok(black_box(&query))));
    g.bench_function("floor", |b| b.iter(|| floor_query_ok(black_box(&query))));
    g.finish();
}

fn config() -> Criterion {
    // Short runs: the machine is shared; callgrind gives the stable figures.
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
}

criterion_group! {
    name = benches;
    config = config();
    targets = a_password, b_password_mix, c_request, d_query
}
criterion_main!(benches);
