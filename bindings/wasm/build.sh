#!/usr/bin/env bash
# Builds the JavaScript package of cvm-rules from this crate:
#   pkg/      Node (CommonJS)      npm install ./bindings/wasm/pkg
#   pkg-web/  browsers (ES module) import init, { check } from './pkg-web/cvm_rules_wasm.js'
# with TypeScript declarations. Installs what it needs when missing: the
# wasm32-unknown-unknown target, and the wasm-bindgen CLI at the version of the
# wasm-bindgen crate in Cargo.lock. Optimises with wasm-opt (binaryen 116 or
# later) when it is there. Prints the size of the module, raw and gzipped.
set -euo pipefail
cd "$(dirname "$0")"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $version"; then
  echo "installing wasm-bindgen-cli $version" >&2
  # --locked when its lock file resolves here; else the newest compatible dependencies.
  cargo install --locked wasm-bindgen-cli --version "$version" ||
    cargo install wasm-bindgen-cli --version "$version"
fi

cargo build --release --target wasm32-unknown-unknown
wasm="${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/cvm_rules_wasm.wasm"

rm -rf pkg pkg-web
# Cargo keeps the target_features section (strip = "debuginfo") for wasm-bindgen,
# which removes the names.
bindgen=(wasm-bindgen --remove-name-section --remove-producers-section)
"${bindgen[@]}" --target nodejs --out-dir pkg "$wasm"
"${bindgen[@]}" --target web --out-dir pkg-web "$wasm"

# wasm-opt before binaryen 116 turns the externref table of wasm-bindgen into a
# funcref one, which breaks the module: only a recent one is used.
binaryen=$(wasm-opt --version 2>/dev/null | awk '{ print $3 }' || true)
if [[ ${binaryen:-0} =~ ^[0-9]+$ ]] && ((binaryen >= 116)); then
  for module in pkg/cvm_rules_wasm_bg.wasm pkg-web/cvm_rules_wasm_bg.wasm; do
    wasm-opt -Oz --strip-debug --strip-producers "$module" -o "$module.opt"
    mv "$module.opt" "$module"
  done
else
  echo "wasm-opt ${binaryen:-not found} (binaryen 116 or later wanted): the module is not optimised further" >&2
fi

crate_version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
write_package() { # DIR TYPE
  cat > "$1/package.json" <<JSON
{
  "name": "cvm-rules",
  "version": "$crate_version",
  "description": "Pre-flight validation of Tencent Cloud CVM ResetInstancesPassword requests (WebAssembly)",
  "license": "MIT OR Apache-2.0",
  "type": "$2",
  "main": "cvm_rules_wasm.js",
  "types": "cvm_rules_wasm.d.ts",
  "files": ["cvm_rules_wasm.js", "cvm_rules_wasm.d.ts", "cvm_rules_wasm_bg.wasm", "cvm_rules_wasm_bg.wasm.d.ts"]
}
JSON
}
write_package pkg commonjs
write_package pkg-web module

raw=$(wc -c < pkg-web/cvm_rules_wasm_bg.wasm)
gz=$(gzip -9 -c pkg-web/cvm_rules_wasm_bg.wasm | wc -c)
echo "cvm_rules_wasm_bg.wasm: $raw bytes, $gz bytes gzipped"
