// The host misbehaving (SPEC section 18): every case of host-cases.mjs (lying
// arrays, broken randomness, validators freed), each in a process of its own,
// ends with no crash, hang or wrong answer, and then 1,000 good calls in the same
// process give the reference answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { CASES } from './host-cases.mjs';

const script = fileURLToPath(new URL('./host-cases.mjs', import.meta.url));

for (const name of Object.keys(CASES)) {
  test(`host: ${name}`, () => {
    const run = spawnSync(process.execPath, [script, name], { encoding: 'utf8', maxBuffer: 1 << 20, timeout: 120_000 });
    assert.equal(run.signal, null, `killed by ${run.signal} (a hang, or the memory limit): ${run.stderr}`);
    assert.equal(run.status, 0, run.stderr);
    const { error, good } = JSON.parse(run.stdout);
    assert.equal(error, null);
    assert.equal(good, 1000, 'good calls after the case');
    assert.ok(!run.stdout.includes('Hunter2Secret'), 'no secret in what the case printed');
  });
}
