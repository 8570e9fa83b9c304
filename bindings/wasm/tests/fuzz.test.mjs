// The fuzzer's cases, replayed: the seeds of past findings (kept for ever) and
// a fixed range, so every run tests the same odd values (fuzz.mjs runs new ones).
import { test } from 'node:test';

import { fuzzCase } from '../fuzz.mjs';

/** Seeds that once found something, with what they found (none yet: add them here). */
const FINDINGS = [];

test('fuzz: the seeds of past findings and seeds 0 to 99', () => {
  for (const seed of [...FINDINGS, ...Array.from({ length: 100 }, (_, i) => i)]) fuzzCase(seed);
});
