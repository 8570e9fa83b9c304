//! ns per check of the requests on standard input (one a line), through the
//! Rust `Validator` with the answer written as JSON text: what the C library
//! does for each `cvm_rules_check`, without the C boundary. The best of seven
//! rounds of about 0.3 s; `bench/run.sh` runs it beside `bench/bench.c`.

use std::io::Read;
use std::time::Instant;

use cvm::glue::{Options, Validator};

fn main() {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .expect("the requests");
    let lines: Vec<&[u8]> = text.lines().map(str::as_bytes).collect();
    let options = Options::from_json(r#"{"profile": "api3", "os": ["linux"]}"#).expect("options");
    let validator = Validator::new(&options).expect("a validator");
    let mut best = f64::INFINITY;
    let mut sink = 0;
    for round in -1..7 {
        let (start, mut calls) = (Instant::now(), 0usize);
        while start.elapsed().as_secs_f64() < 0.3 {
            for line in &lines {
                let json = validator.check(line, None, |out| serde_json::to_string(out));
                sink += json.expect("JSON").len();
            }
            calls += lines.len();
        }
        let ns = start.elapsed().as_nanos() as f64 / calls as f64;
        if round >= 0 {
            best = best.min(ns);
        }
    }
    println!("{:.0}", best + f64::from(u8::from(sink == 0)));
}
