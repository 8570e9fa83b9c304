// The package beside hand-written JavaScript, in the same run (BENCHMARKS.md):
//
//   node bindings/wasm/bench.mjs          (after bindings/wasm/build.sh)
//
// Baselines: four regular expressions for the api3 Linux password rules
// (length, classes, leading slash, charset) that return the failing rule ids,
// and URLSearchParams reading the query before them (Action, Version, the
// instance ids, the password). The package answers with the whole object: codes,
// fields, params and messages.
//
// Each measure is the best of several rounds of about 0.3 s, the rounds of all
// measures interleaved, after a warm-up, so that the JIT's tiers and the other
// core's load touch every measure alike. Prints ns per call and the four ratios
// with their targets; exits 1 when a ratio is over its target.
import { createRequire } from 'node:module';

const cvm = createRequire(import.meta.url)('./pkg/dist/node.cjs');

const SPECIAL = "()`~!@#$%^&*\\-+=_|{}\\[\\]:;'<>,.?/";
const LENGTH = /^[\s\S]{8,30}$/u;
const CHARSET = new RegExp(`^[A-Za-z0-9${SPECIAL}]*$`);
const LEADING_SLASH = /^\//;
const [L, U, D, S] = ['a-z', 'A-Z', '0-9', SPECIAL].map((c) => `(?=[\\s\\S]*[${c}])`);
const CLASSES = new RegExp(`^(?:${L}${U}${D}|${L}${U}${S}|${L}${D}${S}|${U}${D}${S})`);

/** The api3 Linux password rules, by hand: the ids of the failing rules. */
function regexPassword(pw) {
  const failed = [];
  if (!LENGTH.test(pw)) failed.push('password.length');
  if (!CLASSES.test(pw)) failed.push('password.classes');
  if (LEADING_SLASH.test(pw)) failed.push('password.leading_slash');
  if (!CHARSET.test(pw)) failed.push('password.charset');
  return failed;
}

const ID = /^ins-[a-z0-9]{8}$/;
/** The query read by URLSearchParams, then the same rules. */
function regexQuery(query) {
  const p = new URLSearchParams(query);
  const failed = [];
  if (p.get('Action') !== 'ResetInstancesPassword') failed.push('action.value');
  if (p.get('Version') !== '2017-03-12') failed.push('version.value');
  for (let i = 0; ; i++) {
    const id = p.get(`InstanceIds.${i}`);
    if (id === null) {
      if (i === 0) failed.push('param.missing');
      break;
    }
    if (!ID.test(id)) failed.push('instance_id.format');
  }
  const pw = p.get('Password');
  if (pw === null) failed.push('param.missing');
  else failed.push(...regexPassword(pw));
  return failed;
}

/** xorshift32: every run measures the same inputs. */
function rng(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>>= 0);
  };
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789' + "()`~!@#$%^&*-+=_|{}[]:;'<>,.?/";
/** Half valid api3 Linux passwords, half failing: too short, one class, a leading `/`, characters outside the set. */
function passwords(n) {
  const next = rng(2026);
  return Array.from({ length: n }, (_, i) => {
    let pw = '';
    const length = 8 + (next() % 12);
    for (let j = 0; j < length; j++) pw += ALPHABET[next() % ALPHABET.length];
    switch (i % 8) {
      case 0: return pw.slice(0, 5);
      case 1: return 'abcdefghijkl'.slice(0, 8 + (i % 5));
      case 2: return '/' + pw;
      case 3: return pw + ' é';
      default: return 'Aa1!' + pw;
    }
  });
}

function queries(pws) {
  return pws.map((pw, i) =>
    `Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.0=ins-r8hr2upy${i % 3 ? '&InstanceIds.1=ins-5d8a23rs' : ''}` +
    `&Password=${encodeURIComponent(pw)}&ForceStop=TRUE`);
}

/** ns per call of each measure: the best of `rounds` interleaved rounds. */
function measure(measures, rounds = 7, roundMs = 300) {
  const best = new Map();
  let sink = 0;
  for (let round = -1; round < rounds; round++) {
    for (const [name, items, fn] of measures) {
      let calls = 0;
      const start = process.hrtime.bigint();
      let now = start;
      while (Number(now - start) / 1e6 < roundMs) {
        for (const item of items) sink += fn(item) ? 1 : 0;
        calls += items.length;
        now = process.hrtime.bigint();
      }
      const ns = Number(now - start) / calls;
      if (round >= 0) best.set(name, Math.min(best.get(name) ?? Infinity, ns)); // round -1 warms up
    }
  }
  if (sink < 0) console.log(sink);
  return best;
}

const pws = passwords(1000);
const qs = queries(pws);
const options = { profile: 'api3', os: ['linux'] };
const validator = new cvm.Validator(options);
const denylist = Array.from({ length: 10_000 }, (_, i) => `Leaked${i}Password!`);
const denying = new cvm.Validator({ ...options, policy: { extends: 'api3', all: { denylist } } });

// The baselines and the package agree on the verdicts (a wrong answer fast is no answer).
for (const pw of pws) {
  if ((regexPassword(pw).length === 0) !== validator.checkPassword(pw).valid) throw new Error('verdicts differ');
}

const ns = measure([
  ['regexes', pws, regexPassword],
  ['Validator.checkPassword', pws, (pw) => validator.checkPassword(pw)],
  ['Validator.checkPassword, 10,000-entry deny-list', pws, (pw) => denying.checkPassword(pw)],
  ['URLSearchParams + regexes', qs, regexQuery],
  ['Validator.check (query)', qs, (q) => validator.check(q)],
  ['Validator.check (query), 10,000-entry deny-list', qs, (q) => denying.check(q)],
  ['check (query), options each call', qs.slice(0, 200), (q) => cvm.check(q, options)],
]);
for (const [name, v] of ns) console.log(`${name.padEnd(50)} ${v.toFixed(0).padStart(8)} ns/call`);

const ratios = [
  ['checkPassword / regexes', ns.get('Validator.checkPassword') / ns.get('regexes'), 5],
  ['check / (URLSearchParams + regexes)', ns.get('Validator.check (query)') / ns.get('URLSearchParams + regexes'), 4],
  ['deny-list / none (checkPassword)', ns.get('Validator.checkPassword, 10,000-entry deny-list') / ns.get('Validator.checkPassword'), 1.5],
  ['deny-list / none (check)', ns.get('Validator.check (query), 10,000-entry deny-list') / ns.get('Validator.check (query)'), 1.5],
];
let over = false;
console.log('');
for (const [name, ratio, target] of ratios) {
  over ||= ratio > target;
  console.log(`${name.padEnd(50)} ${ratio.toFixed(2).padStart(6)}×  (target ≤ ${target}×)${ratio > target ? '  OVER' : ''}`);
}
process.exitCode = over ? 1 : 0;
