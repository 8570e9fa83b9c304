#!/usr/bin/env bash
# Builds the WebAssembly module the Go package embeds, bindings/go/cvm_rules.wasm,
# from this crate (built for wasm32-unknown-unknown), and writes beside it
# cvm_rules.wasm.source: the digest of the sources it was built from
# (source-digest.sh), by which CI tells a module older than its source.
#
#   bindings/c/build-wasm.sh            writes bindings/go/cvm_rules.wasm
#   bindings/c/build-wasm.sh OUT.wasm   writes OUT.wasm (CI's fresh build), no digest
#
# Installs what it needs when missing: the wasm32-unknown-unknown target, and
# wasm-opt from npm's `binaryen` package (Debian's is too old) under
# target/tools/. Prints the module's size, raw and gzipped.
set -euo pipefail
cd "$(dirname "$0")"
out=${1:-../go/cvm_rules.wasm}
binaryen_version=132.0.0

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
# The paths of this checkout are not built into the module (panic locations
# name files relative to the crate roots), so that builds from two checkouts
# agree more often; CI compares behaviour, not bytes.
RUSTFLAGS="--remap-path-prefix=$PWD/../..=cvm-rules --remap-path-prefix=$HOME/.cargo=cargo" \
  cargo build --release --target wasm32-unknown-unknown
built="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/cvm_rules.wasm"

tools="${CARGO_TARGET_DIR:-target}/tools"
wasm_opt="$tools/node_modules/.bin/wasm-opt"
if ! "$wasm_opt" --version 2>/dev/null | grep -q "version ${binaryen_version%%.*}"; then
  echo "installing binaryen $binaryen_version (wasm-opt) from npm under $tools" >&2
  npm install --prefix "$tools" --no-save --no-audit --no-fund --loglevel=error "binaryen@$binaryen_version"
fi
# -O3: the module is built for speed (opt-level 3); wasm-opt shrinks it without
# slowing it down.
"$wasm_opt" -O3 --strip-debug --strip-producers "$built" -o "$out"

if [[ $# -eq 0 ]]; then
  ./source-digest.sh >"${out%.wasm}.wasm.source"
fi
printf '%s: %d bytes, %d gzipped\n' "$out" "$(wc -c <"$out")" "$(gzip -9 <"$out" | wc -c)"
