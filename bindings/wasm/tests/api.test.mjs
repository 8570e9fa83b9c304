// The package's three functions, as a JavaScript user calls them.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { cvm } from './support.mjs';

const SEED = 'Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&InstanceIds.2=ins-5d8a23rs&Password=abc123ABC!@%23&ForceStop=TRUE';
const HEAD = 'Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy';

test('check: the source document example is valid under the strictest policy', () => {
  const result = cvm.check(SEED);
  assert.equal(result.valid, true);
  assert.equal(result.profile, 'legacy-2017');
  assert.equal(result.policy.os_known, false);
  assert.deepEqual(result.diagnostics, []);
  assert.deepEqual(Object.keys(result), ['valid', 'profile', 'policy', 'diagnostics', 'accounts']);
});

test('check: diagnostics in both languages, with codes, fields, params', () => {
  const en = cvm.check(`${HEAD}&Password=abc123`, { os: ['linux'] });
  assert.equal(en.valid, false);
  const [d] = en.diagnostics;
  assert.deepEqual(d, {
    severity: 'error',
    code: 'InvalidPassword',
    field: 'Password',
    rule: 'password.length',
    params: { min: 8, max: 16, actual: 6 },
    message: 'Password must be 8 to 16 characters long, and it has 6.',
  });
  const zh = cvm.check(`${HEAD}&Password=abc123`, { os: ['linux'], lang: 'zh-CN' });
  assert.equal(zh.diagnostics[0].message, '密码长度必须为 8 到 16 个字符，当前为 6 个。');
  assert.deepEqual(en.accounts, [{ field: 'InstanceIds.1', instance_id: 'ins-r8hr2upy', os: 'linux', user_name: 'root' }]);
  // The JSON form, and api3.
  const json = cvm.check(JSON.stringify({ InstanceIds: ['ins-1122'], Password: 'abc123ABC!@#' }), { profile: 'api3' });
  assert.equal(json.diagnostics[0].code, 'InvalidInstanceId.Malformed');
  assert.equal(json.diagnostics[0].field, 'InstanceIds.0');
});

test('check: facts as text and as an object give the same answer', () => {
  const facts = { Response: { TotalCount: 2, InstanceSet: [
    { InstanceId: 'ins-r8hr2upy', OsName: 'Windows Server 2019', InstanceState: 'RUNNING' },
    { InstanceId: 'ins-5d8a23rs', OsName: 'CentOS 7.9', InstanceState: 'rescue_mode' },
  ] } };
  const input = `${HEAD}&InstanceIds.2=ins-5d8a23rs&Password=abc123ABC!@%23`;
  const asObject = cvm.check(input, { profile: 'legacy-2017', facts });
  const asText = cvm.check(input, { facts: JSON.stringify(facts) });
  assert.deepEqual(asObject, asText);
  assert.deepEqual(asObject.diagnostics.map((d) => d.rule), ['instance.running_without_force_stop', 'instance.state']);
  assert.deepEqual(asObject.policy.families, ['linux', 'windows']);
});

test('check, explain, generate: a policy object tightens the rules', () => {
  const policy = { extends: 'api3', all: { length: { min: 14 }, max_repeat: 2, denylist: ['Summer2024!Summer'] } };
  const refused = cvm.check(JSON.stringify({ InstanceIds: ['ins-r8hr2upy'], Password: 'summer2024!summer' }), { profile: 'api3', os: ['windows'], policy });
  assert.deepEqual(refused.diagnostics.map((d) => d.rule), ['password.denylist']);
  assert.deepEqual(refused.diagnostics[0].params, {});
  assert.ok(refused.policy.rules.some((r) => r.rule === 'password.denylist' && Object.keys(r).length === 1));
  const explained = cvm.explain({ policy, os: ['linux'] });
  assert.equal(explained.rules, 'api3+policy');
  assert.equal(explained.requirements[0].message, '14 to 30 characters');
  const generated = cvm.generate({ policy, count: 20 });
  for (const p of generated.passwords) {
    assert.ok(p.length >= 14);
    assert.equal(cvm.check(JSON.stringify({ InstanceIds: ['ins-r8hr2upy'], Password: p }), { profile: 'api3', policy }).valid, true, p);
  }
});

test('explain: the checklist, marked when a password is given, with the entropy', () => {
  const bare = cvm.explain({ os: ['windows'] });
  assert.deepEqual(Object.keys(bare), ['profile', 'rules', 'policy', 'requirements', 'all_met', 'entropy']);
  assert.equal(bare.all_met, null);
  assert.ok(bare.requirements.every((r) => r.met === null));
  assert.equal(bare.entropy.length, 16);
  assert.ok(Math.abs(bare.entropy.bits - 104.1077) < 1e-3);
  const marked = cvm.explain({ os: ['windows'], password: 'abc12345', lang: 'zh-CN' });
  assert.equal(marked.all_met, false);
  assert.deepEqual(marked.requirements.map((r) => r.met), [false, false, true, true]);
  assert.equal(marked.requirements[0].message, '长度为 12 到 16 个字符');
  const login = cvm.explain({ rules: 'login-settings', os: ['linux'], length: 10 });
  // The last is advice: API 3.0 recommends 12 or more characters for Linux.
  assert.deepEqual(login.requirements.map((r) => [r.rule, r.severity]), [
    ['password.length', 'error'], ['password.classes', 'error'], ['password.charset', 'error'],
    ['password.recommended_length', 'warning'],
  ]);
  assert.equal(login.entropy.length, 10);
});

test('generate: passwords the check accepts, for the OS set, of the length asked', () => {
  const mixed = cvm.generate({ os: ['linux', 'windows'], count: 50 });
  assert.equal(mixed.passwords.length, 50);
  assert.equal(mixed.length, 16);
  assert.equal(new Set(mixed.passwords).size, 50);
  for (const p of mixed.passwords) {
    const body = JSON.stringify({ InstanceIds: ['ins-r8hr2upy'], Password: p });
    assert.equal(cvm.check(body, { os: ['linux', 'windows'] }).valid, true, p);
  }
  // An asked length is kept or refused, never changed; the default is clamped.
  assert.throws(() => cvm.generate({ profile: 'api3', os: ['linux'], length: 99 }), {
    name: 'CvmRulesError',
    message: 'cannot generate a password: the length must be 8 to 30 characters under this policy',
  });
  const long = cvm.generate({ profile: 'api3', os: ['linux'], length: 30 });
  assert.equal(long.length, 30);
  assert.equal(long.passwords[0].length, 30);
  assert.equal(cvm.generate({ profile: 'legacy-2017', os: ['windows'] }).length, 16);
  assert.throws(() => cvm.generate({ os: ['windows'], length: 20 }), /must be 12 to 16 characters/);
  const login = cvm.generate({ rules: 'login-settings', count: 200 });
  assert.ok(login.passwords.every((p) => !/[_<>]/.test(p)));
});

test('bad options: a CvmRulesError with the library message; a wrong type: a TypeError naming the option', () => {
  const values = [
    [() => cvm.check(SEED, { profile: 'api4' }), 'unknown profile (expected legacy-2017 or api3)'],
    [() => cvm.explain({ os: ['linux', 'macos'] }), 'unknown OS family (expected linux, ubuntu or windows)'],
    [() => cvm.explain({ lang: 'fr' }), 'unknown language (expected en or zh-CN)'],
    [() => cvm.explain({ rules: 'run-instances' }), 'unknown rule set (expected legacy-2017, api3 or login-settings)'],
    [() => cvm.explain({ rules: 'api3', policy: { extends: 'api3' } }), 'rules and policy do not go together: a policy file names the rule set it extends'],
    [() => cvm.check(SEED, { facts: '{"Response": {"Error": {"Code": "AuthFailure"}}}' }), 'the facts are not usable: instance facts are an error answer (Response.Error), not DescribeInstances output: fix the call that produced them'],
    [() => cvm.check(SEED, { facts: '[' }), 'the facts are not usable: instance facts are not valid JSON (line 1, column 1)'],
    [() => cvm.explain({ policy: { extends: 'api3', all: { denylist_file: 'leaked.txt' } } }), 'the policy is not usable: a denylist_file cannot be read here: give the entries inline as denylist'],
    [() => cvm.explain({ policy: { extends: 'api3', al: {} } }), 'the policy is not usable: unknown field `al`, expected one of `extends`, `all`, `linux`, `ubuntu`, `windows`'],
    [() => cvm.explain({ policy: '{"extends": "api3",\n "windows": {"length": {"max": 11}}}' }), 'the policy is not usable: windows: password.length: the minimum (12) is greater than the maximum (11)'],
    [() => cvm.generate({ count: 0 }), 'count must be 1 to 10000'],
    [() => cvm.generate({ length: -1 }), 'options.length must be a whole number ≥ 0'],
    [() => cvm.generate({ length: 1.5 }), 'options.length must be a whole number ≥ 0'],
    [() => new cvm.Validator().generate({ length: NaN }), 'length must be a whole number ≥ 0'],
    [() => cvm.check(SEED, { facts: '['.repeat(1000) }), 'the facts are not usable: instance facts are nested deeper than 128 levels'],
    [() => cvm.explain({ policy: { extends: 'api3', all: { max_repeat: 1.5 } } }), 'the policy is not usable: all.max_repeat must be a whole number from 1 to 4294967295'],
    [() => new cvm.Validator({ policy: { extends: 'api3', windows: { length: { min: -1 } } } }), 'the policy is not usable: windows.length.min must be a whole number from 0 to 4294967295'],
    [() => cvm.explain({ policy: '{"extends": "api3", "linux": {"classes": {"required": 9}}}' }), 'the policy is not usable: line 1, column 55: linux.classes.required must be a whole number from 1 to 5'],
  ];
  for (const [call, message] of values) {
    assert.throws(call, (error) => {
      assert.ok(error instanceof cvm.CvmRulesError && error instanceof Error, `${error.name}: ${error.message}`);
      assert.equal(error.name, 'CvmRulesError');
      assert.equal(error.message, message);
      assert.equal(error.cause, undefined);
      return true;
    });
  }
  const types = [
    [() => cvm.generate({ profil: 'api3' }), /^unknown option `profil` \(expected profile, rules, os/],
    [() => cvm.check(SEED, { profile: 3 }), /^options.profile must be a string$/],
    [() => cvm.check(SEED, { os: 'linux' }), /^options.os must be an array of family names$/],
    [() => cvm.check(SEED, 'api3'), /^options must be an object \(or left out\), not string$/],
    [() => cvm.check(42), /^check: input must be a string, a Uint8Array or an ArrayBuffer \(the request\), not number$/],
    [() => cvm.check([]), /^check: input must be a string, a Uint8Array or an ArrayBuffer \(the request\), not an Array$/],
    [() => cvm.check(new Uint16Array(2)), /, not a Uint16Array$/],
    [() => cvm.check(SEED, { facts: new Error('x') }), /^options.facts holds an Error: only plain objects/],
    // eslint-disable-next-line no-sparse-arrays
    [() => cvm.check(SEED, { os: ['linux', , 'windows'] }), /^options.os must be an array of family names$/],
    [() => new cvm.Validator({ facts: 42 }), /^options.facts must be DescribeInstances JSON, as text or an object$/],
    [() => new cvm.Validator({ policy: true }), /^options.policy must be a policy file, as text or an object$/],
    [() => cvm.generate({ ['k'.repeat(100)]: 1 }), new RegExp(`^unknown option \`${'k'.repeat(64)}…\` \\(expected profile`)],
    [() => new cvm.Validator().explain({ ['k'.repeat(100)]: 1 }), new RegExp(`^explain options: unknown option \`${'k'.repeat(64)}…\` \\(expected`)],
    [() => new cvm.Validator().explain({ 'Hunter2!': 1 }), /^explain options: unknown option a key \(expected/],
    [() => new cvm.Validator({ password: 'x' }), /^password is an option of explain and checkPassword, not of a Validator$/],
    [() => new cvm.Validator().checkPassword(), /^checkPassword: password must be a string, not undefined$/],
    [() => new cvm.Validator().checkPassword('x', { user: 'root' }), /^checkPassword options: unknown option `user` \(expected userName\)$/],
    [() => cvm.check(SEED, { facts: new Map() }), /^options.facts holds a Map: only plain objects/],
    [() => cvm.check(SEED, { length: 10n }), /^options.length holds a bigint, which JSON cannot hold$/],
    [() => cvm.explain({ length: Infinity }), /^options.length holds a number JSON cannot hold/],
  ];
  for (const [call, message] of types) {
    assert.throws(call, (error) => {
      assert.ok(error instanceof TypeError, `${error.name}: ${error.message}`);
      assert.match(error.message, message);
      return true;
    });
  }
});

test('Validator: options compiled once; its answers equal the module-level functions\'', () => {
  const options = { profile: 'api3', os: ['linux', 'windows'], lang: 'zh-CN', policy: { extends: 'api3', all: { denylist: ['Summer2024!Summer'], max_repeat: 2 } } };
  const validator = new cvm.Validator(options);
  for (const input of [SEED, `${HEAD}&Password=abc123`, JSON.stringify({ InstanceIds: ['ins-r8hr2upy'], Password: 'summer2024!summer' })]) {
    assert.deepStrictEqual(validator.check(input), cvm.check(input, options));
  }
  for (const password of ['abc', 'Summer2024!Summer', 'aaa1AAA!xyzwqe', 'Zq7!vTr9#Lm2@Kx', 'pass word中文']) {
    assert.deepStrictEqual(validator.explain({ password }), cvm.explain({ ...options, password }));
    // checkPassword: the password diagnostics of a check of a request holding it.
    const alone = validator.checkPassword(password, { userName: 'ops' });
    const request = validator.check(JSON.stringify({ InstanceIds: ['ins-r8hr2upy'], Password: password, UserName: 'ops', ForceStop: true }));
    assert.deepStrictEqual(Object.keys(alone), ['valid', 'profile', 'policy', 'diagnostics']);
    assert.deepStrictEqual(alone.diagnostics, request.diagnostics.filter((d) => d.field === 'Password'));
    assert.deepStrictEqual(alone.policy, request.policy);
    assert.equal(alone.valid, request.valid);
    // Asked twice, the same answer (the second from the interned diagnostics).
    assert.deepStrictEqual(validator.checkPassword(password, { userName: 'ops' }), alone);
  }
  const generated = validator.generate({ count: 5, length: 20 });
  assert.equal(generated.passwords.length, 5);
  assert.ok(generated.passwords.every((p) => validator.checkPassword(p).valid));
});

test('Validator: its answers share a frozen policy; every other part is their own', () => {
  const validator = new cvm.Validator({ os: ['linux'] });
  const a = validator.checkPassword('abc');
  const b = validator.checkPassword('abc');
  assert.equal(a.policy, b.policy);
  assert.ok(Object.isFrozen(a.policy) && Object.isFrozen(a.policy.rules[0]));
  assert.notEqual(a.diagnostics, b.diagnostics);
  assert.notEqual(a.diagnostics[0], b.diagnostics[0]);
  a.diagnostics[0].message = 'changed';
  a.diagnostics.push('x');
  assert.deepStrictEqual(validator.checkPassword('abc'), b);
  assert.throws(() => { 'use strict'; a.policy.rules.push({}); }, TypeError);
});

test('Validator: many distinct diagnostics (past the interning table) stay right', () => {
  const validator = new cvm.Validator({ profile: 'api3', os: ['linux'] });
  for (let round = 0; round < 2; round++) {
    for (let length = 1; length < 200; length++) {
      const password = 'a'.repeat(length);
      const alone = validator.checkPassword(password);
      const request = validator.check(JSON.stringify({ InstanceIds: ['ins-r8hr2upy'], Password: password }));
      assert.deepStrictEqual(alone.diagnostics, request.diagnostics.filter((d) => d.field === 'Password'), password);
    }
  }
});

test('no output holds the password', () => {
  const passwords = ['hunter2hunter2', 'Zq7!vTr9#Lm2@K', 'abc 123ABC!@#x', '/Secret!2024xyz', 'P@ss word中文12'];
  for (const password of passwords) {
    for (const lang of ['en', 'zh-CN']) {
      for (const profile of ['legacy-2017', 'api3']) {
        const outputs = [
          cvm.check(JSON.stringify({ InstanceIds: ['ins-1122'], Password: password, UserName: 'ops' }), { profile, lang }),
          cvm.check(`${HEAD}&Password=${encodeURIComponent(password)}&${password}=1`, { profile, lang }),
          cvm.explain({ profile, lang, password, userName: 'ops' }),
        ];
        for (const output of outputs) {
          assert.ok(!JSON.stringify(output).includes(password), `${profile} ${lang}: ${JSON.stringify(output)}`);
        }
      }
    }
    // Not in an error either (tests/no_leak.test.mjs tries every parameter).
    assert.throws(() => cvm.explain({ password, profile: 'api4' }), (e) => !e.message.includes(password));
    assert.throws(() => cvm.generate({ password, count: 0 }), (e) => !e.message.includes(password));
  }
});

test('facts: ForceStop false on a running instance is a warning; stopped without charging is refused', () => {
  const facts = { InstanceSet: [
    { InstanceId: 'ins-r8hr2upy', OsName: 'CentOS 7.9', InstanceState: 'RUNNING' },
    { InstanceId: 'ins-5d8a23rs', OsName: 'CentOS 7.9', InstanceState: 'STOPPED', StopChargingMode: 'STOP_CHARGING' },
  ] };
  for (const [profile, code] of [['legacy-2017', 'InvalidInstance.NotSupported'], ['api3', 'UnsupportedOperation.StoppedModeStopCharging']]) {
    const validator = new cvm.Validator({ profile, facts });
    const soft = validator.check(JSON.stringify({ InstanceIds: ['ins-r8hr2upy'], Password: 'abc123ABC!@#', ForceStop: false }));
    assert.equal(soft.valid, true);
    assert.deepEqual(soft.diagnostics.map((d) => [d.rule, d.severity, d.code]), [['instance.running_soft_stop', 'warning', null]]);
    const missing = validator.check(JSON.stringify({ InstanceIds: ['ins-r8hr2upy'], Password: 'abc123ABC!@#' }));
    assert.equal(missing.diagnostics[0].rule, 'instance.running_without_force_stop');
    const stopped = validator.check(JSON.stringify({ InstanceIds: ['ins-5d8a23rs'], Password: 'abc123ABC!@#' }));
    assert.deepEqual(stopped.diagnostics.map((d) => [d.rule, d.code]), [['instance.stop_charging', code]]);
  }
});
