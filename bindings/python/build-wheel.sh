#!/usr/bin/env bash
# Builds what PyPI takes, into OUTDIR:
#
#   bindings/python/build-wheel.sh OUTDIR
#
#   cvm_rules-<version>-cp39-abi3-manylinux_2_17_<arch>.manylinux2014_<arch>.whl
#       one stripped wheel for CPython 3.9 and later (the stable ABI), linked
#       against glibc 2.17 with zig, so it installs on Debian 11, Ubuntu 20.04,
#       Amazon Linux 2 and later
#   cvm_rules-<version>.tar.gz
#       the sdist: this binding and the library's packaged sources, nothing more
#
# Installs its tools when missing, in a virtual environment under target/:
# maturin and ziglang (zig, from PyPI), at the versions below. Then checks what
# it built: the wheel's tag and the sdist's size (under 1 MB) and contents.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[[ $# -eq 1 ]] || { echo "usage: build-wheel.sh OUTDIR" >&2; exit 2; }
mkdir -p "$1"
out="$(cd "$1" && pwd)"

MATURIN=1.16.0
ZIGLANG=0.15.2
tools="$here/target/build-tools"
if ! "$tools/bin/maturin" --version 2>/dev/null | grep -q " $MATURIN$" ||
  ! "$tools/bin/python" -c "import ziglang" 2>/dev/null; then
  python3 -m venv "$tools"
  "$tools/bin/pip" install --quiet --upgrade pip
  "$tools/bin/pip" install --quiet "maturin==$MATURIN" "ziglang==$ZIGLANG"
fi
export PATH="$tools/bin:$PATH"

cd "$here"
# --zig links with zig's glibc 2.17 stubs; --strip removes the symbols.
maturin build --release --strip --zig --compatibility manylinux2014 --interpreter python3 --out "$out"
maturin sdist --out "$out"

wheel=$(ls -t "$out"/cvm_rules-*-cp39-abi3-manylinux2014_*.manylinux_2_17_*.whl | head -n 1)
sdist=$(ls -t "$out"/cvm_rules-*.tar.gz | head -n 1)
size=$(wc -c < "$sdist")
echo "wheel: $(basename "$wheel") ($(wc -c < "$wheel") bytes)"
echo "sdist: $(basename "$sdist") ($size bytes, $(tar tzf "$sdist" | wc -l) files)"
if ((size >= 1000000)); then
  echo "error: the sdist is $size bytes, not under 1 MB" >&2
  exit 1
fi
if tar tzf "$sdist" | grep -E 'mutants\.out|fuzz/|corpus|/target/|node_modules|\.git/'; then
  echo "error: the sdist holds what the build does not need (above)" >&2
  exit 1
fi
