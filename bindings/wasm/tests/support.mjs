// Shared by the tests: the package under test, the command line it is held to,
// and deterministic inputs.
import { createRequire } from 'node:module';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const require = createRequire(import.meta.url);

/** The Node package (pkg/), through its `exports` map, as `npm install` gives it. */
export const cvm = require(join(here, '..', 'pkg'));

const root = resolve(here, '..', '..', '..');

/** The `cvm-rules` binary: $CVM_RULES_BIN, or the repository's debug build (built when missing). */
export function cliPath() {
  const bin = process.env.CVM_RULES_BIN ?? join(root, 'target', 'debug', 'cvm-rules');
  if (!existsSync(bin)) {
    execFileSync('cargo', ['build', '--features', 'cli'], { cwd: root, stdio: 'inherit' });
  }
  return bin;
}

/** Runs the command line; returns {status, stdout, stderr}. */
export function cli(args, input = '') {
  const r = spawnSync(cliPath(), args, { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A file of `text` in a fresh temporary folder. */
export function tempFile(name, text) {
  const dir = mkdtempSync(join(tmpdir(), 'cvm-rules-wasm-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A small deterministic generator (xorshift32), so every run tests the same inputs. */
export function rng(seed) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
  return {
    next,
    below: (n) => next() % n,
    pick: (items) => items[next() % items.length],
    chance: (p) => next() / 4294967296 < p,
  };
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789' + "()~!@#$%^&*-+=_|{}[]:;'<>,.?/`";
const ODD = [' ', '"', '\\', '\t', 'é', '中', '😀', '+', '&', '%', '='];

/** A password around the length bounds, now and then with a character outside every set. */
export function password(r) {
  const length = r.pick([0, 6, 7, 8, 11, 12, 15, 16, 17, 29, 30, 31]);
  let text = '';
  for (let i = 0; i < length; i++) text += r.chance(0.05) ? r.pick(ODD) : ALPHABET[r.below(ALPHABET.length)];
  return text;
}

export const IDS = ['ins-r8hr2upy', 'ins-5d8a23rs', 'ins-a0c30001', 'ins-1122', 'INS-R8HR2UPY', ''];

/** A request in the query form or the JSON form, mostly well formed (no line breaks: one per line in --batch). */
export function request(r) {
  const ids = Array.from({ length: r.below(4) }, () => r.pick(IDS));
  const pw = r.chance(0.9) ? password(r) : null;
  const user = r.chance(0.3) ? r.pick(['Administrator', 'deploy', 'root', 'x'.repeat(65)]) : null;
  const force = r.chance(0.4) ? r.pick([true, false]) : null;
  if (r.chance(0.35)) {
    const body = {};
    if (ids.length || r.chance(0.5)) body.InstanceIds = ids;
    if (pw !== null) body.Password = pw;
    if (user !== null) body.UserName = user;
    if (force !== null) body.ForceStop = force;
    if (r.chance(0.1)) body.password = 'x';
    return JSON.stringify(body);
  }
  const base = r.chance(0.5) ? 0 : 1;
  const parts = [];
  if (!r.chance(0.05)) parts.push('Action=ResetInstancesPassword');
  if (!r.chance(0.05)) parts.push(r.chance(0.05) ? 'Version=2022-03-12' : 'Version=2017-03-12');
  ids.forEach((id, i) => parts.push(`InstanceIds.${base + i}=${encodeURIComponent(id)}`));
  if (pw !== null) parts.push(`Password=${r.chance(0.1) ? pw.replace(/[\n\r]/g, '') : encodeURIComponent(pw)}`);
  if (user !== null) parts.push(`UserName=${encodeURIComponent(user)}`);
  if (force !== null) parts.push(`ForceStop=${force ? 'TRUE' : 'FALSE'}`);
  if (r.chance(0.1)) parts.push('pasword=x');
  const text = parts.join('&');
  return text.trim() === '' ? 'Action=ResetInstancesPassword' : text;
}
