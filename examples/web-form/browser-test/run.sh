#!/usr/bin/env bash
# The web-form example's browser test, from any directory:
#
#   examples/web-form/browser-test/run.sh
#
# Installs what is missing (Debian's chromium, which needs root; playwright-core
# from package-lock.json), builds the page's engine from the npm package (npm
# pack, npm install, esbuild) and the example, starts it on a free port, runs
# test.mjs against it in headless Chromium, and always stops the server. Exits
# non-zero on any failure. Never downloads a browser of Playwright's own.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
example="$(dirname "$here")"
chromium="${CHROMIUM:-/usr/bin/chromium}"
export CHROMIUM="$chromium"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
note() { printf '[web-form %3ss] %s\n' "$SECONDS" "$*"; }

# 1. Chromium, from Debian.
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "error: $chromium is missing: install Debian's chromium package (as root: apt-get install chromium)" >&2
    exit 1
  fi
  note "installing chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
note "$("$chromium" --version 2>/dev/null | head -n 1)"

# 2. playwright-core, exactly as locked.
command -v node >/dev/null || { echo "error: Node.js 20 or later is needed" >&2; exit 1; }
installed_matches_lock() {
  (cd "$here" && node -e '
    const locked = require("./package-lock.json").packages["node_modules/playwright-core"].version;
    const installed = require("./node_modules/playwright-core/package.json").version;
    process.exit(locked === installed ? 0 : 1);' 2>/dev/null)
}
if ! installed_matches_lock; then
  note "npm ci (playwright-core)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

# 3. The page's engine: the npm package, packed and installed as a user would,
# bundled with esbuild (web/package.json pins it) into web/dist/.
package="$example/../../bindings/wasm/pkg"
if [ ! -f "$package/package.json" ]; then
  note "building the npm package (bindings/wasm/build.sh)"
  "$example/../../bindings/wasm/build.sh" >/dev/null
fi
note "npm pack, npm install and esbuild (the engine)"
packed="$(mktemp -d)"
(cd "$package" && npm pack --silent --pack-destination "$packed" >/dev/null)
(cd "$example/web" && npm ci --no-audit --no-fund --loglevel=error &&
  npm install --no-save --no-audit --no-fund --loglevel=error "$packed"/cvm-rules-*.tgz &&
  rm -rf dist && npm run --silent build >/dev/null)
rm -rf "$packed"

note "building the example"
export CARGO_TARGET_DIR="$example/target"
cargo build --quiet --manifest-path "$example/Cargo.toml"
server="$CARGO_TARGET_DIR/debug/cvm-rules-web-form"

# 4. The server, on a port the OS picks (--port 0): it prints its address when ready.
server_log="$(mktemp)"
"$server" --port 0 >"$server_log" 2>&1 &
server_pid=$!
stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  rm -f "$server_log"
}
trap stop_server EXIT
trap 'exit 130' INT TERM

url=""
for _ in $(seq 1 300); do
  url="$(sed -n 's|^.*listening on \(http://[^ ]*\).*$|\1|p' "$server_log")"
  [ -n "$url" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "error: the server exited before listening:" >&2
    cat "$server_log" >&2
    exit 1
  fi
  sleep 0.1
done
[ -n "$url" ] || { echo "error: the server did not listen within 30 s" >&2; exit 1; }
note "server at $url"

# 5. The test.
status=0
node "$here/test.mjs" "$url" || status=$?
note "done (exit $status)"
exit "$status"
