// Drives the web-form example in headless Chromium, as a person would.
//
//   node test.mjs http://127.0.0.1:PORT/      (run.sh starts the server and passes it)
//
// Uses Debian's /usr/bin/chromium through playwright-core (no browser download).
// Each step depends on the one before: the first failure stops the run. Exits
// non-zero on any failure; the last line is "browser: N passed, N failed".
import { chromium } from 'playwright-core';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BASE = process.argv[2] ?? process.env.BASE_URL;
if (!BASE) {
  console.error('usage: node test.mjs BASE_URL');
  process.exit(2);
}
const SCREENSHOT = process.env.SCREENSHOT ?? fileURLToPath(new URL('../screenshot.png', import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// Typed in two goes: a weak start, then the rest. Every prefix from 4 characters on
// was sent to /api/check while typing, and none may come back in any answer.
const WEAK = 'zqxw';
const PASSWORD = `${WEAK}7!Pk-Vr9#m`; // 14 characters, four classes: valid everywhere
const SECRETS = [...Array(PASSWORD.length - WEAK.length + 1)].map((_, i) => PASSWORD.slice(0, WEAK.length + i));

const TIMEOUT_MS = 10_000;
let passed = 0;
let failed = 0;

async function step(name, fn) {
  try {
    await fn();
    passed += 1;
    console.log(`ok ${passed} - ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`not ok - ${name}\n  ${String(error?.stack ?? error).replaceAll('\n', '\n  ')}`);
    throw error;
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Polls `probe` until it returns a truthy value; fails with what it last saw. */
async function until(what, probe, timeout = TIMEOUT_MS) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (error) {
      last = error.message;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last seen: ${JSON.stringify(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the debounced check has answered for everything typed so far. */
async function settled(page) {
  await page.waitForSelector('#reset-form[data-state="idle"]', { timeout: TIMEOUT_MS });
}

/** The checklist as [{rule, met, text, detail}]. */
function checklist(page) {
  return page.$$eval('#checklist li[data-rule]', (items) =>
    items.map((li) => ({
      rule: li.dataset.rule,
      met: li.dataset.met,
      text: li.querySelector('.req-text')?.textContent ?? '',
      detail: li.querySelector('.req-detail')?.textContent ?? '',
    })),
  );
}

async function requirement(page, rule) {
  return (await checklist(page)).find((r) => r.rule === rule);
}

/** Records every request and response of a context, to search them afterwards. */
function record(context) {
  const log = { requests: [], responses: [], pending: [], errors: [] };
  context.on('request', (request) => log.requests.push({
    method: request.method(),
    url: request.url(),
    body: request.postData() ?? '',
    acceptLanguage: request.headers()['accept-language'] ?? '',
  }));
  context.on('response', (response) => {
    log.pending.push(
      response
        .body()
        .then((body) => log.responses.push({ url: response.url(), text: body.toString('utf8') }))
        .catch(() => {}), // a body no longer available (a redirect, an aborted check)
    );
  });
  context.on('page', (page) => {
    page.on('pageerror', (error) => log.errors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') log.errors.push(`console error: ${message.text()}`);
    });
  });
  return log;
}

/** No response body, no URL and no page text holds the password or a prefix of it. */
async function assertNoLeak(log, page) {
  await Promise.all(log.pending);
  assert(log.responses.length > 0, 'no response was recorded');
  for (const secret of SECRETS) {
    for (const { url, text } of log.responses) {
      assert(!text.includes(secret), `the response of ${url} holds the password (or its prefix ${secret.length} characters long)`);
    }
    for (const { url } of log.requests) {
      assert(!url.includes(secret) && !url.includes(encodeURIComponent(secret)), `a request URL holds the password: ${url}`);
    }
    const pageText = await page.evaluate(() => document.documentElement.outerHTML + document.body.innerText);
    assert(!pageText.includes(secret), 'the page shows the password');
  }
  for (const { method, url } of log.requests) {
    if (new URL(url).pathname.startsWith('/api/')) assert(method === 'POST', `${method} ${url}: the API must only be called with POST`);
  }
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  // Playwright gives every launch a fresh, temporary --user-data-dir of its own
  // (and refuses one in `args`), removed when the browser closes.
  args: [
    '--headless',
    '--no-sandbox', // runs as root in CI
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
console.log(`chromium ${browser.version()}, server ${BASE}`);

let exitCode = 0;
let page;
try {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
  const log = record(context);
  page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);

  await step('the page loads the WebAssembly module under a CSP that allows just that', async () => {
    const response = await page.goto(BASE);
    const csp = response.headers()['content-security-policy'];
    assert(csp.includes("script-src 'self' 'wasm-unsafe-eval';"), `CSP: ${csp}`);
    assert(!csp.includes("'unsafe-eval'") && !csp.includes("'unsafe-inline'"), `CSP: ${csp}`);
    await page.waitForSelector('#reset-form[data-engine]');
    assert((await page.getAttribute('#reset-form', 'data-engine')) === 'wasm', 'the page checks with WebAssembly');
  });

  await step('the page loads and lists the strictest requirements', async () => {
    await page.waitForSelector('#checklist li[data-rule="password.length"]');
    await settled(page);
    const length = await requirement(page, 'password.length');
    assert(length.text === '12 to 16 characters', `OS unknown should mean Windows bounds, got ${JSON.stringify(length)}`);
    assert(length.met === 'unknown', 'nothing is ticked before a password is typed');
    assert((await page.textContent('#policy-note')).includes('OS unknown'), 'the policy note says the OS is unknown');
    const entropy = await page.textContent('#entropy-note');
    assert(entropy === 'A random password of 16 characters under these rules has 104.1 bits of entropy.', `entropy note: ${entropy}`);
    assert((await page.getAttribute('#reset-form', 'method')) === 'post', 'the form must be method="post"');
  });

  await step('a weak password shows the unmet requirements', async () => {
    await page.fill('#instance-ids', 'ins-r8hr2upy');
    await page.selectOption('#os', 'linux');
    await page.selectOption('#profile', 'legacy-2017');
    await page.locator('#password').pressSequentially(WEAK, { delay: 30 });
    await settled(page);
    const list = await checklist(page);
    const length = list.find((r) => r.rule === 'password.length');
    const classes = list.find((r) => r.rule === 'password.classes');
    assert(length.met === 'false' && length.text === '8 to 16 characters', `length: ${JSON.stringify(length)}`);
    assert(length.detail.includes('and it has 4'), `length detail: ${length.detail}`);
    assert(classes.met === 'false', `classes: ${JSON.stringify(classes)}`);
    assert(await page.isVisible('#checklist li[data-met="false"] .mark'), 'the unmet marks are visible');
  });

  await step('completing the password ticks every requirement', async () => {
    const checksBefore = Number(await page.getAttribute('#reset-form', 'data-checks'));
    const rest = PASSWORD.slice(WEAK.length);
    await page.locator('#password').pressSequentially(rest, { delay: 30 });
    await settled(page);
    const list = await checklist(page);
    assert(list.length === 4, `four Linux requirements, got ${list.length}`);
    assert(list.every((r) => r.met === 'true'), `all met: ${JSON.stringify(list)}`);
    assert((await page.getAttribute('#checklist', 'data-all-met')) === 'true', 'the list says all met');
    const checks = Number(await page.getAttribute('#reset-form', 'data-checks')) - checksBefore;
    assert(checks >= 1 && checks < rest.length, `debounced: ${checks} checks for ${rest.length} keystrokes`);
  });

  await step('while typing, no request carries the password', async () => {
    const carrying = log.requests.filter((r) => SECRETS.some((secret) => r.body.includes(secret) || r.url.includes(secret)));
    assert(carrying.length === 0, `requests with the password: ${carrying.map((r) => r.url).join(', ')}`);
    assert(!log.requests.some((r) => r.url.endsWith('/api/check')), 'the page checked in place, without /api/check');
  });

  await step('Windows brings the stricter bounds', async () => {
    await page.selectOption('#os', 'windows');
    const length = await until('the Windows length bounds', async () => {
      const r = await requirement(page, 'password.length');
      return r?.text === '12 to 16 characters' && r;
    });
    assert(length.met === 'true', `14 characters meet 12 to 16: ${JSON.stringify(length)}`);
    const classes = await requirement(page, 'password.classes');
    assert(classes.text.startsWith('At least 3 of these 4 classes'), `classes: ${classes.text}`);
    assert((await page.textContent('#policy-note')).includes('Windows'), 'the policy note names Windows');
  });

  await step('an invalid batch is refused with InvalidInstanceId.Malformed', async () => {
    await page.fill('#instance-ids', 'ins-r8hr2upy\nins-1122');
    await settled(page);
    await until('the malformed id among the problems', () =>
      page.textContent('#problems').then((t) => t.includes('InstanceIds.2 · ins-1122')));
    await page.click('#submit');
    await page.waitForSelector('#reset-form[data-submit="done"]');
    const code = await page.textContent('#result-code');
    assert(code === 'InvalidInstanceId.Malformed', `error code shown: ${code}`);
    const result = await page.textContent('#result');
    assert(result.includes('InstanceIds.2 is not a valid instance ID'), `error message shown: ${result}`);
    assert(/RequestId [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/.test(result), 'a RequestId is shown');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`  screenshot: ${SCREENSHOT}`);
  });

  await step('a valid batch is accepted, and the page says nothing was sent', async () => {
    await page.fill('#instance-ids', 'ins-r8hr2upy, ins-5d8a23rs');
    await settled(page);
    await page.click('#submit');
    await page.waitForSelector('#result-valid');
    const result = await page.textContent('#result');
    assert(result.includes('The request is valid.'), result);
    assert(result.includes('Nothing was sent'), result);
  });

  await step('"Suggest a password" fills one that ticks every requirement, and the submit succeeds', async () => {
    await page.selectOption('#profile', 'api3');
    await page.selectOption('#os', 'windows');
    await page.fill('#user-name', 'deployer');
    await settled(page);
    const before = await page.inputValue('#password');
    await page.click('#suggest');
    await page.waitForSelector('#reset-form[data-suggest="done"]');
    await settled(page);
    const suggested = await page.inputValue('#password');
    assert(suggested !== before && suggested.length === 16, `a new 16-character password: ${suggested.length}`);
    const list = await until('the checklist of the suggestion', async () => {
      const l = await checklist(page);
      return l.length === 5 && l.every((r) => r.met === 'true') && l;
    });
    assert(list.some((r) => r.rule === 'password.contains_username'), 'api3 Windows lists the user-name rule');
    await page.click('#submit');
    await page.waitForSelector('#result-valid');
    assert((await page.textContent('#result')).includes('The request is valid.'), 'the suggestion is accepted');
    assert(!(await page.$$eval('#problems li', (items) => items.length)), 'no other problem');
  });

  await step('API 3.0 on Linux: 10 characters are valid, 12 recommended, shown as advice', async () => {
    await page.selectOption('#os', 'linux');
    await page.fill('#password', PASSWORD.slice(0, 10));
    await settled(page);
    const list = await until('the Linux checklist with its advice', async () => {
      const l = await checklist(page);
      return l.length === 5 && l.some((r) => r.rule === 'password.recommended_length') && l;
    });
    const advice = list.find((r) => r.rule === 'password.recommended_length');
    assert(advice.met === 'advice', `the recommendation is advice: ${JSON.stringify(advice)}`);
    assert(list.filter((r) => r !== advice).every((r) => r.met === 'true'), `the rest met: ${JSON.stringify(list)}`);
    assert((await page.getAttribute('#checklist', 'data-all-met')) === 'true', 'advice does not block: all met');
  });

  await step('the password appears in no response, URL or page text', async () => {
    await assertNoLeak(log, page);
    const api = log.responses.filter((r) => new URL(r.url).pathname.startsWith('/api/'));
    assert(api.length >= 3, `the API answers (the submits) were searched (${api.length})`);
  });

  await step('the page ran without script errors', async () => {
    assert(log.errors.length === 0, log.errors.join('\n'));
  });
  await context.close();

  await step('without WebAssembly the page falls back to /api/check and still ticks', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    // WebAssembly disabled: gone before any script of the page runs.
    await context.addInitScript(() => {
      delete globalThis.WebAssembly;
    });
    const plainLog = record(context);
    const plainPage = await context.newPage();
    plainPage.setDefaultTimeout(TIMEOUT_MS);
    await plainPage.goto(BASE);
    await plainPage.waitForSelector('#reset-form[data-engine]');
    assert((await plainPage.getAttribute('#reset-form', 'data-engine')) === 'server', 'no WebAssembly: the server checks');
    await plainPage.fill('#instance-ids', 'ins-r8hr2upy');
    await plainPage.selectOption('#os', 'linux');
    await plainPage.locator('#password').pressSequentially(PASSWORD, { delay: 10 });
    await settled(plainPage);
    const list = await checklist(plainPage);
    assert(list.length === 4 && list.every((r) => r.met === 'true'), `all met through the server: ${JSON.stringify(list)}`);
    assert(plainLog.requests.some((r) => r.url.endsWith('/api/check')), 'the checks went to /api/check');
    await assertNoLeak(plainLog, plainPage);
    await context.close();
  });

  await step('Accept-Language zh-CN gets Chinese requirements and labels', async () => {
    const zh = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 860 } });
    const zhLog = record(zh);
    const zhPage = await zh.newPage();
    zhPage.setDefaultTimeout(TIMEOUT_MS);
    await zhPage.goto(BASE);
    await zhPage.waitForSelector('#checklist li[data-rule="password.length"]');
    await settled(zhPage);
    const length = await requirement(zhPage, 'password.length');
    assert(length.text === '长度为 12 到 16 个字符', `Chinese requirement: ${length.text}`);
    assert((await zhPage.textContent('h1')) === '重置实例密码', 'the labels are Chinese');
    assert(zhLog.requests.some((r) => r.acceptLanguage.startsWith('zh-CN')), 'the browser sent Accept-Language: zh-CN');
    await zhPage.fill('#instance-ids', 'ins-1122');
    await zhPage.locator('#password').pressSequentially(PASSWORD, { delay: 10 });
    await settled(zhPage);
    const list = await checklist(zhPage);
    assert(list.every((r) => r.met === 'true'), `all met: ${JSON.stringify(list)}`);
    await zhPage.click('#submit');
    await zhPage.waitForSelector('#reset-form[data-submit="done"]');
    const result = await zhPage.textContent('#result');
    assert(result.includes('InvalidInstanceId.Malformed') && result.includes('不是有效的实例 ID'), `Chinese error: ${result}`);
    await assertNoLeak(zhLog, zhPage);
    assert(zhLog.errors.length === 0, zhLog.errors.join('\n'));
    await zh.close();
  });
} catch (error) {
  exitCode = 1;
  if (page && !page.isClosed()) {
    const shot = join(tmpdir(), 'web-form-failure.png');
    await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
    console.log(`  the page at the failure: ${shot}`);
  }
  if (failed === 0) {
    // Failed outside a step (the launch, a context).
    failed += 1;
    console.log(`not ok - ${error?.stack ?? error}`);
  }
} finally {
  await browser.close();
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(exitCode || (failed > 0 ? 1 : 0));
