// No error holds a value the caller passed (SPEC section 18): a sentinel, as a
// string, a number and inside objects, in every parameter of every function
// and method; every part of every error is searched (message, stack, cause,
// every own property, util.inspect). Where the sentinel is a password or a
// request, the answers are searched too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';

import { cvm } from './support.mjs';

const SECRET = 'Hunter2Secret!';
const NUMBER = 12345678;
const SEED = 'Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password=abc123ABC!@%23';

/** The sentinel in the forms a caller could slip it in. */
const FORMS = [
  SECRET,
  NUMBER,
  `${SECRET}\ud800`,
  [SECRET],
  { [SECRET]: SECRET },
  { password: SECRET },
  new Map([[SECRET, SECRET]]),
  new Proxy({}, { get() { throw new Error(SECRET); }, ownKeys() { throw new Error(SECRET); } }),
  { toJSON() { throw new Error(`${SECRET} ${NUMBER}`); } },
  { get profile() { throw new Error(SECRET); } },
  new Error(SECRET),
  () => SECRET,
  Symbol(SECRET),
];

/** Every text an error holds. */
function errorTexts(error) {
  const texts = [String(error), inspect(error, { showHidden: true, depth: 8 })];
  if (error instanceof Error) {
    texts.push(error.message, error.stack ?? '', String(error.cause ?? ''));
    for (const key of Reflect.ownKeys(error)) texts.push(inspect(error[key], { depth: 8 }));
    try {
      texts.push(JSON.stringify(error));
    } catch {
      // a value that JSON cannot hold holds nothing to search
    }
  }
  return texts;
}

function assertClean(texts, where) {
  for (const text of texts) {
    assert.ok(!text.includes(SECRET) && !text.includes('Hunter2') && !text.includes(String(NUMBER)), `${where}: ${text}`);
  }
}

/** Calls `call`; searches the error, or (when `answerToo`) the answer. */
function probe(where, call, answerToo) {
  let answer;
  try {
    answer = call();
  } catch (error) {
    assert.ok(error instanceof TypeError || error instanceof cvm.CvmRulesError, `${where}: ${error?.name}`);
    assertClean(errorTexts(error), where);
    return;
  }
  if (answerToo) assertClean([JSON.stringify(answer)], `${where} (answer)`);
}

const OPTION_KEYS = ['profile', 'rules', 'os', 'facts', 'lang', 'policy', 'password', 'userName', 'length', 'count'];

test('a sentinel in every option of the module-level functions', () => {
  for (const form of FORMS) {
    for (const key of OPTION_KEYS) {
      const options = { [key]: form };
      probe(`check ${key}`, () => cvm.check(SEED, options), false);
      probe(`explain ${key}`, () => cvm.explain(options), key === 'password');
      probe(`generate ${key}`, () => cvm.generate(options), false);
      probe(`Validator ${key}`, () => new cvm.Validator(options), false);
    }
    // The sentinel in place of the options, and as an unknown key.
    probe('check options', () => cvm.check(SEED, form), false);
    probe('explain options', () => cvm.explain(form), true);
    probe('generate options', () => cvm.generate(form), false);
    probe('Validator options', () => new cvm.Validator(form), false);
    // Inside a policy and facts.
    probe('policy extends', () => cvm.explain({ policy: { extends: form } }), false);
    probe('policy denylist', () => cvm.explain({ policy: { extends: 'api3', all: { denylist: form } } }), true);
    probe('policy max_repeat', () => cvm.explain({ policy: { extends: 'api3', all: { max_repeat: form } } }), false);
    probe('facts state', () => cvm.check(SEED, { facts: [{ InstanceId: 'ins-r8hr2upy', InstanceState: form }] }), false);
  }
  // The sentinel as an unknown key (a key is named only when it looks like one).
  for (const key of [SECRET, String(NUMBER), `${SECRET} ${NUMBER}`]) {
    probe('unknown key', () => cvm.explain({ [key]: 1 }), true);
    probe('unknown key of a method', () => new cvm.Validator().checkPassword('x', { [key]: 1 }), true);
    probe('unknown policy key', () => cvm.explain({ policy: { extends: 'api3', [key]: 1 } }), true);
  }
});

test('a sentinel as the request, the password and every argument of the methods', () => {
  const validator = new cvm.Validator({ profile: 'api3', os: ['windows'] });
  for (const form of FORMS) {
    probe('check input', () => cvm.check(form), true);
    probe('Validator.check input', () => validator.check(form), true);
    probe('Validator.check options', () => validator.check(SEED, form), false);
    probe('Validator.check facts', () => validator.check(SEED, { facts: form }), false);
    probe('checkPassword password', () => validator.checkPassword(form), true);
    probe('checkPassword options', () => validator.checkPassword('abc', form), true);
    probe('checkPassword userName', () => validator.checkPassword('abc', { userName: form }), false);
    probe('explain options', () => validator.explain(form), true);
    for (const key of ['password', 'userName', 'length']) probe(`explain ${key}`, () => validator.explain({ [key]: form }), key === 'password');
    for (const key of ['count', 'length', 'userName']) probe(`generate ${key}`, () => validator.generate({ [key]: form }), false);
    probe('negotiateLanguage', () => cvm.negotiateLanguage(form), false);
  }
  // The request in every form, holding the password: no answer shows it.
  for (const input of [
    `${SEED}&Password=${encodeURIComponent(SECRET)}`,
    `Action=ResetInstancesPassword&Password=${SECRET}&${SECRET}=1`,
    JSON.stringify({ InstanceIds: ['ins-1122'], Password: SECRET, [SECRET]: SECRET }),
    `{"Password": "${SECRET}", `,
    Buffer.from(`Password=${SECRET}\xff`, 'latin1'),
  ]) {
    probe('check request', () => validator.check(input), true);
    probe('check request zh-CN', () => cvm.check(input, { lang: 'zh-CN', profile: 'api3' }), true);
  }
});
