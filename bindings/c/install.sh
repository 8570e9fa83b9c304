#!/usr/bin/env bash
# Builds the C library (release) and installs it under PREFIX:
#
#   PREFIX/include/cvm_rules.h
#   PREFIX/lib/libcvm_rules.so, PREFIX/lib/libcvm_rules.a
#   PREFIX/lib/pkgconfig/cvm_rules.pc     (pkg-config --cflags --libs cvm_rules)
#
#   bindings/c/install.sh /usr/local
set -euo pipefail
cd "$(dirname "$0")"
prefix=${1:?usage: install.sh PREFIX}
prefix=$(mkdir -p "$prefix" && cd "$prefix" && pwd)
cargo build --release
target="${CARGO_TARGET_DIR:-target}/release"
version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
install -D -m 644 include/cvm_rules.h "$prefix/include/cvm_rules.h"
install -D -m 755 "$target/libcvm_rules.so" "$prefix/lib/libcvm_rules.so"
install -D -m 644 "$target/libcvm_rules.a" "$prefix/lib/libcvm_rules.a"
mkdir -p "$prefix/lib/pkgconfig"
sed -e "s|@PREFIX@|$prefix|" -e "s|@VERSION@|$version|" cvm_rules.pc.in >"$prefix/lib/pkgconfig/cvm_rules.pc"
echo "installed cvm_rules $version under $prefix"
