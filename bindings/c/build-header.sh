#!/usr/bin/env bash
# Writes include/cvm_rules.h from src/ffi.rs with cbindgen (installed at the
# version below when missing). With --check, fails when the committed header
# differs from what cbindgen writes now.
set -euo pipefail
cd "$(dirname "$0")"
version=0.29.4
if ! cbindgen --version 2>/dev/null | grep -qx "cbindgen $version"; then
  echo "installing cbindgen $version" >&2
  cargo install --locked cbindgen --version "=$version"
fi
if [[ ${1:-} == --check ]]; then
  fresh=$(mktemp)
  trap 'rm -f "$fresh"' EXIT
  cbindgen --quiet --config cbindgen.toml --output "$fresh" .
  if ! diff -u include/cvm_rules.h "$fresh"; then
    echo "include/cvm_rules.h is stale: run bindings/c/build-header.sh and commit it" >&2
    exit 1
  fi
else
  cbindgen --quiet --config cbindgen.toml --output include/cvm_rules.h .
fi
