#!/usr/bin/env bash
# Throughput of `cvm-rules check --batch`: 100,000 mixed requests (query and
# JSON forms; valid, invalid passwords, malformed and repeated ids, unknown
# parameters; 1 to 100 instance ids), one per line, through the release binary,
# output included (written to /dev/null). Prints requests per second of wall
# time and per CPU second (the command runs on one core), best of three runs.
#
#   benches/batch.sh [N]      (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
cargo build --release --quiet --features cli --bin cvm-rules
bin="${CARGO_TARGET_DIR:-target}/release/cvm-rules"
input=$(mktemp)
trap 'rm -f "$input" "$input.time"' EXIT

# A fixed mix (the same input on every run).
python3 - "$n" >"$input" <<'PY'
import json, random, sys
n = int(sys.argv[1])
r = random.Random(20261127)
alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
passwords = ["abc123ABC!@#xyz9", "Passw0rd!Abc", "abc123", "/abc123ABC!@#x", "abc 123ABC!@#x",
             "Pässw0rd12ABC!", "Tr0ub4dor&3xYz", "correcthorse9X", "ABC123!@#$%^&*"]
def ident():
    return "ins-" + "".join(r.choice(alphabet) for _ in range(8))
for i in range(n):
    ids = [ident() for _ in range(r.choice([1, 1, 2, 5, 20, 100]))]
    if r.random() < 0.05:
        ids[0] = "ins-1122"
    if r.random() < 0.05 and len(ids) > 1:
        ids[-1] = ids[0]
    password = r.choice(passwords)
    if r.random() < 0.5:
        body = {"InstanceIds": ids, "Password": password}
        if r.random() < 0.3:
            body["UserName"] = "Administrator"
        print(json.dumps(body))
    else:
        from urllib.parse import quote
        q = "Action=ResetInstancesPassword&Version=2017-03-12"
        q += "".join(f"&InstanceIds.{k + 1}={v}" for k, v in enumerate(ids))
        q += "&Password=" + quote(password, safe="")
        if r.random() < 0.1:
            q += "&pasword=x"
        print(q)
PY

bytes=$(wc -c <"$input")
best_wall=
best_cpu=
for _ in 1 2 3; do
    # %e wall seconds, %U user, %S system
    /usr/bin/time -o "$input.time" -f '%e %U %S' "$bin" check --batch --profile api3 <"$input" >/dev/null 2>&1 || true
    times=$(tail -1 "$input.time")
    wall=$(echo "$times" | awk '{print $1}')
    cpu=$(echo "$times" | awk '{print $2 + $3}')
    if [[ -z $best_wall ]] || awk -v a="$wall" -v b="$best_wall" 'BEGIN{exit !(a < b)}'; then
        best_wall=$wall
        best_cpu=$cpu
    fi
done
awk -v n="$n" -v w="$best_wall" -v c="$best_cpu" -v b="$bytes" 'BEGIN {
    printf "%d requests (%.1f MB): %.2f s wall, %.2f s CPU\n", n, b / 1e6, w, c
    printf "%.0f requests per second, %.0f per CPU second\n", n / w, n / c
}'
