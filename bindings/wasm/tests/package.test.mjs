// The package as a registry would hold it: `npm pack`, installed into a fresh
// project, used from CommonJS and ES modules, and its README's examples checked
// by `tsc --strict` (with lines that must not compile).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const wasmDir = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** A fresh project with the packed tarball installed (made once). */
let project;
function freshProject() {
  if (project) return project;
  const dir = mkdtempSync(join(tmpdir(), 'cvm-rules-pack-'));
  const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', dir], { cwd: join(wasmDir, 'pkg'), encoding: 'utf8' }));
  const tarball = join(dir, packed[0].filename);
  const app = join(dir, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--offline', tarball], { cwd: app, stdio: 'pipe' });
  project = { app, packed: packed[0] };
  return project;
}

function node(app, file, source) {
  writeFileSync(join(app, file), source);
  const run = spawnSync(process.execPath, [file], { cwd: app, encoding: 'utf8' });
  assert.equal(run.status, 0, `${file}: ${run.stderr}`);
  return run.stdout.trim();
}

test('npm pack: one tarball with the module once, the entries, the types, README and licences', () => {
  const { packed } = freshProject();
  assert.equal(packed.name, 'cvm-rules');
  const files = packed.files.map((f) => f.path).sort();
  assert.deepEqual(files, [
    'LICENSE-APACHE', 'LICENSE-MIT', 'README.md',
    'dist/cvm_rules.cjs', 'dist/cvm_rules.js', 'dist/cvm_rules_bg.wasm',
    'dist/node.cjs', 'dist/node.mjs', 'dist/web.mjs',
    'index.d.cts', 'index.d.ts', 'package.json', 'wasm.d.ts',
  ]);
  const manifest = JSON.parse(readFileSync(join(wasmDir, 'pkg', 'package.json'), 'utf8'));
  assert.deepEqual(Object.keys(manifest.exports['.']), ['browser', 'node', 'default']);
});

test('installed: CommonJS and ES modules get one working instance, no init() needed', () => {
  const { app } = freshProject();
  const probe = `
    const v = new cvm.Validator({ profile: 'api3', os: ['linux'] });
    const a = v.checkPassword('abc123');
    const b = cvm.check('Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password=abc123', { os: ['linux'], lang: 'zh-CN' });
    let error;
    try { cvm.check('', { profile: 'api4' }); } catch (e) { error = e instanceof cvm.CvmRulesError && e.message; }
    console.log(JSON.stringify([a.valid, a.diagnostics[0].rule, b.diagnostics[0].message, error, typeof cvm.init]));`;
  const expected = JSON.stringify([false, 'password.length', '密码长度必须为 8 到 16 个字符，当前为 6 个。', 'unknown profile (expected legacy-2017 or api3)', 'function']);
  assert.equal(node(app, 'probe.cjs', `const cvm = require('cvm-rules');${probe}`), expected);
  assert.equal(node(app, 'probe.mjs', `import * as cvm from 'cvm-rules';${probe}`), expected);
  // The same classes through both: the ES module is the CommonJS entry's instance.
  assert.equal(node(app, 'same.mjs', `import { createRequire } from 'node:module'; import * as esm from 'cvm-rules';
    console.log(esm.Validator === createRequire(import.meta.url)('cvm-rules').Validator);`), 'true');
  // The browsers' entry, given the module's bytes (Node has no fetch of file URLs).
  assert.equal(node(app, 'web.mjs', `import { readFileSync } from 'node:fs';
    const web = await import('./node_modules/cvm-rules/dist/web.mjs');
    let before; try { web.check(''); } catch (e) { before = e.name; }
    await web.init(readFileSync('node_modules/cvm-rules/dist/cvm_rules_bg.wasm'));
    console.log(before, new web.Validator({ os: ['windows'] }).checkPassword('abc').diagnostics[0].params.min);`), 'CvmRulesError 12');
});

test("tsc --strict: the README's examples compile, a wrong profile or OS does not", () => {
  const { app } = freshProject();
  const tsc = join(wasmDir, 'node_modules', 'typescript', 'bin', 'tsc');
  assert.ok(existsSync(tsc), 'typescript is installed (npm ci in bindings/wasm)');
  // The package's README and the crate's.
  const readmes = [join(wasmDir, 'js', 'README.md'), join(wasmDir, '..', '..', 'README.md')].map((f) => readFileSync(f, 'utf8'));
  const blocks = readmes.flatMap((readme) => [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]));
  assert.ok(blocks.length >= 4, 'the READMEs have JavaScript examples');
  const files = [];
  blocks.forEach((code, i) => {
    // CommonJS examples as a TypeScript user writes them: `import … from`, which
    // tsc turns into require() in a .cts file (a plain require() is untyped).
    const file = code.includes('require(') ? `readme-${i}.cts` : `readme-${i}.mts`;
    const typed = code.replace(/const (\{[^}]*\}) = require\('cvm-rules'\);/g, "import $1 from 'cvm-rules';");
    writeFileSync(join(app, file), `${typed}\nexport {};\n`);
    files.push(file);
  });
  writeFileSync(join(app, 'wrong.mts'), `import { Validator, check, explain, generate, type CheckResult } from 'cvm-rules';
const r: CheckResult = check('Action=ResetInstancesPassword');
const n: number = explain().entropy.length + generate().passwords.length + r.diagnostics.length;
// @ts-expect-error: not a profile
new Validator({ profile: 'api4' });
// @ts-expect-error: not an OS family
check('', { os: ['macos'] });
// @ts-expect-error: not a language
explain({ lang: 'fr' });
// @ts-expect-error: not a rule set
generate({ rules: 'api3-strict' });
// @ts-expect-error: a password goes to checkPassword, not to a Validator
new Validator({ password: 'x' });
// @ts-expect-error: checkPassword takes a string
new Validator().checkPassword(12345678);
// @ts-expect-error: severity is a union
const s: 'fatal' = r.diagnostics[0].severity;
export { n, s };
`);
  files.push('wrong.mts');
  const run = spawnSync(process.execPath, [tsc, '--strict', '--noEmit', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--target', 'es2022', '--lib', 'es2022,dom', '--types', 'node', '--typeRoots', join(wasmDir, 'node_modules', '@types'), ...files], { cwd: app, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout + run.stderr);
});

/** Runs a command without blocking this process (a server of this process answers it meanwhile). */
function run(command, args, options) {
  return new Promise((resolve) => {
    execFile(command, args, { encoding: 'utf8', timeout: 60_000, ...options }, (error, stdout, stderr) => {
      resolve({ status: error ? (error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** esbuild's API (npm ci in bindings/wasm installs it). */
const esbuild = createRequire(import.meta.url)('esbuild');

test("esbuild, a page anywhere: the README's recipe loads the module from beside the bundle, wherever the page is", async () => {
  const { app } = freshProject();
  // The README's recipe, as a page's script.
  writeFileSync(join(app, 'page.mjs'), `import init, { Validator } from 'cvm-rules';
import wasmUrl from 'cvm-rules/cvm_rules_bg.wasm';
await init(new URL(wasmUrl, import.meta.url));
globalThis.answer = new Validator({ os: ['windows'] }).checkPassword('abc').diagnostics[0].params.min;
`);
  const site = join(app, 'site');
  // esbuild page.mjs --bundle --format=esm --loader:.wasm=file --outdir=site/assets
  await esbuild.build({ absWorkingDir: app, entryPoints: ['page.mjs'], bundle: true, format: 'esm', platform: 'browser',
    loader: { '.wasm': 'file' }, outdir: join(site, 'assets'), logLevel: 'silent' });
  // The site: the page three folders deep, the bundle and the module under /assets/.
  const requested = [];
  const server = createServer((request, response) => {
    requested.push(request.url);
    const file = join(site, decodeURIComponent(new URL(request.url, 'http://x').pathname));
    if (request.url === '/deep/er/page.html') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<script type="module" src="/assets/page.js"></script>');
    } else if (request.url.startsWith('/assets/') && existsSync(file)) {
      response.writeHead(200, { 'content-type': file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
      response.end(readFileSync(file));
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  try {
    // What the browser does for the page: fetch it, then import its script by
    // URL (Node imports from loopback URLs as a browser does, with this flag).
    const page = `const html = await (await fetch('${origin}/deep/er/page.html')).text();
const src = new URL(html.match(/src="([^"]+)"/)[1], '${origin}/deep/er/page.html');
await import(src);
console.log(globalThis.answer);`;
    const loaded = await run(process.execPath, ['--experimental-network-imports', '--no-warnings', '--input-type=module', '-e', page], { cwd: app });
    assert.equal(loaded.status, 0, loaded.stderr);
    assert.equal(loaded.stdout.trim(), '12');
    assert.ok(requested.some((url) => /^\/assets\/cvm_rules_bg-[A-Z0-9]+\.wasm$/.test(url)), requested.join(' '));
    assert.ok(!requested.some((url) => url.startsWith('/deep/er/') && url.endsWith('.wasm')), 'the module is not looked for beside the page');
  } finally {
    server.close();
  }
});

test("esbuild, a Node bundle: the README's recipe runs from a folder of its own, without node_modules", async () => {
  const { app } = freshProject();
  writeFileSync(join(app, 'server.mjs'), `import { Validator } from 'cvm-rules';
console.log(new Validator({ profile: 'api3', os: ['linux'] }).checkPassword('abc123').diagnostics[0].rule);
`);
  const out = join(app, 'out');
  // esbuild server.mjs --bundle --platform=node --outfile=out/server.cjs
  await esbuild.build({ absWorkingDir: app, entryPoints: ['server.mjs'], bundle: true, platform: 'node', format: 'cjs',
    outfile: join(out, 'server.cjs'), logLevel: 'silent' });
  const elsewhere = mkdtempSync(join(tmpdir(), 'cvm-rules-bundle-'));
  const copy = (file) => writeFileSync(join(elsewhere, file), readFileSync(file.endsWith('.wasm') ? join(app, 'node_modules', 'cvm-rules', 'dist', file) : join(out, file)));
  copy('server.cjs');
  // Without the module beside the bundle: the error the recipe's second step prevents.
  const missing = await run(process.execPath, ['server.cjs'], { cwd: elsewhere });
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /ENOENT.*cvm_rules_bg\.wasm/);
  copy('cvm_rules_bg.wasm');
  const ran = await run(process.execPath, [join(elsewhere, 'server.cjs')], { cwd: tmpdir() });
  assert.equal(ran.status, 0, ran.stderr);
  assert.equal(ran.stdout.trim(), 'password.length');
});
