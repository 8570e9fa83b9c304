// No value crashes or poisons the package (SPEC section 18): every hostile value
// of hostile-cases.mjs, each in a process of its own, gets a result or a typed
// error, and then 2,000 good calls in the same process give the reference answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { CASES } from './hostile-cases.mjs';

const script = fileURLToPath(new URL('./hostile-cases.mjs', import.meta.url));
const TYPED = new Set(['result', 'TypeError', 'CvmRulesError']);

for (const name of Object.keys(CASES)) {
  test(`hostile: ${name}`, () => {
    const run = spawnSync(process.execPath, ['--max-old-space-size=4096', script, name], { encoding: 'utf8', maxBuffer: 1 << 20 });
    assert.equal(run.signal, null, `killed by ${run.signal}: ${run.stderr}`);
    assert.equal(run.status, 0, run.stderr);
    const { outcome, good } = JSON.parse(run.stdout);
    assert.ok(TYPED.has(outcome), `not a result or a typed error: ${outcome}`);
    assert.equal(good, 2000, 'good calls after the hostile one');
  });
}
