#!/usr/bin/env bash
# Instructions per call of each benchmark group and implementation, counted by
# callgrind: the example `callgrind` runs a group's work N times; it is run at two
# values of N and (Ir(N2) - Ir(N1)) / (N2 - N1) is the cost of one call, with the
# setup (regex compilation, input building, process start) cancelled out.
#
#   benches/callgrind.sh            # every group
#   benches/callgrind.sh a c        # only groups (a) and (c)
#
# Environment: N1, N2 (default 1000, 3000); CARGO_TARGET_DIR as usual.
set -euo pipefail
cd "$(dirname "$0")/.."

N1=${N1:-1000}
N2=${N2:-3000}
groups=("$@")
[ ${#groups[@]} -eq 0 ] && groups=(a b c d e f)

cargo build --release --quiet --example callgrind
bin="${CARGO_TARGET_DIR:-target}/release/examples/callgrind"
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# Total instructions (Ir) of one run.
instructions() {
    valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" "$@" >/dev/null 2>&1
    awk '/^(summary|totals):/ { print $2; exit }' "$out"
}

# The ratios the targets are stated in: regex / impl (≥ 10 for the crate) and
# impl / floor (≤ 1.3 for the crate). `anchor_floor` is the stricter floor of
# ../shared/perf-anchor (one table lookup per byte, nothing else), shown beside. `crate_runtime` is the same policy built
# at run time from its rules (within 5 % of `crate`).
printf '%-6s %-14s %12s %11s %11s\n' group impl 'Ir/call' 'regex/impl' 'impl/floor'
for g in "${groups[@]}"; do
    case $g in
        a | b) impls=(crate crate_runtime crate_accepts regex floor anchor_floor) ;;
        c) impls=(crate regex floor anchor_floor) ;;
        f)
            # The JSON form read, beside serde_json into a borrowed struct (≤ 1.2×).
            declare -A read=()
            for i in crate serde; do
                lo=$(instructions f "$i" "$N1")
                hi=$(instructions f "$i" "$N2")
                read[$i]=$(awk -v lo="$lo" -v hi="$hi" -v d=$((N2 - N1)) 'BEGIN { printf "%.1f", (hi - lo) / d }')
            done
            for i in crate serde; do
                awk -v i="$i" -v x="${read[$i]}" -v s="${read[serde]}" \
                    'BEGIN { printf "%-6s %-14s %12.1f %22s %6.2fx of serde\n", "f", i, x, "", x / s }'
            done
            unset read
            continue
            ;;
        e)
            # A deny-list look-up costs the same whatever the list's size.
            for i in deny10 deny100k; do
                lo=$(instructions e "$i" "$N1")
                hi=$(instructions e "$i" "$N2")
                awk -v i="$i" -v lo="$lo" -v hi="$hi" -v d=$((N2 - N1)) \
                    'BEGIN { printf "%-6s %-14s %12.1f\n", "e", i, (hi - lo) / d }'
            done
            continue
            ;;
        *) impls=(crate regex floor) ;;
    esac
    declare -A per_call=()
    for i in "${impls[@]}"; do
        lo=$(instructions "$g" "$i" "$N1")
        hi=$(instructions "$g" "$i" "$N2")
        per_call[$i]=$(awk -v lo="$lo" -v hi="$hi" -v d=$((N2 - N1)) 'BEGIN { printf "%.1f", (hi - lo) / d }')
    done
    for i in "${impls[@]}"; do
        awk -v g="$g" -v i="$i" -v x="${per_call[$i]}" -v r="${per_call[regex]}" -v f="${per_call[floor]}" \
            'BEGIN { printf "%-6s %-14s %12.1f %10.2fx %10.2fx\n", g, i, x, r / x, x / f }'
    done
    unset per_call
done
