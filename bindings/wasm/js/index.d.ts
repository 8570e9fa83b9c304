// Types of the `cvm-rules` npm package: the JSON objects of the command line's
// `--format json`, and the options of SPEC section 18.

/** `legacy-2017` (the default: the legacy API) or `api3` (Tencent Cloud API 3.0). */
export type ProfileId = 'legacy-2017' | 'api3';
/** A built-in rule set: the password rules of an API surface. */
export type RuleSetId = 'legacy-2017' | 'api3' | 'login-settings';
/** An OS family; `ubuntu` has the Linux rules and the `ubuntu` default account. */
export type OsFamily = 'linux' | 'ubuntu' | 'windows';
/** The language of every message. */
export type Lang = 'en' | 'zh-CN';
export type Severity = 'error' | 'warning';

/** A policy file's content (deny-lists inline: `denylist_file` is refused). */
export interface PolicyFile {
  extends: RuleSetId;
  all?: PolicyBlock;
  linux?: PolicyBlock;
  ubuntu?: PolicyBlock;
  windows?: PolicyBlock;
}

export interface PolicyBlock {
  length?: { min?: number; max?: number };
  classes?: { required: number; of?: Array<'lower' | 'upper' | 'letter' | 'digit' | 'special'> };
  specials?: string;
  denylist?: string[];
  max_repeat?: number;
  max_sequence?: number;
  max_class_repeat?: number;
  forbid_user_name?: boolean;
}

/** What a `Validator` reads and compiles once. All optional. */
export interface ValidatorOptions {
  /** `legacy-2017` (default) or `api3`: the codes, limits and password rules. */
  profile?: ProfileId;
  /** A built-in rule set replacing the profile's password rules. */
  rules?: RuleSetId;
  /** The OS families of the batch; left out, the strictest policy applies. */
  os?: OsFamily[];
  /** `DescribeInstances` JSON, as text or as a parsed object. */
  facts?: string | object;
  /** `en` (default) or `zh-CN`. */
  lang?: Lang;
  /** A policy file's content, as an object or as text. */
  policy?: PolicyFile | string;
}

/** The options of the module-level functions: a Validator's, and those of one call. */
export interface Options extends ValidatorOptions {
  /** `explain`: the password whose requirements are marked. */
  password?: string;
  /** `explain`, `generate`: the account the user-name rule looks for. */
  userName?: string;
  /** `explain`: the length of the entropy shown; `generate`: of each password (within the policy's bounds). */
  length?: number;
  /** `generate`: how many passwords (1 to 10000; default 1). */
  count?: number;
}

export interface Diagnostic {
  severity: Severity;
  /** The Tencent error code the server would answer; `null` for a warning. */
  code: string | null;
  /** The parameter, in the profile's wire style: `Password`, `InstanceIds.1`, … */
  field: string;
  /** The stable rule id: `password.length`, `instance_id.format`, … */
  rule: string;
  params: Record<string, unknown>;
  message: string;
}

export interface PolicyJson {
  os_known: boolean;
  families: OsFamily[];
  rules: Array<{ rule: string } & Record<string, unknown>>;
}

export interface Account {
  field: string;
  instance_id: string;
  os: OsFamily;
  user_name: string;
}

/** `check`: one request. The `policy` of a Validator's answers is shared and frozen. */
export interface CheckResult {
  valid: boolean;
  profile: string;
  policy: PolicyJson;
  diagnostics: Diagnostic[];
  accounts: Account[];
}

/** `checkPassword`: a password alone; diagnostics on `Password` only. */
export interface PasswordResult {
  valid: boolean;
  profile: string;
  policy: PolicyJson;
  diagnostics: Diagnostic[];
}

export interface Requirement {
  rule: string;
  /** `"warning"`: advice a valid password need not meet (not counted in `all_met`). */
  severity: Severity;
  params: Record<string, unknown>;
  message: string;
  /** `null` when no password was given. */
  met: boolean | null;
}

export interface ExplainResult {
  profile: string;
  rules: string;
  policy: PolicyJson;
  requirements: Requirement[];
  /** Every requirement but advice met; `null` when no password was given. */
  all_met: boolean | null;
  entropy: { length: number; bits: number | null };
}

export interface GenerateResult {
  passwords: string[];
  length: number;
  entropy_bits: number | null;
  policy: PolicyJson;
}

/** A bad value (an unknown profile, a policy that accepts nothing, …): the library's message. A value of the wrong type is a `TypeError`. No error holds a value passed to it. */
export class CvmRulesError extends Error {
  name: 'CvmRulesError';
}

/** Options read and compiled once (a deny-list is hashed once, not per call). */
declare global {
  // `Symbol.dispose` (TypeScript's lib esnext.disposable and @types/node declare it the same way).
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}

export class Validator {
  constructor(options?: ValidatorOptions);
  /** Validates one request (query form, full URL, or JSON; text, or its bytes); `facts` replaces the Validator's. */
  check(input: string | Uint8Array | ArrayBuffer, options?: { facts?: string | object }): CheckResult;
  /** Checks a password alone. */
  checkPassword(password: string, options?: { userName?: string }): PasswordResult;
  /** The requirements checklist, each marked when `password` is given. */
  explain(options?: { password?: string; userName?: string; length?: number }): ExplainResult;
  /** Passwords that pass the policy, drawn with `crypto.getRandomValues`. */
  generate(options?: { count?: number; length?: number; userName?: string }): GenerateResult;
  /**
   * Frees the validator's memory in the module now, not when the collector
   * runs. A method called after it throws a `CvmRulesError`; a second call
   * does nothing.
   */
  free(): void;
  /** `free()`, so that `using validator = new Validator(…)` frees it at the end of the block. */
  [Symbol.dispose](): void;
}

/** Validates one request: the object `cvm-rules check --format json` prints. */
export function check(input: string | Uint8Array | ArrayBuffer, options?: Options): CheckResult;
/** The requirements checklist: the object `cvm-rules explain --format json` prints. */
export function explain(options?: Options): ExplainResult;
/** Passwords that pass the policy: the object `cvm-rules generate --format json` prints. */
export function generate(options?: Options): GenerateResult;
/** The language for an HTTP `Accept-Language` value. */
export function negotiateLanguage(acceptLanguage: string): Lang;

/**
 * Loads the WebAssembly module. Browsers and bundlers: call and await it once
 * before anything else (by default it fetches `cvm_rules_bg.wasm` next to the
 * package's module; give a URL, a `Response`, the bytes or a compiled module
 * instead). Node: not needed (it resolves at once).
 */
export function init(source?: string | URL | Response | BufferSource | WebAssembly.Module): Promise<void>;
export default init;
