// End-to-end check of the browser playground in Debian's chromium, driven headless by playwright-core.
// PlaygroundBrowserTest starts the service on the default model and runs:
//   node playground.e2e.mjs --base-url=http://localhost:8081/ --n=4 --max-tokens=160 \
//        --screenshot=target/playground/playground.png [--deadline-s=45] [--chromium=/usr/bin/chromium]
// It loads the page, shows a bad-input error, solves one example problem and checks that N sample
// columns stream, that a final answer, its facts and the tally appear, that cancelled samples are
// marked, that a confidence rule draws each sample's confidence curve, that the metrics panel has numbers, that nothing outside the service is fetched, and that
// the page fits a phone's width. Screenshots: the given path (desktop) and "-narrow" beside it.
// Exit status 0 when every check passed; otherwise the reason is on stderr.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: opt } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    n: { type: 'string', default: '4' },
    'max-tokens': { type: 'string', default: '160' },
    screenshot: { type: 'string', default: 'playground.png' },
    chromium: { type: 'string', default: process.env.CHROMIUM || '/usr/bin/chromium' },
    'deadline-s': { type: 'string', default: '45' },
  },
});
const base = new URL(opt['base-url'] ?? fail('--base-url is required'));
const n = Number(opt.n);
const deadline = Number(opt['deadline-s']);
const solveTimeout = (deadline + 20) * 1000; // the page's deadline ends the vote; this ends the wait

function fail(message) {
  throw new Error(message);
}

function check(condition, message) {
  if (!condition) fail(message);
}

function log(message) {
  console.log(`[playground.e2e ${new Date().toISOString().slice(11, 23)}] ${message}`);
}

// The page's pure helpers first, in Node: they need no browser.
const pageDir = '../../main/resources/META-INF/resources/playground/';
const { EventParser } = await import(`${pageDir}sse.js`);
const { lastBox } = await import(`${pageDir}samples.js`);
const { parsePrometheus } = await import(`${pageDir}metrics.js`);
const { tokensSaved } = await import(`${pageDir}result.js`);
try {
  const wire = 'event:vote\r\ncontent-type:application/json\r\ndata:{"a":1}\r\n\r\n: ping\n\nevent: result\ndata: x\ndata: y\n\n';
  for (let cut = 0; cut <= wire.length; cut++) {
    const p = new EventParser();
    const events = [...p.push(wire.slice(0, cut)), ...p.push(wire.slice(cut))];
    check(JSON.stringify(events) === JSON.stringify([{ event: 'vote', data: '{"a":1}' }, { event: 'result', data: 'x\ny' }]),
      `SSE split at ${cut}: ${JSON.stringify(events)}`);
  }
  const t = 'a \\boxed{1} b \\boxed{\\frac{1}{2}} c \\boxed{3';
  check(t.slice(lastBox(t).from, lastBox(t).to) === '\\boxed{\\frac{1}{2}}', `lastBox: ${JSON.stringify(lastBox(t))}`);
  const m = parsePrometheus('# HELP x\nfastmath_num_requests_running 3.0\nfastmath_request_success_total{finished_reason="stop"} 2\n'
    + 'fastmath_request_success_total{finished_reason="abort"} 5\n');
  check(m.get('fastmath_num_requests_running') === 3 && m.get('fastmath_request_success_total') === 7, 'parsePrometheus');
  const sample = (tokens, reason) => ({ tokens, finish_reason: reason });
  check(tokensSaved({ samples: [sample(100, 'stop'), sample(50, 'stop'), sample(30, 'abort'), sample(0, null)] }) === 120,
    'tokensSaved: 2 cancelled x mean 75, less the 30 they used');
} catch (e) {
  console.error(`FAILED (page helpers): ${e.message}`);
  process.exit(1);
}
log('page helpers: SSE parser, box finder, metrics parser, tokens saved');

if (!existsSync(opt.chromium)) {
  console.error(`chromium not found at ${opt.chromium}: install it (apt-get install -y chromium) or pass --chromium=PATH`);
  process.exit(2);
}

const profile = mkdtempSync(join(tmpdir(), 'fastmath-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: opt.chromium,
  headless: true,
  viewport: { width: 1400, height: 1000 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems = [];
try {
  const page = context.pages()[0] ?? await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // Chromium logs every 4xx as a console error; responses are checked on their own below.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console error: ${m.text()}`);
  });
  const refusals = new Map([[400, 1], [429, 1]]); // the bad request and the overload below are meant to be refused
  page.on('response', (r) => {
    const expected = r.url().endsWith('/v1/solve/stream') && refusals.get(r.status()) > 0;
    if (expected) refusals.set(r.status(), refusals.get(r.status()) - 1);
    else if (r.status() >= 400) problems.push(`${r.status()} from ${r.url()}`);
  });
  page.on('request', (r) => {
    if (new URL(r.url()).origin !== base.origin && !r.url().startsWith('data:')) problems.push(`fetched off the service: ${r.url()}`);
  });

  log(`open ${base}`);
  const response = await page.goto(base.href, { waitUntil: 'load' });
  check(response.ok(), `GET ${base} answered ${response.status()}`);
  check(new URL(page.url()).pathname === '/playground/', `the root should lead to /playground/, landed on ${page.url()}`);
  await page.waitForSelector('#model:not(:has-text("…"))');
  log(await page.textContent('#model'));

  // Bad input: the service's 400 in words, naming the field.
  await page.fill('#max-tokens', '5000');
  await page.click('#solve');
  await page.waitForSelector('#error:not([hidden])', { timeout: 10_000 });
  const error = await page.textContent('#error');
  log(`bad input shown as: ${error}`);
  check(/Max tokens per sample/.test(error) && /context/.test(error), `the 400 should be explained with its field, got: ${error}`);
  check(await page.getAttribute('#max-tokens', 'aria-invalid') === 'true', 'the bad field should be marked');
  check(await page.locator('.sample').count() === 0, 'no sample columns after a refused request');

  // Overload: a 429 as the service sends it (ApiErrors: the body, Retry-After), in words with the wait,
  // and the Solve button held for that long. Answered here, not by the service: filling it takes minutes.
  await page.route('**/v1/solve/stream', (route) => route.fulfill({
    status: 429,
    headers: { 'Content-Type': 'application/json', 'Retry-After': '2' },
    body: JSON.stringify({ error: { message: 'the service is solving as many problems as it queues; retry after 2 s',
      type: 'rate_limit_error', param: null, code: 429 } }),
  }), { times: 1 });
  await page.fill('#max-tokens', opt['max-tokens']);
  await page.click('#solve');
  await page.waitForFunction(() => /busy.*Try again in 2 seconds/.test(document.querySelector('#error').textContent),
    null, { timeout: 10_000 });
  log(`overload shown as: ${await page.textContent('#error')} [${await page.textContent('#solve')}]`);
  check(await page.isDisabled('#solve'), 'Solve should wait for Retry-After');
  await page.waitForFunction(() => !document.querySelector('#solve').disabled, null, { timeout: 5_000 });

  // A real solve on the default model: example 1 of the synthetic split, a rule that can stop early.
  await page.selectOption('#example', '0');
  await page.fill('#n', String(n));
  await page.selectOption('#rule', 'k-of-m');
  await page.fill('#rule-param', '2/3');
  await page.fill('#max-tokens', opt['max-tokens']);
  await page.fill('#deadline', String(deadline));
  await page.click('.sampling summary');
  await page.fill('#seed', '1');
  const started = Date.now();
  await page.click('#solve');
  await page.waitForFunction((count) => document.querySelectorAll('#samples .sample').length === count, n, { timeout: 10_000 });
  log(`${n} columns`);
  await page.waitForFunction(() => [...document.querySelectorAll('#samples .sample.running .text')].some((t) => t.textContent.length > 0),
    null, { timeout: solveTimeout });
  log('text streams into running columns');
  await page.waitForSelector('#final-answer.answered, #final-answer.none', { timeout: solveTimeout });
  log(`solved in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const state = await page.evaluate(() => ({
    columns: document.querySelectorAll('#samples .sample').length,
    running: document.querySelectorAll('#samples .sample.running').length,
    cancelled: document.querySelectorAll('#samples .sample.cancelled').length,
    withText: [...document.querySelectorAll('#samples .sample .text')].filter((t) => t.textContent.length > 0).length,
    answer: document.querySelector('#final-answer').textContent,
    bars: [...document.querySelectorAll('#tally .bar')].map((b) => `${b.querySelector('.answer').textContent}=${b.querySelector('.votes').textContent}`),
    facts: Object.fromEntries([...document.querySelectorAll('#result-facts > div')].map((d) => [d.firstChild.textContent, d.lastChild.textContent])),
    error: document.querySelector('#error').hidden ? null : document.querySelector('#error').textContent,
    metrics: Object.fromEntries([...document.querySelectorAll('[data-metric]')].map((d) => [d.dataset.metric, d.textContent])),
  }));
  log(JSON.stringify(state));
  check(state.error == null, `an error was shown: ${state.error}`);
  check(state.columns === n, `expected ${n} sample columns, found ${state.columns}`);
  check(state.running === 0, `${state.running} columns still look running after the result`);
  check(state.withText > 0, 'no column shows any text');
  check(state.answer.trim() !== '', 'the final answer is empty');
  check(state.bars.length > 0, 'the tally shows no bar');
  for (const key of ['Vote share', 'Tokens used', 'Saved by stopping early', 'Time', 'Samples', 'Stopped']) {
    check(state.facts[key], `the result does not say "${key}": ${JSON.stringify(state.facts)}`);
  }
  const samples = /(\d+) finished, (\d+) cancelled, of (\d+)/.exec(state.facts.Samples);
  check(samples && Number(samples[3]) === n, `the samples line is wrong: ${state.facts.Samples}`);
  check(Number(samples[2]) === state.cancelled, `${samples[2]} cancelled samples but ${state.cancelled} columns marked cancelled`);
  const count = (label) => state.bars.filter((b) => b.startsWith(`${label}=`)).reduce((sum, b) => sum + Number(b.split('=').pop()), 0);
  const all = state.bars.reduce((sum, b) => sum + Number(b.split('=').pop()), 0);
  check(count('running') === 0, `the final tally still shows running samples: ${state.bars}`);
  check(count('cancelled') === state.cancelled, `the tally shows ${count('cancelled')} cancelled, the columns ${state.cancelled}`);
  check(all - count('cancelled') === Number(samples[1]), `the tally counts ${all - count('cancelled')} votes but ${samples[1]} samples finished`);
  check(Number(state.facts['Tokens used']) > 0, `no tokens used: ${state.facts['Tokens used']}`);

  // A confidence rule: each column draws its sample's group confidence as it streams.
  await page.selectOption('#rule', 'deepconf');
  await page.fill('#rule-param', '2/10/0.95');
  await page.evaluate(() => { document.querySelector('#final-answer').className = 'final-answer stale'; });
  await page.click('#solve');
  await page.waitForSelector('#final-answer.answered, #final-answer.none', { timeout: solveTimeout });
  const curves = await page.evaluate(() => [...document.querySelectorAll('#samples .sample svg.confidence:not(.empty) polyline')]
    .map((p) => p.getAttribute('points').split(' ').length));
  log(`deepconf: confidence curves of ${curves.length} samples, ${curves.join('/')} points`);
  check(curves.length > 0 && curves.every((k) => k > 1), `no confidence curve drawn: ${JSON.stringify(curves)}`);
  const stopped = await page.evaluate(() => document.querySelector('#result-facts').textContent);
  check(!/error/i.test(stopped), `the deepconf result shows an error: ${stopped}`);

  // The metrics panel has numbers once scraped (every 2 s).
  await page.waitForFunction(() => ['running', 'waiting', 'kv'].every(
    (k) => /\d/.test(document.querySelector(`[data-metric="${k}"]`).textContent)), null, { timeout: 10_000 });

  mkdirSync(dirname(opt.screenshot), { recursive: true });
  await page.screenshot({ path: opt.screenshot, fullPage: true });
  log(`screenshot ${opt.screenshot}`);

  // A phone's width: nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `at 390 px the page is ${overflow} px wider than the screen`);
  const narrow = opt.screenshot.replace(/(\.png)?$/, '-narrow.png');
  await page.screenshot({ path: narrow, fullPage: true });
  log(`screenshot ${narrow}`);

  check(problems.length === 0, problems.join('\n'));
  log('all checks passed');
} catch (e) {
  console.error(`FAILED: ${e.message}`);
  if (problems.length) console.error(problems.join('\n'));
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
