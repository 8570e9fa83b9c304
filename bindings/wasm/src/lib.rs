//! cvm-rules for JavaScript, through WebAssembly (spec section 18).
//!
//! `check(input, options)`, `explain(options)` and `generate(options)` return the
//! objects the command line prints with `--format json`, as JavaScript values. The
//! library reads the options (`cvm_rules::Options`), validates, and builds every
//! object and message; this crate only converts values at the boundary (with
//! `serde-wasm-bindgen`) and supplies randomness (`crypto.getRandomValues`). A bad
//! option throws an `Error` whose message is the library's.

#![forbid(unsafe_code)]

use cvm_rules::Options;
use rand_core::{CryptoRng, RngCore};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** The options of every function; all optional (spec section 18). */
export interface Options {
  /** `legacy-2017` (default) or `api3`. */
  profile?: string;
  /** A built-in rule set replacing the profile's password rules: `legacy-2017`, `api3`, `login-settings`. */
  rules?: string;
  /** The OS families of the batch: `linux`, `ubuntu`, `windows`. */
  os?: string[];
  /** `DescribeInstances` JSON, as text or as a parsed object. */
  facts?: string | object;
  /** `en` (default) or `zh-CN`. */
  lang?: string;
  /** A policy file's content (deny-lists inline; `denylist_file` is refused). */
  policy?: object | string;
  /** `explain`: the password whose requirements are marked. */
  password?: string;
  /** `explain`, `generate`: the account the user-name rule looks for. */
  userName?: string;
  /** `explain`: the length of the entropy shown; `generate`: of each password. */
  length?: number;
  /** `generate`: how many passwords (1 to 10000). */
  count?: number;
}

export interface Diagnostic {
  severity: "error" | "warning";
  code: string | null;
  field: string;
  rule: string;
  params: Record<string, unknown>;
  message: string;
}

export interface PolicyJson {
  os_known: boolean;
  families: string[];
  rules: Array<{ rule: string } & Record<string, unknown>>;
}

export interface CheckResult {
  valid: boolean;
  profile: string;
  policy: PolicyJson;
  diagnostics: Diagnostic[];
  accounts: Array<{ field: string; instance_id: string; os: string; user_name: string }>;
}

export interface Requirement {
  rule: string;
  params: Record<string, unknown>;
  message: string;
  met: boolean | null;
}

export interface ExplainResult {
  profile: string;
  rules: string;
  policy: PolicyJson;
  requirements: Requirement[];
  all_met: boolean | null;
  entropy: { length: number; bits: number | null };
}

export interface GenerateResult {
  passwords: string[];
  length: number;
  entropy_bits: number | null;
  policy: PolicyJson;
}
"#;

/// The options, read from a JavaScript object (`undefined` and `null` are none).
/// Through a JSON value, so that an unknown key is refused as the library says
/// (`serde-wasm-bindgen` reads only the keys it is asked for).
fn options(value: JsValue) -> Result<Options, JsError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Options::default());
    }
    let error = |e: &dyn std::fmt::Display| JsError::new(&format!("options: {e}"));
    let json: serde_json::Value = serde_wasm_bindgen::from_value(value).map_err(|e| error(&e))?;
    serde_json::from_value(json).map_err(|e| error(&e))
}

/// A value as JavaScript sees JSON: objects (not `Map`s), numbers.
fn to_js(value: &impl Serialize) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&e.to_string()))
}

/// Validates one `ResetInstancesPassword` request (the query form, a full URL,
/// or JSON when it starts with `{`): the object `cvm-rules check --format json`
/// prints.
#[wasm_bindgen(unchecked_return_type = "CheckResult")]
pub fn check(
    input: &str,
    #[wasm_bindgen(unchecked_param_type = "Options | undefined")] options: JsValue,
) -> Result<JsValue, JsError> {
    self::options(options)?
        .check(input.as_bytes(), |out| to_js(out))
        .map_err(|e| JsError::new(&e.to_string()))?
}

/// The requirements checklist of the resolved policy (each marked when
/// `options.password` is given): the object `cvm-rules explain --format json`
/// prints.
#[wasm_bindgen(unchecked_return_type = "ExplainResult")]
pub fn explain(
    #[wasm_bindgen(unchecked_param_type = "Options | undefined")] options: JsValue,
) -> Result<JsValue, JsError> {
    self::options(options)?
        .explain(|out| to_js(out))
        .map_err(|e| JsError::new(&e.to_string()))?
}

/// Passwords that pass the resolved policy, drawn uniformly with
/// `crypto.getRandomValues`: the object `cvm-rules generate --format json` prints.
#[wasm_bindgen(unchecked_return_type = "GenerateResult")]
pub fn generate(
    #[wasm_bindgen(unchecked_param_type = "Options | undefined")] options: JsValue,
) -> Result<JsValue, JsError> {
    self::options(options)?
        .generate(&mut WebCrypto, |out| to_js(out))
        .map_err(|e| JsError::new(&e.to_string()))?
}

#[wasm_bindgen]
extern "C" {
    /// `crypto.getRandomValues` (the Web Crypto API, in browsers and in Node).
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues)]
    fn get_random_values(buf: &mut [u8]);
}

/// The platform's cryptographic random source.
struct WebCrypto;

impl RngCore for WebCrypto {
    fn next_u32(&mut self) -> u32 {
        let mut bytes = [0; 4];
        self.fill_bytes(&mut bytes);
        u32::from_le_bytes(bytes)
    }

    fn next_u64(&mut self) -> u64 {
        let mut bytes = [0; 8];
        self.fill_bytes(&mut bytes);
        u64::from_le_bytes(bytes)
    }

    fn fill_bytes(&mut self, dst: &mut [u8]) {
        // getRandomValues takes at most 65536 bytes at a time.
        for chunk in dst.chunks_mut(65_536) {
            get_random_values(chunk);
        }
    }
}

impl CryptoRng for WebCrypto {}
