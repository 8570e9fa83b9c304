#!/usr/bin/env bash
# Prints the digest of the sources the Go package's WebAssembly module is built
# from: the library, this crate and their lock files (every file git tracks
# there, by path and content). build-wasm.sh writes it to
# bindings/go/cvm_rules.wasm.source; CI compares the two, so a module older
# than its source fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
git ls-files -z -- src Cargo.toml Cargo.lock bindings/c/src bindings/c/Cargo.toml bindings/c/Cargo.lock |
  sort -z |
  xargs -0 sha256sum |
  sha256sum |
  awk '{ print "sha256:" $1 }'
