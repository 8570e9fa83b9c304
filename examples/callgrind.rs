//! Runs the work of one benchmark group N times with one implementation, for
//! counting instructions under callgrind (`benches/callgrind.sh` runs it at two
//! values of N and divides the difference by ΔN, so setup cancels out).
//!
//! ```text
//! cargo run --release --example callgrind -- <a|b|c|d> <crate|crate_runtime|crate_accepts|regex|floor|anchor_floor> <N>
//! cargo run --release --example callgrind -- e <deny10|deny100k> <N>
//! cargo run --release --example callgrind -- f <crate|serde> <N>
//! ```

#[path = "../benches/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::process::ExitCode;

use common::*;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [group, implementation, n] = &args[..] else {
        eprintln!("usage: callgrind <a|b|c|d> <crate|crate_runtime|crate_accepts|regex|floor> <N>");
        return ExitCode::from(2);
    };
    let Ok(n) = n.parse::<u64>() else {
        eprintln!("N must be a number");
        return ExitCode::from(2);
    };

    let baseline = Baseline::new();
    let policy = crate_policy();
    let ids = instance_ids();
    let request = crate_request(&ids);
    let plain = Plain::new(&ids);
    let query = query(&ids);

    if group == "f" {
        // The JSON form read, beside serde_json into a borrowed struct.
        let json = json(&ids);
        let read: fn(&[u8]) -> bool = match implementation.as_str() {
            "crate" => crate_read_json,
            "serde" => serde_read,
            _ => {
                eprintln!("unknown implementation {implementation}");
                return ExitCode::from(2);
            }
        };
        assert!(read(&json));
        let mut valid = 0u64;
        for _ in 0..n {
            valid += u64::from(read(black_box(&json)));
        }
        println!("{valid}");
        return ExitCode::SUCCESS;
    }

    if group == "e" {
        // A valid password looked up in a deny-list of 10 or 100,000 entries.
        let entries = if implementation == "deny10" {
            10
        } else {
            100_000
        };
        let policy = crate_denylist_policy(entries);
        assert!(policy.accepts(VALID_PASSWORD, None) && !policy.accepts("leaked7!PW", None));
        let mut valid = 0u64;
        for _ in 0..n {
            valid += u64::from(policy.accepts(black_box(VALID_PASSWORD), None));
        }
        println!("{valid}");
        return ExitCode::SUCCESS;
    }

    let password: fn(&Baseline, &str) -> bool = match implementation.as_str() {
        "crate" => |_, p| crate_check(p),
        "crate_runtime" => |_, p| crate_runtime_check(crate_runtime_policy(), p),
        "crate_accepts" => |_, p| crate_accepts(crate_policy(), p),
        "regex" => |b, p| b.password_ok(p),
        "floor" => |_, p| floor_password_ok(p),
        "anchor_floor" => |_, p| anchor_floor_password_ok(p),
        _ => {
            eprintln!("unknown implementation {implementation}");
            return ExitCode::from(2);
        }
    };
    let _ = policy;

    // Every run first checks that the implementation decides as expected.
    let mut valid = 0u64;
    match group.as_str() {
        "a" => {
            assert!(password(&baseline, VALID_PASSWORD));
            for _ in 0..n {
                valid += u64::from(password(&baseline, black_box(VALID_PASSWORD)));
            }
        }
        "b" => {
            let expected: Vec<bool> = (0..MIX.len()).map(|i| i < 5).collect();
            let got: Vec<bool> = MIX.iter().map(|p| password(&baseline, p)).collect();
            assert_eq!(got, expected);
            for _ in 0..n {
                let mix = black_box(&MIX);
                valid += mix.iter().filter(|p| password(&baseline, p)).count() as u64;
            }
        }
        "c" => {
            let check: &dyn Fn() -> bool = match implementation.as_str() {
                "crate" | "crate_runtime" | "crate_accepts" => {
                    &|| crate_validate(black_box(&request))
                }
                "regex" => &|| baseline.request_ok(black_box(&plain)),
                "anchor_floor" => &|| anchor_floor_request_ok(black_box(&plain)),
                _ => &|| floor_request_ok(black_box(&plain)),
            };
            assert!(check());
            for _ in 0..n {
                valid += u64::from(check());
            }
        }
        "d" => {
            let check: &dyn Fn() -> bool = match implementation.as_str() {
                "crate" | "crate_runtime" | "crate_accepts" => {
                    &|| crate_parse_validate(black_box(&query))
                }
                "regex" => &|| baseline.query_ok(black_box(&query)),
                _ => &|| floor_query_ok(black_box(&query)),
            };
            assert!(check());
            for _ in 0..n {
                valid += u64::from(check());
            }
        }
        _ => {
            eprintln!("unknown group {group}");
            return ExitCode::from(2);
        }
    }
    println!("{valid}");
    ExitCode::SUCCESS
}
