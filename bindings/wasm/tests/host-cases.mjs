// The host misbehaving (SPEC section 18, "The host can misbehave too"), one
// case per name; run by host.test.mjs, each case in a process of its own
// (`node tests/host-cases.mjs NAME`), so that a crash, a hang or a broken module
// cannot go unseen or spill into the next case.
//
// A case throws when the package answers wrongly. Then 1,000 good calls must
// give the answers computed before the case, and the module's memory and
// tables must not have grown past what the case itself needed. The case prints
// one line of JSON: {"error": null | "what went wrong", "good": n}.
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';

// The module's instance, seen from outside the package: its memory and tables
// tell whether a call left anything behind.
const instances = [];
const Instance = WebAssembly.Instance;
WebAssembly.Instance = function instance(module, imports) {
  const made = new Instance(module, imports);
  instances.push(made);
  return made;
};
const require = createRequire(import.meta.url);
const cvm = require('../pkg');
WebAssembly.Instance = Instance;

const SEED = 'Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&InstanceIds.2=ins-5d8a23rs&Password=abc123ABC!@%23&ForceStop=TRUE';
const SEED_BYTES = () => new TextEncoder().encode(SEED);
const V = () => new cvm.Validator({ profile: 'api3', os: ['linux'] });

function fail(message) {
  throw new Error(message);
}
function same(actual, expected, what) {
  if (!isDeepStrictEqual(actual, expected)) fail(`${what}: the answer differs from the real bytes' answer`);
}
function throwsTyped(call, kind, what, pattern) {
  try {
    call();
  } catch (error) {
    const ok = kind === 'CvmRulesError' ? error instanceof cvm.CvmRulesError : error instanceof TypeError;
    if (!ok) fail(`${what}: ${error?.name} instead of ${kind}: ${error?.message}`);
    if (pattern && !pattern.test(error.message)) fail(`${what}: the message is "${error.message}"`);
    return error;
  }
  return fail(`${what}: no error`);
}

/** The module's memory and tables, in bytes and entries. */
function footprint() {
  const exports = Object.values(instances[0].exports);
  return {
    memory: exports.filter((e) => e instanceof WebAssembly.Memory).map((m) => m.buffer.byteLength),
    tables: exports.filter((e) => e instanceof WebAssembly.Table).map((t) => t.length),
  };
}

/** Grows the module's memory (a large deny-list, compiled and freed). */
function growMemory() {
  const before = footprint().memory[0];
  const v = new cvm.Validator({ policy: { extends: 'api3', all: { denylist: Array.from({ length: 200_000 }, (_, i) => `entry-${i}-padding`) } } });
  v.free();
  if (footprint().memory[0] <= before) fail('the memory did not grow');
}

/** A Uint8Array of the seed whose own properties lie (`lie(bytes)` sets them). */
function lying(lie) {
  const bytes = SEED_BYTES();
  lie(bytes);
  return bytes;
}

const LIES = {
  'a smaller own length': (b) => Object.defineProperty(b, 'length', { value: 2 }),
  'a larger own length': (b) => Object.defineProperty(b, 'length', { value: 1 << 20 }),
  'a length of 2^31-1': (b) => Object.defineProperty(b, 'length', { value: 2 ** 31 - 1 }),
  'an own byteLength': (b) => Object.defineProperty(b, 'byteLength', { value: 1 << 20 }),
  'an own byteOffset': (b) => Object.defineProperty(b, 'byteOffset', { value: 64 }),
  'an own buffer': (b) => Object.defineProperty(b, 'buffer', { value: new ArrayBuffer(1 << 20) }),
  'an own subarray returning {length: 2^31-1}': (b) => Object.defineProperty(b, 'subarray', { value: () => ({ length: 2 ** 31 - 1 }) }),
  'an own toJSON': (b) => Object.defineProperty(b, 'toJSON', { value: () => 'Action=Other' }),
  'getters that throw': (b) => {
    for (const key of ['length', 'byteLength', 'byteOffset', 'buffer', 'subarray', 'slice']) {
      Object.defineProperty(b, key, { get() { throw new Error('Hunter2Secret!'); } });
    }
  },
};

/** A subclass whose prototype lies about every size. */
class Liar extends Uint8Array {
  get length() { return 1 << 20; }
  get byteLength() { return 2; }
  subarray() { return { length: 2 ** 31 - 1 }; }
}

const CASES = {};
for (const [lie, apply] of Object.entries(LIES)) {
  for (const grown of [false, true]) {
    CASES[`bytes: ${lie}${grown ? ', after the memory grew' : ''}`] = () => {
      const expected = cvm.check(SEED);
      if (grown) growMemory();
      same(cvm.check(lying(apply)), expected, 'check');
      same(V().check(lying(apply)), V().check(SEED), 'Validator.check');
      // Twice, and with a Buffer: the first call left nothing wrong behind.
      same(cvm.check(lying(apply)), expected, 'check, again');
      const buffer = Buffer.from(SEED);
      apply(buffer);
      same(cvm.check(buffer), expected, 'check of a Buffer');
    };
  }
}
Object.assign(CASES, {
  'bytes: a subclass whose getters lie': () => {
    const liar = new Liar(SEED_BYTES().length);
    liar.set(SEED_BYTES());
    same(cvm.check(liar), cvm.check(SEED), 'check');
  },
  'bytes: a view into a larger buffer, past the read cap': () => {
    // The bytes of the view, cut at the read cap: nothing before or after it.
    const big = new Uint8Array((1 << 21) + 100).fill(0x41);
    const view = new Uint8Array(big.buffer, 50, (1 << 20) + 10);
    Object.defineProperty(view, 'length', { value: 3 });
    same(cvm.check(view), cvm.check('A'.repeat((1 << 20) + 10)), 'check');
  },
  'bytes: an ArrayBuffer with an own byteLength': () => {
    const buffer = SEED_BYTES().buffer;
    Object.defineProperty(buffer, 'byteLength', { value: 2 });
    same(cvm.check(buffer), cvm.check(SEED), 'check');
  },
  'bytes: a detached buffer': () => {
    const bytes = SEED_BYTES();
    structuredClone(bytes.buffer, { transfer: [bytes.buffer] });
    same(cvm.check(bytes), cvm.check(''), 'check of the empty bytes a detached buffer holds');
  },
  'bytes: a proxy of a Uint8Array': () => {
    throwsTyped(() => cvm.check(new Proxy(SEED_BYTES(), {})), 'TypeError', 'check', /not /);
  },
  'options: a typed array with toJSON as the policy': () => {
    const policy = Object.assign(new Uint8Array(4), { toJSON: () => ({ extends: 'api3' }) });
    throwsTyped(() => cvm.explain({ policy }), 'TypeError', 'explain', /getter, a proxy or toJSON/);
  },
  'options: an object whose toJSON makes a policy': () => {
    throwsTyped(() => new cvm.Validator({ policy: { toJSON: () => ({ extends: 'api3' }) } }), 'TypeError', 'Validator', /toJSON/);
  },
  'options: a getter': () => {
    throwsTyped(() => cvm.check(SEED, { get profile() { return 'api3'; } }), 'TypeError', 'check', /getter/);
  },
  'options: facts as a Uint8Array with toJSON': () => {
    const facts = Object.assign(new Uint8Array(2), { toJSON: () => ({ Response: { InstanceSet: [] } }) });
    throwsTyped(() => V().check(SEED, { facts }), 'TypeError', 'Validator.check', /toJSON/);
  },
});

// Randomness.
const crypto = globalThis.crypto;
const getRandomValues = crypto.getRandomValues;
const SOURCES = {
  'throws': () => { throw new Error('Hunter2Secret!'); },
  'fills 0xFF': (bytes) => bytes.fill(0xff),
  'fills nothing': () => {},
  'returns a different array': () => new Uint8Array(256),
  'throws a non-Error': () => { throw 42; }, // eslint-disable-line no-throw-literal
  'throws at random, one call in three': (bytes) => {
    if (Math.random() < 1 / 3) throw new Error('Hunter2Secret!');
    return getRandomValues.call(crypto, bytes);
  },
};
const BROKEN = /^cannot generate a password: the random source gave 32 unusable numbers in a row: it is broken$/;
for (const [name, source] of Object.entries(SOURCES)) {
  CASES[`random: a source that ${name}, 10,000 calls in a row`] = () => {
    const v = V();
    crypto.getRandomValues = source;
    const random = name.includes('random');
    // A call of each kind first, working and failing: what they need, they allocate once.
    crypto.getRandomValues = getRandomValues;
    v.generate({ count: 2 });
    cvm.generate({ os: ['windows'] });
    crypto.getRandomValues = source;
    // The first failing call's error takes a slot of the module's table,
    // which grows once (by 128 entries) to hold it; 100 calls make sure of one.
    for (let i = 0; i < 100; i++) {
      try { v.generate(); } catch { /* typed, checked below */ }
    }
    const before = footprint();
    for (let i = 0; i < 10_000; i++) {
      const call = i % 2 ? () => v.generate({ count: 2 }) : () => cvm.generate({ os: ['windows'] });
      if (random) {
        try { call(); } catch (error) { if (!(error instanceof cvm.CvmRulesError) || !BROKEN.test(error.message)) fail(`${error?.name}: ${error?.message}`); }
      } else {
        throwsTyped(call, 'CvmRulesError', `call ${i}`, BROKEN);
      }
    }
    const after = footprint();
    if (!isDeepStrictEqual(after, before)) fail(`the module grew in 10,000 failing calls: ${JSON.stringify(before)} to ${JSON.stringify(after)}`);
    crypto.getRandomValues = getRandomValues;
    const { passwords } = v.generate({ count: 3 });
    if (passwords.length !== 3 || !passwords.every((p) => v.checkPassword(p).valid)) fail('generate after the source works again');
  };
}
Object.assign(CASES, {
  'random: a source stuck at 0x00 is an error after a bounded number of draws': () => {
    // Bounded: 100,000 passwords drawn, all refused (a hang is the runner's timeout).
    crypto.getRandomValues = (bytes) => bytes.fill(0);
    throwsTyped(() => V().generate(), 'CvmRulesError', 'generate', /^cannot generate a password: none of 100000 random passwords passed the policy/);
    crypto.getRandomValues = getRandomValues;
  },
  'random: no global crypto (Node 18): node:crypto is used': () => {
    Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true, writable: true });
    const { passwords } = V().generate({ count: 5 });
    if (new Set(passwords).size !== 5 || !passwords.every((p) => V().checkPassword(p).valid)) fail('passwords without a global crypto');
    if (cvm.generate().passwords.length !== 1) fail('module-level generate');
    Object.defineProperty(globalThis, 'crypto', { value: crypto, configurable: true, writable: true });
  },
  'random: a global crypto whose getter throws': () => {
    Object.defineProperty(globalThis, 'crypto', { get() { throw new Error('Hunter2Secret!'); }, configurable: true });
    // node:crypto stands in for it.
    if (V().generate().passwords.length !== 1) fail('generate');
    Object.defineProperty(globalThis, 'crypto', { value: crypto, configurable: true, writable: true });
  },
});
// The browsers' entry has no node:crypto to fall back on (it throws its own class).
CASES['random: the browsers\' entry with no crypto says why'] = async () => {
  const web = await import('../pkg/dist/web.mjs');
  const { readFileSync } = await import('node:fs');
  await web.init(readFileSync(new URL('../pkg/dist/cvm_rules_bg.wasm', import.meta.url)));
  Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true, writable: true });
  for (const call of [() => new web.Validator().generate(), () => web.generate()]) {
    try {
      call();
      fail('no error');
    } catch (error) {
      if (!(error instanceof web.CvmRulesError)) fail(`${error?.name}: ${error?.message}`);
      if (error.message !== 'generate needs crypto.getRandomValues (the Web Crypto API), and this platform has no global crypto object') fail(error.message);
    }
  }
  // Checking needs no randomness.
  if (web.check(SEED).valid !== cvm.check(SEED).valid) fail('check without crypto');
  Object.defineProperty(globalThis, 'crypto', { value: crypto, configurable: true, writable: true });
};

// Memory held by validators.
Object.assign(CASES, {
  'validators: 10,000 created and freed in a synchronous loop': () => {
    const policy = { extends: 'api3', all: { denylist: Array.from({ length: 1000 }, (_, i) => `entry-${i}`) } };
    new cvm.Validator({ policy }).free();
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 10_000; i++) {
      const v = new cvm.Validator({ profile: 'api3', os: ['linux'], policy });
      v.checkPassword('abc');
      v.free();
    }
    const grown = (process.memoryUsage().rss - before) / 2 ** 20;
    if (grown >= 150) fail(`memory grew by ${grown.toFixed(0)} MB`);
  },
  'validators: [Symbol.dispose] frees; a freed validator throws a CvmRulesError; free twice does nothing': () => {
    const v = V();
    const answer = v.checkPassword('abc');
    if (typeof v[Symbol.dispose] !== 'function') fail('no [Symbol.dispose]');
    v[Symbol.dispose]();
    v.free();
    for (const call of [() => v.checkPassword('abc'), () => v.check(SEED), () => v.explain(), () => v.generate()]) {
      throwsTyped(call, 'CvmRulesError', 'a freed validator', /^Validator\.\w+: this Validator was freed/);
    }
    same(V().checkPassword('abc'), answer, 'a new validator');
    throwsTyped(() => cvm.Validator.prototype.free.call({}), 'TypeError', 'free on another this');
  },
  'validators: `using` (TypeScript, down-levelled) frees at the end of the block': () => {
    const ts = require('typescript');
    const source = `export function run(cvm: any): any {
      let kept: any;
      { using v = new cvm.Validator({ os: ['linux'] }); kept = v; v.checkPassword('abc'); }
      return kept;
    }`;
    const { outputText } = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS } });
    const module = { exports: {} };
    new Function('module', 'exports', 'require', outputText)(module, module.exports, require);
    const kept = module.exports.run(cvm);
    throwsTyped(() => kept.checkPassword('abc'), 'CvmRulesError', 'after the using block', /freed/);
  },
});

export { CASES };

/** The good calls and their answers, computed before the case. */
function goodCalls() {
  const v = V();
  const calls = [
    () => cvm.check(SEED),
    () => cvm.check(SEED_BYTES(), { os: ['linux'], lang: 'zh-CN' }),
    () => v.checkPassword('abc'),
    () => v.checkPassword('Abc123!xyz'),
    () => cvm.explain({ os: ['windows'], password: 'abc12345' }),
    () => v.generate({ length: 20 }).passwords[0].length,
  ];
  return calls.map((call) => [call, call()]);
}

if (process.argv[2] !== undefined) {
  const good = goodCalls();
  let error = null;
  try {
    await CASES[process.argv[2]]();
  } catch (e) {
    error = `${e?.name}: ${e?.message}`;
  }
  Object.defineProperty(globalThis, 'crypto', { value: crypto, configurable: true, writable: true });
  crypto.getRandomValues = getRandomValues;
  let answered = 0;
  for (let i = 0; i < 1000; i++) {
    const [call, expected] = good[i % good.length];
    try {
      if (isDeepStrictEqual(call(), expected)) answered++;
    } catch {
      // not answered
    }
  }
  process.stdout.write(`${JSON.stringify({ error, good: answered })}\n`);
}
