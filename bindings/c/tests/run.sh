#!/usr/bin/env bash
# The C library's tests (CI runs this; so can you):
#
#   bindings/c/tests/run.sh [CVM_RULES_BIN]
#
# 1. the crate's own Rust tests, format and lint;
# 2. the committed header is what cbindgen writes now;
# 3. the library installed under a temporary prefix, and the example built
#    through pkg-config (gcc -Wall -Wextra -Werror) and run;
# 4. tests/test_api.c (every function, bad arguments, 100 MB input, deep JSON,
#    a sentinel password in every parameter, 16 threads sharing a validator):
#    as built, under valgrind (no leak, no error) and under AddressSanitizer;
#    tests/test_random.c with getrandom failing (tests/no_random.c preloaded);
# 5. parity: the C library prints the command line's JSON, byte for byte, on
#    every row of tests/vectors (tests/vectors.py), and under valgrind.
#
# CVM_RULES_BIN is the command line to compare with (default: built by cargo
# at the repository root). Needs gcc, valgrind, pkg-config and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(cd ../.. && pwd)
cli=${1:-}
if [[ -z $cli ]]; then
  (cd "$root" && cargo build --quiet --features cli --bin cvm-rules)
  cli="${CARGO_TARGET_DIR:-$root/target}/debug/cvm-rules"
fi
step() { printf -- '--- %s\n' "$*"; }

step "Rust: format, lint, unit tests"
cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo test --quiet

step "the header is fresh"
./build-header.sh --check

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
step "install under a prefix; the example through pkg-config"
./install.sh "$work/prefix" >/dev/null
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
cflags=(-std=c11 -Wall -Wextra -Werror -pedantic)
# shellcheck disable=SC2046 # pkg-config's words are flags
gcc "${cflags[@]}" examples/check.c $(pkg-config --cflags --libs cvm_rules) -o "$work/check-shared"
LD_LIBRARY_PATH="$work/prefix/lib" "$work/check-shared" >"$work/check.out"
grep -q '^check: {"valid":false,' "$work/check.out"
# shellcheck disable=SC2046
gcc "${cflags[@]}" examples/check.c $(pkg-config --cflags cvm_rules) "$work/prefix/lib/libcvm_rules.a" \
  $(pkg-config --static --libs-only-l cvm_rules | sed 's/-lcvm_rules//') -o "$work/check-static"
"$work/check-static" >/dev/null

static=("$work/prefix/lib/libcvm_rules.a" -lpthread -ldl -lm -lrt -lutil)
include=(-I include)
step "tests/test_api.c"
gcc "${cflags[@]}" -g "${include[@]}" tests/test_api.c "${static[@]}" -o "$work/test_api"
"$work/test_api"
valgrind=(valgrind -q --error-exitcode=1 --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all)
step "tests/test_api.c under valgrind"
"${valgrind[@]}" "$work/test_api"
step "tests/test_api.c under AddressSanitizer and UBSan"
gcc "${cflags[@]}" -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
  "${include[@]}" tests/test_api.c "${static[@]}" -o "$work/test_api_asan"
ASAN_OPTIONS=detect_leaks=1 "$work/test_api_asan"
valgrind "${valgrind[@]:1}" "$work/check-static" >/dev/null
step "the operating system's random source broken (getrandom preloaded to fail)"
gcc "${cflags[@]}" -shared -fPIC tests/no_random.c -o "$work/no_random.so"
gcc "${cflags[@]}" "${include[@]}" tests/test_random.c "${static[@]}" -o "$work/test_random"
LD_PRELOAD="$work/no_random.so" "$work/test_random"

step "parity with the command line on every vector (and under valgrind)"
gcc "${cflags[@]}" -g "${include[@]}" tests/batch.c "${static[@]}" -o "$work/batch"
python3 tests/vectors.py "$work/batch" "$cli"
python3 tests/vectors.py "$work/batch" "$cli" "${valgrind[@]}"
echo "C: all passed"
