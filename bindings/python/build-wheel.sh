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
# maturin takes the library's files as its crate package lists them: its tests,
# benchmarks, example, changelog and proptest regressions too, which no build
# needs. They are left out, with the targets that name them in its Cargo.toml
# (cargo refuses a manifest whose targets are missing); installing the sdist
# in a fresh environment (.ci/run) shows the rest builds.
sdist=$(ls -t "$out"/cvm_rules-*.tar.gz | head -n 1)
python3 - "$sdist" <<'PY'
import io, re, sys, tarfile
path = sys.argv[1]
with tarfile.open(path, "r:gz") as tar:
    members = [(m, tar.extractfile(m).read() if m.isfile() else None) for m in tar.getmembers()]
root = members[0][0].name.split("/")[0]
unneeded = re.compile(rf"^{re.escape(root)}/(tests|benches|examples)(/|$)|^{re.escape(root)}/CHANGELOG\.md$")
kept = []
for member, data in members:
    if unneeded.match(member.name):
        continue
    if member.name == f"{root}/Cargo.toml":
        text = re.sub(r"(?m)^\[\[(test|bench|example)\]\]\n(?:(?!\[).*\n|\n)*", "", data.decode())
        text = re.sub(r'(?m)^    "/(tests|benches)/",\n|^    "/examples/callgrind.rs",\n|^    "/CHANGELOG.md",\n', "", text)
        data = text.encode()
        member.size = len(data)
    kept.append((member, data))
with tarfile.open(path, "w:gz") as tar:
    for member, data in kept:
        tar.addfile(member, io.BytesIO(data) if data is not None else None)
PY

wheel=$(ls -t "$out"/cvm_rules-*-cp39-abi3-manylinux2014_*.manylinux_2_17_*.whl | head -n 1)
size=$(wc -c < "$sdist")
echo "wheel: $(basename "$wheel") ($(wc -c < "$wheel") bytes)"
echo "sdist: $(basename "$sdist") ($size bytes, $(tar tzf "$sdist" | wc -l) files)"
if ((size >= 1000000)); then
  echo "error: the sdist is $size bytes, not under 1 MB" >&2
  exit 1
fi
if tar tzf "$sdist" | grep -E 'mutants\.out|fuzz/|corpus|/target/|node_modules|\.git/|proptest-regressions|^[^/]+/(tests|benches|examples)/'; then
  echo "error: the sdist holds what the build does not need (above)" >&2
  exit 1
fi
