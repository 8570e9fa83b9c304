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
  assert.deepEqual(login.requirements.map((r) => r.rule), ['password.length', 'password.classes', 'password.charset']);
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
  const long = cvm.generate({ profile: 'api3', os: ['linux'], length: 99 });
  assert.equal(long.length, 30, 'clamped to the policy bounds');
  assert.equal(long.passwords[0].length, 30);
  const login = cvm.generate({ rules: 'login-settings', count: 200 });
  assert.ok(login.passwords.every((p) => !/[_<>]/.test(p)));
});

test('bad options throw an Error with the library message', () => {
  const cases = [
    [() => cvm.check(SEED, { profile: 'api4' }), 'unknown profile "api4" (expected legacy-2017 or api3)'],
    [() => cvm.explain({ os: ['linux', 'macos'] }), 'unknown OS family "macos" (expected linux, ubuntu or windows)'],
    [() => cvm.explain({ lang: 'fr' }), 'unknown language "fr" (expected en or zh-CN)'],
    [() => cvm.explain({ rules: 'run-instances' }), 'unknown rule set "run-instances" (expected legacy-2017, api3 or login-settings)'],
    [() => cvm.explain({ rules: 'api3', policy: { extends: 'api3' } }), 'rules and policy do not go together: a policy file names the rule set it extends'],
    [() => cvm.check(SEED, { facts: '{"Response": {"Error": {"Code": "AuthFailure"}}}' }), 'the facts are not usable: instance facts are an error answer ("AuthFailure"), not DescribeInstances output: fix the call that produced them'],
    [() => cvm.check(SEED, { facts: '[' }), 'the facts are not usable: instance facts are not valid JSON (line 1, column 1)'],
    [() => cvm.explain({ policy: { extends: 'api3', all: { denylist_file: 'leaked.txt' } } }), 'the policy is not usable: cannot read the denylist_file "leaked.txt": denylist_file cannot be read here: give the entries inline as denylist'],
    [() => cvm.explain({ policy: { extends: 'api3', al: {} } }), 'the policy is not usable: unknown field `al`, expected one of `extends`, `all`, `linux`, `ubuntu`, `windows`'],
    [() => cvm.explain({ policy: '{"extends": "api3",\n "windows": {"length": {"max": 11}}}' }), 'the policy is not usable: windows: password.length: the minimum (12) is greater than the maximum (11)'],
    [() => cvm.generate({ count: 0 }), 'count must be 1 to 10000, not 0'],
    [() => cvm.generate({ profil: 'api3' }), /^options: unknown field `profil`/],
  ];
  for (const [call, message] of cases) {
    assert.throws(call, (error) => {
      assert.ok(error instanceof Error, 'an Error');
      if (message instanceof RegExp) assert.match(error.message, message);
      else assert.equal(error.message, message);
      return true;
    });
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
    // Not in an error either.
    assert.throws(() => cvm.explain({ password, profile: 'api4' }), (e) => !e.message.includes(password));
    assert.throws(() => cvm.generate({ password, count: 0 }), (e) => !e.message.includes(password));
  }
});
