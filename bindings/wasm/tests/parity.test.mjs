// Parity: the same inputs give the same JSON through the package as through the
// command line (spec section 18). A few thousand generated requests through
// `check` (the CLI's --batch, one process per set of options), the checklists of
// `explain`, and everything of `generate` but the passwords themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { cli, cvm, request, rng, tempFile } from './support.mjs';

const FACTS = JSON.stringify({ Response: { TotalCount: 3, InstanceSet: [
  { InstanceId: 'ins-r8hr2upy', OsName: 'Windows Server 2019 数据中心版', InstanceState: 'RUNNING' },
  { InstanceId: 'ins-5d8a23rs', OsName: 'Ubuntu Server 22.04 LTS 64位', InstanceState: 'STOPPED' },
] } });
const POLICY = { extends: 'api3', all: { length: { min: 12 }, max_repeat: 2, max_sequence: 3, denylist: ['Summer2024!Summer'] }, windows: { classes: { required: 4 } } };

/** The CLI flags of one set of options (files for facts and policy). */
function flags(options) {
  const args = [];
  if (options.profile) args.push('--profile', options.profile);
  if (options.rules) args.push('--rules', options.rules);
  for (const os of options.os ?? []) args.push('--os', os);
  if (options.lang) args.push('--lang', options.lang);
  if (options.facts) args.push('--facts', tempFile('facts.json', options.facts));
  if (options.policy) args.push('--policy', tempFile('policy.json', JSON.stringify(options.policy)));
  if (options.userName) args.push('--user-name', options.userName);
  if (options.length !== undefined) args.push('--length', String(options.length));
  return args;
}

/** Every combination of the options that change an answer. */
function optionSets() {
  const sets = [];
  for (const profile of ['legacy-2017', 'api3']) {
    for (const os of [[], ['linux'], ['windows'], ['linux', 'ubuntu', 'windows']]) {
      for (const lang of ['en', 'zh-CN']) {
        sets.push({ profile, os, lang });
      }
    }
    sets.push({ profile, facts: FACTS });
    sets.push({ profile, rules: 'login-settings', os: ['linux'], lang: 'zh-CN' });
    sets.push({ profile, policy: POLICY, os: ['windows'] });
  }
  return sets;
}

test('check: a few thousand requests give the same JSON as `cvm-rules check --batch`', () => {
  const r = rng(20261127);
  let compared = 0;
  for (const options of optionSets()) {
    const inputs = Array.from({ length: 150 }, () => request(r));
    const run = cli(['check', '--batch', ...flags(options)], inputs.join('\n') + '\n');
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    const lines = run.stdout.trimEnd().split('\n');
    assert.equal(lines.length, inputs.length);
    inputs.forEach((input, i) => {
      const fromCli = JSON.parse(lines[i]);
      const fromPackage = cvm.check(input, options);
      assert.deepStrictEqual(fromPackage, fromCli, `options ${JSON.stringify(options)}, input ${JSON.stringify(input)}`);
      // The same keys in the same order, too.
      assert.equal(JSON.stringify(fromPackage), JSON.stringify(fromCli));
      compared += 1;
    });
  }
  assert.ok(compared >= 3000, `${compared} requests compared`);
});

test('explain: the same checklist as `cvm-rules explain --format json`', () => {
  const r = rng(7);
  const passwords = [null, 'abc123', 'abc123ABC!@#', 'Summer2024!Summer', 'aaa111BBB!!!', '/abc12345XYZ', 'pass word中'];
  for (const options of optionSets()) {
    for (const length of [undefined, 8, 40]) {
      const password = r.pick(passwords);
      const withPassword = password === null ? options : { ...options, password };
      const explainOptions = { ...withPassword, length, facts: undefined };
      const args = ['explain', '--format', 'json', ...flags(explainOptions)];
      if (password !== null) args.push('--password-stdin');
      const run = cli(args, password === null ? '' : `${password}\n`);
      assert.ok(run.status === 0 || run.status === 1, run.stderr);
      const fromCli = JSON.parse(run.stdout);
      const fromPackage = cvm.explain(explainOptions);
      // The policy file's rule set is named after its file on the command line.
      if (explainOptions.policy) fromCli.rules = fromPackage.rules;
      assert.deepStrictEqual(fromPackage, fromCli, JSON.stringify(explainOptions));
    }
  }
});

test('the recommended length (a warning, advice in the checklist) as the command line says it', () => {
  // API 3.0 recommends 12 or more characters for Linux: 10 is valid, with a warning.
  const body = JSON.stringify({ InstanceIds: ['ins-r8hr2upy'], Password: 'aB3!xyzw9Q' });
  for (const lang of ['en', 'zh-CN']) {
    const options = { profile: 'api3', os: ['linux'], lang };
    const fromCli = JSON.parse(cli(['check', '--format', 'json', ...flags(options), body]).stdout);
    const fromPackage = cvm.check(body, options);
    assert.equal(JSON.stringify(fromPackage), JSON.stringify(fromCli));
    assert.equal(fromPackage.valid, true);
    assert.deepStrictEqual(fromPackage.diagnostics.map((d) => [d.rule, d.severity, d.code]),
      [['password.recommended_length', 'warning', null]]);
    const run = cli(['explain', '--format', 'json', '--password-stdin', ...flags({ rules: 'api3', os: ['linux'], lang })], 'aB3!xyzw9Q\n');
    assert.equal(run.status, 0, run.stderr);
    const explained = cvm.explain({ rules: 'api3', os: ['linux'], lang, password: 'aB3!xyzw9Q' });
    assert.equal(JSON.stringify(explained), run.stdout.trimEnd());
    const advice = explained.requirements.find((r) => r.rule === 'password.recommended_length');
    assert.deepStrictEqual([advice.severity, advice.met, explained.all_met], ['warning', false, true]);
  }
});

test('generate: the same length, entropy and policy as `cvm-rules generate --format json`', () => {
  for (const options of optionSets()) {
    const generateOptions = { ...options, facts: undefined, lang: undefined, count: 3 };
    const run = cli(['generate', '--format', 'json', '--count', '3', ...flags(generateOptions)]);
    assert.equal(run.status, 0, run.stderr);
    const fromCli = JSON.parse(run.stdout);
    const fromPackage = cvm.generate(generateOptions);
    assert.equal(fromPackage.passwords.length, 3);
    assert.deepStrictEqual({ ...fromPackage, passwords: [] }, { ...fromCli, passwords: [] }, JSON.stringify(generateOptions));
    // Each surface's passwords pass the other's check.
    for (const password of [...fromPackage.passwords, ...fromCli.passwords]) {
      const body = JSON.stringify({ InstanceIds: ['ins-r8hr2upy'], Password: password });
      const checkOptions = { ...generateOptions, count: undefined };
      assert.equal(cvm.check(body, checkOptions).valid, true, password);
    }
  }
});

test('bad options: the CLI says what the package throws', () => {
  const cases = [
    [{ profile: 'api4' }, ['--profile', 'api4']],
    [{ os: ['macos'] }, ['--os', 'macos']],
    [{ lang: 'fr' }, ['--lang', 'fr']],
    [{ rules: 'run-instances' }, ['--rules', 'run-instances']],
  ];
  for (const [options, args] of cases) {
    let message;
    assert.throws(() => cvm.explain(options), (e) => {
      message = e.message;
      return true;
    });
    const run = cli(['explain', ...args]);
    assert.equal(run.status, 2);
    assert.ok(run.stderr.includes(message), `${run.stderr} does not say ${message}`);
  }
  // A policy the rules of which accept nothing: the same words.
  const bad = { extends: 'api3', windows: { length: { max: 11 } } };
  let message;
  assert.throws(() => cvm.explain({ policy: bad }), (e) => {
    message = e.message.replace('the policy is not usable: ', '');
    return true;
  });
  const run = cli(['explain', '--policy', tempFile('bad.json', JSON.stringify(bad))]);
  assert.equal(run.status, 2);
  assert.ok(run.stderr.includes(message), `${run.stderr} does not say ${message}`);
});
