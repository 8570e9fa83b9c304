// The page's engine: the npm package `cvm-rules`, bundled by esbuild into
// web/dist/ (browser-test/run.sh builds it from the package `npm pack` makes).
// app.js imports it; without it (or without WebAssembly) the page asks the
// server instead.
import init, { check, explain, generate } from 'cvm-rules';
import wasmUrl from 'cvm-rules/cvm_rules_bg.wasm';

/** Loads the module (the URL esbuild gives the .wasm file) and answers the API. */
export async function load() {
  await init(wasmUrl);
  return { check, explain, generate };
}
