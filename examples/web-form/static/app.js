// The reset-password form: checks the request as the person types (debounced),
// in the page with the library's WebAssembly module (or through /api/check
// without it), renders the requirements checklist with ticks, and submits with
// fetch (POST): with WebAssembly, the password leaves the browser only then.
// Everything is built with textContent: nothing from an answer is parsed as HTML.
'use strict';

const I18N = {
  en: {
    docTitle: 'Reset instance passwords · cvm-rules',
    title: 'Reset instance passwords',
    lede: 'CVM ResetInstancesPassword, checked before it is sent.',
    demo: 'Demo: nothing is sent to Tencent Cloud. The server only validates the request and answers as the API would.',
    ids: 'Instance IDs',
    idsHint: 'One per line, or separated by commas. At most 100.',
    os: 'Operating system',
    osUnknown: 'Unknown (strictest rules)',
    osLinux: 'Linux',
    osUbuntu: 'Ubuntu',
    osWindows: 'Windows',
    osFacts: 'From DescribeInstances JSON…',
    profile: 'API profile',
    facts: 'DescribeInstances response',
    factsHint: "Each instance's OS and state are taken from it.",
    password: 'New password',
    show: 'Show',
    hide: 'Hide',
    suggest: 'Suggest a password',
    userName: 'User name',
    optional: '(optional)',
    forceStop: 'Force stop running instances',
    submit: 'Check and submit',
    nothingSent: 'Nothing is really sent.',
    requirements: 'Password requirements',
    problems: 'Other problems',
    noProblems: 'None so far.',
    result: 'Result',
    rawAnswer: 'The API answer',
    policyUnknown: 'OS unknown: the strictest rules (Windows) apply.',
    rulesFor: 'Rules for',
    fromFacts: '(from DescribeInstances)',
    typePassword: 'Type a password to check it against each requirement.',
    allMet: 'The password meets every requirement.',
    validTitle: 'The request is valid.',
    notSent: 'Nothing was sent: this demo stops here. A real client would now call ResetInstancesPassword.',
    invalidTitle: 'The API would reject this request:',
    formErrorTitle: 'The form could not be checked:',
    allProblems: (n) => (n === 1 ? '1 problem in all, listed under Other problems and Password requirements.' : `${n} problems in all, listed under Other problems and Password requirements.`),
    warnings: (n) => (n === 1 ? '1 warning.' : `${n} warnings.`),
    error: 'error',
    warning: 'warning',
    unreachable: 'The server did not answer; is it still running?',
    entropy: (length, bits) => `A random password of ${length} characters under these rules has ${bits} bits of entropy.`,
    met: 'met',
    unmet: 'not met',
    advice: 'recommended, not required',
    unchecked: 'not checked yet',
  },
  'zh-CN': {
    docTitle: '重置实例密码 · cvm-rules',
    title: '重置实例密码',
    lede: 'CVM ResetInstancesPassword 请求，发送前先行检查。',
    demo: '演示：不会向腾讯云发送任何请求。服务器只校验请求，并按 API 的方式作答。',
    ids: '实例 ID',
    idsHint: '每行一个，或以逗号分隔。最多 100 个。',
    os: '操作系统',
    osUnknown: '未知（按最严格的规则）',
    osLinux: 'Linux',
    osUbuntu: 'Ubuntu',
    osWindows: 'Windows',
    osFacts: '来自 DescribeInstances JSON…',
    profile: 'API 版本',
    facts: 'DescribeInstances 返回结果',
    factsHint: '从中读取每个实例的操作系统和状态。',
    password: '新密码',
    show: '显示',
    hide: '隐藏',
    suggest: '生成密码',
    userName: '用户名',
    optional: '（可选）',
    forceStop: '强制关闭运行中的实例',
    submit: '检查并提交',
    nothingSent: '不会真正发送。',
    requirements: '密码要求',
    problems: '其他问题',
    noProblems: '暂无问题。',
    result: '结果',
    rawAnswer: 'API 返回内容',
    policyUnknown: '操作系统未知：按最严格的规则（Windows）检查。',
    rulesFor: '适用规则：',
    fromFacts: '（来自 DescribeInstances）',
    typePassword: '输入密码后逐项检查。',
    allMet: '密码满足全部要求。',
    validTitle: '请求有效。',
    notSent: '未发送任何内容：演示到此为止。真实客户端此时会调用 ResetInstancesPassword。',
    invalidTitle: 'API 会拒绝此请求：',
    formErrorTitle: '无法检查此表单：',
    allProblems: (n) => `共 ${n} 个问题，见“其他问题”和“密码要求”。`,
    warnings: (n) => `${n} 个警告。`,
    error: '错误',
    warning: '警告',
    unreachable: '服务器没有响应；它还在运行吗？',
    entropy: (length, bits) => `按这些规则随机生成的 ${length} 位密码有 ${bits} 比特的熵。`,
    met: '已满足',
    unmet: '未满足',
    advice: '建议，非必需',
    unchecked: '尚未检查',
  },
};

const $ = (id) => document.getElementById(id);
const form = $('reset-form');
let lang = document.documentElement.lang === 'zh-CN' ? 'zh-CN' : 'en';

function t(key, ...args) {
  const value = I18N[lang][key] ?? I18N.en[key];
  return typeof value === 'function' ? value(...args) : value;
}

/** Sets the page's language (the server decides it from Accept-Language). */
function setLang(next) {
  lang = I18N[next] ? next : 'en';
  document.documentElement.lang = lang;
  document.title = t('docTitle');
  for (const node of document.querySelectorAll('[data-i18n]')) {
    node.textContent = t(node.dataset.i18n);
  }
  $('reveal').textContent = t($('password').type === 'password' ? 'show' : 'hide');
}

/** A new element with attributes and children (strings become text nodes). */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** The batch as the person typed it: one id per line, or separated by commas or spaces. */
function splitIds(text) {
  return text.split(/[\s,，]+/).filter((id) => id.length > 0);
}

function formBody() {
  const os = $('os').value;
  const body = {
    instance_ids: splitIds($('instance-ids').value),
    os,
    profile: $('profile').value,
    password: $('password').value,
    user_name: $('user-name').value,
    force_stop: $('force-stop').checked,
  };
  if (os === 'facts') body.facts = $('facts').value;
  return body;
}

/** POSTs the form as JSON (never a GET: the password must not reach a URL). */
async function post(path, body, signal) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    cache: 'no-store',
    signal,
  });
  let json = null;
  try {
    json = await response.json();
  } catch {
    // Not JSON (an answer of the HTTP layer): reported below as unreachable.
  }
  return { ok: response.ok, json };
}

// ---- the engine: the library in the page, or the server ---------------------

// The library's WebAssembly module checks in the page, so the password stays in
// the browser until submit. Without WebAssembly (or without the module), the page
// asks /api/check, as before. `data-engine` says which, for the tests.
let wasm = null;
const engineReady = (async () => {
  try {
    if (typeof WebAssembly !== 'object') throw new Error('no WebAssembly');
    // The npm package, bundled (web/engine.js): its functions once loaded.
    const engine = await import('/engine/engine.js');
    wasm = await engine.load();
  } catch {
    wasm = null;
  }
  form.dataset.engine = wasm ? 'wasm' : 'server';
})();

/** The library's options for the form: profile, OS (or facts), language. */
function engineOptions(body, withFacts) {
  const os = ['linux', 'ubuntu', 'windows'].includes(body.os) ? [body.os] : [];
  const options = { profile: body.profile, os, lang };
  if (withFacts && body.os === 'facts') options.facts = body.facts;
  return options;
}

/** The request of the form in the library's JSON form (as /api/check builds it). */
function requestJson(body) {
  const request = { InstanceIds: body.instance_ids };
  if (body.password !== '') request.Password = body.password;
  if (body.user_name !== '') request.UserName = body.user_name;
  if (body.force_stop) request.ForceStop = true;
  return JSON.stringify(request);
}

/** What /api/check answers, computed in the page. */
function checkInPage(body) {
  let factsError = null;
  let report;
  try {
    report = wasm.check(requestJson(body), engineOptions(body, true));
  } catch (error) {
    if (body.os !== 'facts') throw error;
    // Unusable facts: the strictest policy, and why, as the server does.
    factsError = body.facts.trim() === '' ? null : error.message;
    report = wasm.check(requestJson(body), engineOptions(body, false));
  }
  const explained = wasm.explain({
    profile: body.profile,
    os: report.policy.os_known ? report.policy.families : [],
    lang,
    ...(body.password !== '' ? { password: body.password } : {}),
    ...(body.user_name !== '' ? { userName: body.user_name } : {}),
  });
  return {
    locale: lang,
    report,
    checklist: { requirements: explained.requirements, all_met: explained.all_met },
    entropy: explained.entropy,
    facts_error: factsError,
  };
}

// ---- live check --------------------------------------------------------------

const DEBOUNCE_MS = 250;
let timer = 0;
let sequence = 0;
let inFlight = null;

/** Checks again once the person pauses. `data-state` lets a test wait for it. */
function scheduleCheck(delay = DEBOUNCE_MS) {
  form.dataset.state = 'pending';
  clearTimeout(timer);
  timer = setTimeout(runCheck, delay);
}

async function runCheck() {
  const mine = ++sequence;
  inFlight?.abort();
  inFlight = new AbortController();
  await engineReady;
  const body = formBody();
  if (wasm) {
    if (mine !== sequence) return;
    try {
      renderCheck(checkInPage(body), body);
    } catch (error) {
      renderProblems([], body, [error.message]);
    }
    form.dataset.checks = String(Number(form.dataset.checks ?? 0) + 1);
    form.dataset.state = 'idle';
    return;
  }
  try {
    const { ok, json } = await post('/api/check', body, inFlight.signal);
    if (mine !== sequence) return;
    if (ok && json?.checklist) {
      renderCheck(json, body);
    } else {
      renderProblems([], body, json?.FormError ? [json.FormError.Message] : [t('unreachable')]);
    }
  } catch (error) {
    if (error.name === 'AbortError' || mine !== sequence) return;
    renderProblems([], body, [t('unreachable')]);
  }
  if (mine === sequence) {
    form.dataset.checks = String(Number(form.dataset.checks ?? 0) + 1);
    form.dataset.state = 'idle';
  }
}

function familyName(family) {
  return t(`os${family[0].toUpperCase()}${family.slice(1)}`);
}

function renderCheck(answer, body) {
  if (answer.locale !== lang) setLang(answer.locale);
  const { report, checklist } = answer;

  const policy = report.policy;
  const note = $('policy-note');
  if (!policy.os_known) {
    note.textContent = `${t('policyUnknown')} · ${report.profile}`;
  } else {
    const families = policy.families.map(familyName).join(' + ');
    const source = body.os === 'facts' ? ` ${t('fromFacts')}` : '';
    note.textContent = `${t('rulesFor')} ${families}${source} · ${report.profile}`;
  }

  // The password's diagnostics give the detail of each unmet requirement.
  const detail = new Map();
  for (const d of report.diagnostics) {
    if (d.field === 'Password' && !detail.has(d.rule)) detail.set(d.rule, d.message);
  }
  const list = $('checklist');
  list.replaceChildren();
  for (const requirement of checklist.requirements) {
    // A warning's requirement is advice: not met, it is shown as such, not as a failure.
    const advice = requirement.severity === 'warning' && requirement.met === false;
    const met = advice ? 'advice' : requirement.met === null ? 'unknown' : String(requirement.met);
    const mark = { true: '✓', false: '✗', advice: '!', unknown: '•' }[met];
    const label = { true: t('met'), false: t('unmet'), advice: t('advice'), unknown: t('unchecked') }[met];
    const item = el(
      'li',
      { class: `req req-${met}`, 'data-rule': requirement.rule, 'data-met': met },
      el('span', { class: 'mark', 'aria-label': label, role: 'img' }, mark),
      el('span', { class: 'req-text' }, requirement.message),
    );
    if (requirement.met === false && detail.has(requirement.rule)) {
      item.append(el('span', { class: 'req-detail' }, detail.get(requirement.rule)));
    }
    list.append(item);
  }
  const { entropy } = answer;
  $('entropy-note').textContent = entropy?.bits == null ? '' : t('entropy', entropy.length, entropy.bits.toFixed(1));
  const summary = body.password === '' ? t('typePassword') : checklist.all_met ? t('allMet') : '';
  list.dataset.allMet = String(checklist.all_met);
  if (summary) list.append(el('li', { class: 'req-summary' }, summary));

  renderProblems(report.diagnostics.filter((d) => d.field !== 'Password'), body, []);

  const factsError = $('facts-error');
  factsError.hidden = !(body.os === 'facts' && answer.facts_error);
  factsError.textContent = answer.facts_error ?? '';
}

/** The field of a diagnostic, with the id the person typed for `InstanceIds.N`. */
function fieldLabel(field, body) {
  const match = /^InstanceIds\.(\d+)$/.exec(field);
  if (!match) return field;
  const base = body.profile === 'api3' ? 0 : 1;
  const id = body.instance_ids[Number(match[1]) - base];
  return id === undefined ? field : `${field} · ${id}`;
}

function problemItem(d, body) {
  return el(
    'li',
    { class: `problem problem-${d.severity}`, 'data-rule': d.rule, 'data-field': d.field },
    el('span', { class: `badge badge-${d.severity}` }, t(d.severity)),
    el('span', { class: 'problem-field' }, fieldLabel(d.field, body)),
    d.code ? el('code', { class: 'problem-code' }, d.code) : '',
    el('span', { class: 'problem-message' }, d.message),
  );
}

function renderProblems(diagnostics, body, notes) {
  const list = $('problems');
  list.replaceChildren(
    ...notes.map((note) => el('li', { class: 'problem problem-error' }, note)),
    ...diagnostics.map((d) => problemItem(d, body)),
  );
  $('no-problems').hidden = list.children.length > 0;
}

// ---- submit ------------------------------------------------------------------

function showResult(answer, body) {
  const box = $('result-body');
  const result = $('result');
  result.classList.remove('stale', 'result-ok', 'result-error');
  box.replaceChildren();
  const response = answer?.Response;
  if (answer?.FormError) {
    result.classList.add('result-error');
    box.append(
      el('p', { class: 'result-title' }, t('formErrorTitle')),
      el('p', { class: 'result-message' }, answer.FormError.Message),
    );
  } else if (response?.Error) {
    result.classList.add('result-error');
    const count = response.Diagnostics?.length ?? 1;
    box.append(
      el('p', { class: 'result-title' }, t('invalidTitle')),
      el('p', {}, el('code', { class: 'result-code', id: 'result-code' }, response.Error.Code)),
      el('p', { class: 'result-message' }, response.Error.Message),
      el('p', { class: 'hint' }, t('allProblems', count)),
      el('p', { class: 'request-id' }, 'RequestId ', el('code', {}, response.RequestId)),
    );
    renderProblems((response.Diagnostics ?? []).filter((d) => d.field !== 'Password'), body, []);
  } else if (response?.RequestId) {
    result.classList.add('result-ok');
    const warnings = response.Diagnostics?.length ?? 0;
    box.append(
      el('p', { class: 'result-title', id: 'result-valid' }, t('validTitle')),
      el('p', { class: 'result-message' }, t('notSent')),
      warnings ? el('p', { class: 'hint' }, t('warnings', warnings)) : '',
      el('p', { class: 'request-id' }, 'RequestId ', el('code', {}, response.RequestId)),
    );
  } else {
    result.classList.add('result-error');
    box.append(el('p', { class: 'result-message' }, t('unreachable')));
  }
  $('result-json').textContent = answer ? JSON.stringify(answer, null, 2) : '';
  result.hidden = false;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = $('submit');
  button.disabled = true;
  form.dataset.submit = 'pending';
  const body = formBody();
  try {
    const { json } = await post('/api/submit', body);
    showResult(json, body);
  } catch {
    showResult(null, body);
  } finally {
    button.disabled = false;
    form.dataset.submit = 'done';
  }
});

// ---- wiring ------------------------------------------------------------------

form.addEventListener('input', () => {
  $('result').classList.add('stale');
  scheduleCheck();
});

$('os').addEventListener('change', () => {
  $('facts-field').hidden = $('os').value !== 'facts';
  scheduleCheck(0);
});

for (const id of ['profile', 'force-stop']) $(id).addEventListener('change', () => scheduleCheck(0));

// "Suggest a password": the server draws one that passes the form's policy (its
// OS set, profile and user name); the form's own password is not sent. It is
// shown, so the person can keep it.
$('suggest').addEventListener('click', async () => {
  const body = formBody();
  body.password = '';
  form.dataset.suggest = 'pending';
  try {
    await engineReady;
    let answer;
    if (wasm) {
      // The OS set the form's request gives (facts included), as the server finds it.
      const { policy } = checkInPage(body).report;
      const json = wasm.generate({
        profile: body.profile,
        os: policy.os_known ? policy.families : [],
        ...(body.user_name !== '' ? { userName: body.user_name } : {}),
      });
      answer = { ok: true, json };
    } else {
      answer = await post('/api/generate', body);
    }
    const { ok, json } = answer;
    if (ok && json?.passwords?.length) {
      const input = $('password');
      input.value = json.passwords[0];
      input.type = 'text';
      $('reveal').setAttribute('aria-pressed', 'true');
      $('reveal').textContent = t('hide');
      $('result').classList.add('stale');
      scheduleCheck(0);
    } else {
      renderProblems([], body, [json?.FormError?.Message ?? t('unreachable')]);
    }
  } catch {
    renderProblems([], body, [t('unreachable')]);
  } finally {
    form.dataset.suggest = 'done';
  }
});

$('reveal').addEventListener('click', () => {
  const input = $('password');
  const reveal = input.type === 'password';
  input.type = reveal ? 'text' : 'password';
  $('reveal').setAttribute('aria-pressed', String(reveal));
  $('reveal').textContent = t(reveal ? 'hide' : 'show');
});

setLang(lang);
$('facts-field').hidden = $('os').value !== 'facts';
scheduleCheck(0);
