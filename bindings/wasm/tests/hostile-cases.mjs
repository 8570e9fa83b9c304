// Hostile values, one per case; run by hostile.test.mjs, each case in a process
// of its own (`node tests/hostile-cases.mjs NAME`), so that a crash or a broken
// module cannot go unseen or spill into the next case.
//
// A case calls the package with its value, then makes 2,000 good calls that must
// give the answers computed before it. It prints one line of JSON:
// {"outcome": "result" | "TypeError" | "CvmRulesError" | other, "good": n}.
import { createRequire } from 'node:module';
import { isDeepStrictEqual } from 'node:util';

const cvm = createRequire(import.meta.url)('../pkg');

const SEED = 'Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&InstanceIds.2=ins-5d8a23rs&Password=abc123ABC!@%23&ForceStop=TRUE';

/** An object nested `depth` levels deep, built without recursion. */
function deep(depth, make = (inner) => ({ a: inner })) {
  let value = {};
  for (let i = 0; i < depth; i++) value = make(value);
  return value;
}

/** A small object that stands for 2^levels values (every level shares its child twice). */
function sharedTwice(levels) {
  let value = [1];
  for (let i = 0; i < levels; i++) value = [value, value];
  return value;
}

function cyclic() {
  const value = { Response: { InstanceSet: [] } };
  value.Response.InstanceSet.push(value);
  value.self = value;
  return value;
}

const SECRET = 'Hunter2Secret!';
const validator = () => new cvm.Validator({ profile: 'api3', os: ['linux'] });

/** The hostile calls, by name. */
export const CASES = {
  'facts: an object 200,000 levels deep': () => cvm.check(SEED, { facts: deep(200_000) }),
  'facts: an object 129 levels deep': () => cvm.check(SEED, { facts: deep(129) }),
  'facts: an array 200,000 levels deep': () => cvm.check(SEED, { facts: deep(200_000, (x) => [x]) }),
  'facts: JSON text 200,000 levels deep': () => cvm.check(SEED, { facts: '['.repeat(200_000) + ']'.repeat(200_000) }),
  'facts: a cyclic object': () => cvm.check(SEED, { facts: cyclic() }),
  'facts: 2^80 values by shared references': () => cvm.check(SEED, { facts: sharedTwice(80) }),
  'facts per call: a cyclic object': () => validator().check(SEED, { facts: cyclic() }),
  'facts per call: 200,000 levels': () => validator().check(SEED, { facts: deep(200_000) }),
  'policy: an object 200,000 levels deep': () => cvm.explain({ policy: deep(200_000) }),
  'policy: a cyclic object': () => new cvm.Validator({ policy: cyclic() }),
  'policy: JSON text 200,000 levels deep': () => cvm.explain({ policy: '{"a":'.repeat(200_000) }),
  'options: cyclic': () => { const o = { profile: 'api3' }; o.o = o; return cvm.check(SEED, o); },
  'os: an array 200,000 levels deep': () => cvm.explain({ os: deep(200_000, (x) => [x]) }),
  'input: a number': () => cvm.check(123),
  'input: an object': () => cvm.check({}),
  'input: true': () => cvm.check(true),
  'input: a symbol': () => cvm.check(Symbol('x')),
  'input: undefined': () => cvm.check(),
  'input: null': () => cvm.check(null),
  'input: a function': () => cvm.check(() => SECRET),
  'input: a bigint': () => cvm.check(10n),
  'input: a Buffer of the request': () => cvm.check(Buffer.from(SEED)),
  'input: a Uint16Array': () => cvm.check(new Uint16Array(8)),
  'input: a proxy that throws': () => cvm.check(new Proxy({}, { get() { throw new Error(SECRET); } })),
  'input: 64 MB of text': () => cvm.check('a'.repeat(64 << 20)),
  'input: 32 MB of non-ASCII text': () => cvm.check('密'.repeat(32 << 20)),
  'input: 64 MB of bytes': () => cvm.check(new Uint8Array(64 << 20).fill(38)),
  'input: lone surrogates': () => cvm.check(`${SEED}\ud800&Password=\udfff\ud800abc`),
  'input: 100,000 instance ids': () => cvm.check(Array.from({ length: 100_000 }, (_, i) => `InstanceIds.${i}=ins-r8hr2upy`).join('&')),
  'password: 64 MB': () => validator().checkPassword('x'.repeat(64 << 20)),
  'password: lone surrogates': () => validator().checkPassword('\ud800Abc123!xyz\udfff'),
  'password: a number': () => validator().checkPassword(12345678),
  'password: an object': () => validator().checkPassword({ toString: () => SECRET }),
  'userName: 64 MB': () => validator().checkPassword('Abc123!xyz', { userName: 'u'.repeat(64 << 20) }),
  'explain: a password where the options go': () => cvm.explain(SECRET),
  'explain: a numeric password': () => cvm.explain({ password: 12345678 }),
  'explain: length NaN': () => cvm.explain({ length: NaN }),
  'explain: length 1e300': () => cvm.explain({ length: 1e300 }),
  'explain: length -1': () => new cvm.Validator().explain({ length: -1 }),
  'generate: length 2^53': () => cvm.generate({ length: 2 ** 53 }),
  'generate: count 1e9': () => cvm.generate({ count: 1e9 }),
  'generate: count Infinity': () => new cvm.Validator().generate({ count: Infinity }),
  'options: a getter that throws': () => cvm.check(SEED, { get profile() { throw new Error(SECRET); } }),
  'options: toJSON that throws': () => cvm.check(SEED, { facts: { toJSON() { throw new Error(SECRET); } } }),
  'options: a Map': () => cvm.check(SEED, new Map([['profile', 'api3']])),
  'options: an array': () => cvm.check(SEED, ['api3']),
  'options: a Date in facts': () => cvm.check(SEED, { facts: new Date(0) }),
  'options: a typed array in policy': () => cvm.explain({ policy: new Uint8Array(4) }),
  'options: a proxy': () => cvm.check(SEED, new Proxy({}, { ownKeys() { throw new Error(SECRET); } })),
  'options: a symbol value': () => cvm.check(SEED, { profile: Symbol('api3') }),
  'options: a function value': () => cvm.check(SEED, { os: () => ['linux'] }),
  'options: 100 MB of policy': () => cvm.explain({ policy: { extends: 'api3', all: { denylist: Array.from({ length: 5_000_000 }, (_, i) => `entry-${i}-padding-padding`) } } }),
  'options: a profile of lone surrogates': () => cvm.check(SEED, { profile: '\ud800' }),
  'Validator: per-call options in the constructor': () => new cvm.Validator({ count: 3 }),
  'Validator: facts per call of the wrong type': () => validator().check(SEED, { facts: 42 }),
  'Validator: a method on another this': () => cvm.Validator.prototype.checkPassword.call({}, 'abc'),
};

/** The good calls and their answers, computed before the hostile value. */
function goodCalls() {
  const v = new cvm.Validator({ profile: 'api3', os: ['linux'] });
  const calls = [
    () => cvm.check(SEED),
    () => cvm.check(SEED, { os: ['linux'], lang: 'zh-CN' }),
    () => v.checkPassword('abc'),
    () => v.checkPassword('Abc123!xyz'),
    () => cvm.explain({ os: ['windows'], password: 'abc12345' }),
  ];
  return calls.map((call) => [call, call()]);
}

if (process.argv[2] !== undefined) {
  const good = goodCalls();
  let outcome;
  try {
    CASES[process.argv[2]]();
    outcome = 'result';
  } catch (error) {
    outcome = error instanceof cvm.CvmRulesError ? 'CvmRulesError' : error instanceof TypeError ? 'TypeError' : `${error?.name}: ${error?.message}`;
  }
  let answered = 0;
  for (let i = 0; i < 2000; i++) {
    const [call, expected] = good[i % good.length];
    try {
      if (isDeepStrictEqual(call(), expected)) answered++;
    } catch {
      // not answered
    }
  }
  process.stdout.write(`${JSON.stringify({ outcome, good: answered })}\n`);
}
