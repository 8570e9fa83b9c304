#!/usr/bin/env bash
# Criterion medians of the last `cargo bench --bench validate` run, and the ratios
# the targets are stated in (BENCHMARKS.md): regex / crate and crate / floor.
#
#   CARGO_TARGET_DIR=/work/targets/bench cargo bench --bench validate
#   CARGO_TARGET_DIR=/work/targets/bench benches/summary.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${CARGO_TARGET_DIR:-target}/criterion"
python3 - "$dir" <<'EOF'
import json, os, sys

root = sys.argv[1]
groups = ["a_password", "b_password_mix", "c_request", "d_query"]
print(f"{'group':16} {'implementation':22} {'median':>12} {'regex/impl':>11} {'impl/floor':>11}")
for group in groups:
    medians = {}
    gdir = os.path.join(root, group)
    if not os.path.isdir(gdir):
        continue
    for name in sorted(os.listdir(gdir)):
        est = os.path.join(gdir, name, "new", "estimates.json")
        if os.path.exists(est):
            with open(est) as f:
                medians[name] = json.load(f)["median"]["point_estimate"]  # ns
    order = [n for n in ["crate", "crate_check_password", "crate_accepts", "regex", "floor"] if n in medians]
    for name in order:
        ns = medians[name]
        shown = f"{ns / 1000:.3f} µs" if ns >= 1000 else f"{ns:.2f} ns"
        vs_regex = medians["regex"] / ns
        vs_floor = ns / medians["floor"]
        print(f"{group:16} {name:22} {shown:>12} {vs_regex:10.2f}x {vs_floor:10.2f}x")
EOF
