// The JavaScript boundary, fuzzed by a seeded generator of odd values
// (fuzz/README.md):
//
//   node bindings/wasm/fuzz.mjs SECONDS [SEED]
//
// Each case builds odd JavaScript values from a seed (nested and shared
// objects and arrays, cycles, strings with lone surrogates, every number,
// BigInt, Symbol, functions, Map, Set, Date, typed arrays, proxies and getters
// that throw) and passes them, with a sentinel password, to every function and
// method in every parameter. Oracles: every call returns an object or throws a
// TypeError or a CvmRulesError (anything else, or a broken module, is a finding);
// no error's message, stack or properties holds the sentinel; a result of a
// call given the sentinel as its password or request holds it nowhere; and
// after every case a reference call still gives its answer. A finding prints
// the case's seed, which fuzz.test.mjs then replays for ever.
//
// The host misbehaves too: in some cases `crypto.getRandomValues` fails at
// random (throws, fills 0xFF, fills nothing, or works), and the request is
// given as bytes whose own properties lie (`length`, `byteLength`, `buffer`,
// `subarray`, `toJSON`); the answer must then be the real bytes' answer.
import { createRequire } from 'node:module';
import { inspect, isDeepStrictEqual } from 'node:util';

const cvm = createRequire(import.meta.url)('./pkg');
const SENTINEL = 'Zq9Sentinel!Pw';
const SEED = 'Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password=';
const WORDS = ['legacy-2017', 'api3', 'login-settings', 'linux', 'ubuntu', 'windows', 'en', 'zh-CN', 'extends', 'all',
  'denylist', 'length', 'min', 'max', 'classes', 'required', 'max_repeat', 'InstanceSet', 'Response', 'InstanceId',
  'OsName', 'InstanceState', 'RUNNING', 'STOPPED', 'ins-r8hr2upy', SENTINEL, 'TotalCount', 'userName', 'facts', 'policy'];

/** SplitMix32 from a seed. */
function generator(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  return { next, below: (n) => next() % n, pick: (items) => items[next() % items.length], chance: (p) => next() / 2 ** 32 < p };
}

function throwing() {
  return new Proxy({}, { get() { throw new Error(SENTINEL); }, ownKeys() { throw new Error(SENTINEL); }, getPrototypeOf() { throw new Error(SENTINEL); } });
}

/** An odd value. */
function value(r, depth = 0) {
  switch (r.below(24)) {
    case 0: return undefined;
    case 1: return null;
    case 2: return r.chance(0.5);
    case 3: return r.pick([NaN, Infinity, -Infinity, -0, 2 ** 53, 1e300, -1, 0.5, 16, 30, 1e9]);
    case 4: return r.below(100);
    case 5: return BigInt(r.below(1000));
    case 6: return Symbol(SENTINEL);
    case 7: return () => SENTINEL;
    case 8: return r.pick(WORDS);
    case 9: return String.fromCharCode(...Array.from({ length: r.below(30) }, () => r.below(0x10000)));
    case 10: return `\ud800${r.pick(WORDS)}\udfff`;
    case 11: return new Map([[SENTINEL, SENTINEL]]);
    case 12: return new Set([SENTINEL]);
    case 13: return new Date(r.below(1e9));
    case 14: return new Uint8Array(r.below(64));
    case 15: return throwing();
    case 16: return { get profile() { throw new Error(SENTINEL); }, toJSON: r.chance(0.5) ? () => { throw new Error(SENTINEL); } : undefined };
    case 17: { // deep, by a loop: just under, at and past the library's limit, and past the JavaScript stack
      let inner = r.pick(WORDS);
      for (let i = r.pick([127, 128, 129, 1000, 200000]); i > 0; i--) inner = r.chance(0.5) ? [inner] : { a: inner };
      return inner;
    }
    case 18: { // shared: 2^n values in a small object
      let shared = [1];
      for (let i = r.chance(1 / 16) ? 80 : r.below(12); i > 0; i--) shared = [shared, shared];
      return shared;
    }
    case 19: { const o = { Response: { InstanceSet: [] } }; o.Response.InstanceSet.push(o); return o; }
    default: {
      if (depth > 4) return r.pick(WORDS);
      if (r.chance(0.4)) return Array.from({ length: r.below(4) }, () => value(r, depth + 1));
      const o = {};
      for (let i = r.below(4); i > 0; i--) o[r.pick(WORDS)] = value(r, depth + 1);
      return o;
    }
  }
}

const crypto = globalThis.crypto;
const getRandomValues = crypto.getRandomValues;

/** A random source that fails now and then, in one of several ways. */
function flakySource(r) {
  const odds = r.pick([0.01, 0.3, 0.9, 1]);
  return (bytes) => {
    if (!r.chance(odds)) return getRandomValues.call(crypto, bytes);
    switch (r.below(4)) {
      case 0: throw new Error(SENTINEL);
      case 1: return bytes.fill(0xff);
      case 2: return undefined;
      default: return new Uint8Array(bytes.length);
    }
  };
}

/** `text` as bytes whose own properties lie. */
function lyingBytes(r, text) {
  const bytes = r.chance(0.5) ? new TextEncoder().encode(text) : Buffer.from(text);
  const lies = {
    length: () => r.pick([0, 2, 1 << 20, 2 ** 31 - 1]),
    byteLength: () => r.pick([0, 2, 1 << 20]),
    byteOffset: () => r.pick([1, 64]),
    buffer: () => new ArrayBuffer(r.pick([0, 8, 1 << 16])),
    subarray: () => () => ({ length: 2 ** 31 - 1 }),
    toJSON: () => () => SENTINEL,
  };
  for (const [key, lie] of Object.entries(lies)) {
    if (r.chance(0.4)) Object.defineProperty(bytes, key, { value: lie() });
  }
  return bytes;
}

/** Every text an error holds. */
function texts(error) {
  if (!(error instanceof Error)) return [String(error)];
  const out = [error.message, error.stack ?? '', inspect(error, { showHidden: true, depth: 6 })];
  for (const key of Reflect.ownKeys(error)) out.push(inspect(error[key], { depth: 6 }));
  return out;
}

function call(fn, holdsSecret, where) {
  let result;
  try {
    result = fn();
  } catch (error) {
    if (!(error instanceof TypeError || error instanceof cvm.CvmRulesError)) throw new Error(`${where}: not a typed error: ${error?.name}`);
    if (texts(error).some((t) => t.includes(SENTINEL))) throw new Error(`${where}: an error holds the sentinel`);
    return;
  }
  const expected = where === 'negotiateLanguage' ? typeof result === 'string' : typeof result === 'object' && result !== null;
  if (!expected) throw new Error(`${where}: not an answer`);
  if (holdsSecret && JSON.stringify(result).includes(SENTINEL)) throw new Error(`${where}: a result holds the password`);
}

const reference = cvm.check(SEED + 'abc');

/** One case: every function and method with odd values from `seed`. */
export function fuzzCase(seed) {
  const r = generator(seed);
  const options = {};
  for (const key of ['profile', 'rules', 'os', 'facts', 'lang', 'policy', 'password', 'userName', 'length', 'count']) {
    if (r.chance(0.3)) options[key] = value(r);
  }
  const odd = value(r);
  const password = r.chance(0.5) ? SENTINEL : odd;
  call(() => cvm.check(SEED + SENTINEL, options), true, 'check');
  call(() => cvm.check(odd, options), false, 'check input');
  if (r.chance(0.3)) {
    const text = SEED + SENTINEL;
    if (!isDeepStrictEqual(cvm.check(lyingBytes(r, text)), cvm.check(text))) throw new Error('check of lying bytes: not the real bytes\' answer');
  }
  call(() => cvm.explain({ ...options, password }), password === SENTINEL, 'explain');
  const flaky = r.chance(0.3);
  if (flaky) crypto.getRandomValues = flakySource(r);
  try {
    call(() => cvm.generate(r.chance(0.5) ? options : odd), false, 'generate');
    if (flaky) call(() => new cvm.Validator().generate({ count: 3 }), false, 'generate with a flaky source');
  } finally {
    crypto.getRandomValues = getRandomValues;
  }
  let validator;
  try {
    validator = new cvm.Validator(r.chance(0.5) ? options : odd);
  } catch (error) {
    if (!(error instanceof TypeError || error instanceof cvm.CvmRulesError)) throw new Error(`Validator: not a typed error: ${error?.name}`);
    validator = new cvm.Validator();
  }
  call(() => validator.check(odd, r.chance(0.5) ? { facts: value(r) } : value(r)), false, 'Validator.check');
  call(() => validator.checkPassword(password, r.chance(0.5) ? { userName: value(r) } : value(r)), password === SENTINEL, 'checkPassword');
  call(() => validator.explain(r.chance(0.5) ? { password, length: value(r) } : odd), password === SENTINEL, 'Validator.explain');
  call(() => validator.generate(r.chance(0.5) ? { count: r.chance(0.5) ? odd : 1, length: value(r) } : odd), false, 'Validator.generate');
  call(() => cvm.negotiateLanguage(odd), false, 'negotiateLanguage');
  if (!isDeepStrictEqual(cvm.check(SEED + 'abc'), reference)) throw new Error('the module answers differently after this case');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const seconds = Number(process.argv[2] ?? 30);
  let seed = Number(process.argv[3] ?? Date.now() % 2 ** 32);
  const end = Date.now() + seconds * 1000;
  let cases = 0;
  while (Date.now() < end) {
    try {
      fuzzCase(seed);
    } catch (error) {
      console.error(`finding at seed ${seed}: ${error.message}`);
      process.exit(1);
    }
    seed = (seed + 1) >>> 0;
    cases++;
  }
  console.log(`${cases} cases in ${seconds} s (${(cases / seconds).toFixed(0)} per second), no finding; last seed ${seed - 1}`);
}
