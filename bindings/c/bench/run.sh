#!/usr/bin/env bash
# A check from C beside the same check through the Rust Validator, in one run
# (BENCHMARKS.md): the 1,000 api3 queries of bench/inputs.py, ns per call of
# each (the best of seven rounds), three times alternately; prints the ratio
# of the bests and its target (at most 1.5).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release --example rust_check
target="${CARGO_TARGET_DIR:-target}/release"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -std=c11 -O2 -Wall -Wextra -Werror -I include bench/bench.c "$target/libcvm_rules.a" \
  -lpthread -ldl -lm -lrt -lutil -o "$work/bench"
python3 bench/inputs.py >"$work/inputs"
c=1e18 rust=1e18
for _ in 1 2 3; do
  c=$(python3 -c "print(min($c, $("$work/bench" <"$work/inputs")))")
  rust=$(python3 -c "print(min($rust, $("$target/examples/rust_check" <"$work/inputs")))")
done
python3 - "$c" "$rust" <<'PY'
import sys
c, rust = map(float, sys.argv[1:])
ratio = c / rust
print(f"cvm_rules_check from C            {c:8.0f} ns/call")
print(f"the Rust Validator, as JSON text  {rust:8.0f} ns/call")
print(f"C / Rust                          {ratio:8.2f}x (target <= 1.5x)")
sys.exit(0 if ratio <= 1.5 else 1)
PY
