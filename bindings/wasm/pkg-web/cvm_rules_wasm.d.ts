/* tslint:disable */
/* eslint-disable */

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



/**
 * Validates one `ResetInstancesPassword` request (the query form, a full URL,
 * or JSON when it starts with `{`): the object `cvm-rules check --format json`
 * prints.
 */
export function check(input: string, options: Options | undefined): CheckResult;

/**
 * The requirements checklist of the resolved policy (each marked when
 * `options.password` is given): the object `cvm-rules explain --format json`
 * prints.
 */
export function explain(options: Options | undefined): ExplainResult;

/**
 * Passwords that pass the resolved policy, drawn uniformly with
 * `crypto.getRandomValues`: the object `cvm-rules generate --format json` prints.
 */
export function generate(options: Options | undefined): GenerateResult;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
    readonly check: (a: number, b: number, c: any) => [number, number, number];
    readonly explain: (a: any) => [number, number, number];
    readonly generate: (a: any) => [number, number, number];
    readonly __wbindgen_malloc: (a: number, b: number) => number;
    readonly __wbindgen_realloc: (a: number, b: number, c: number, d: number) => number;
    readonly __wbindgen_free: (a: number, b: number, c: number) => void;
    readonly __wbindgen_exn_store: (a: number) => void;
    readonly __externref_table_alloc: () => number;
    readonly __wbindgen_externrefs: WebAssembly.Table;
    readonly __externref_table_dealloc: (a: number) => void;
    readonly __wbindgen_start: () => void;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
