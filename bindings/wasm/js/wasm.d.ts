// `import url from 'cvm-rules/cvm_rules_bg.wasm'`: a bundler's file loader gives
// the module's URL, to hand to `init(url)`.
declare const url: string;
export default url;
