// The playground: a problem and the solver's knobs in, N live sample columns, the vote and the
// service's numbers out. Everything talks to the same service that serves this page.
import { ApiError, apiKey, describe, servingModel, setApiKey, solveStream } from './api.js';
import { watchMetrics } from './metrics.js';
import { EXAMPLES } from './problems.js';
import { SampleColumns } from './samples.js';
import { EARLY, STOP_REASONS, tokensSaved } from './result.js';
import { AnswerColors, drawTally } from './tally.js';

const $ = (id) => document.getElementById(id);
const form = $('solve-form');
const columns = new SampleColumns($('samples'));
let running = null; // {controller, clock} while a solve runs
let metrics = null; // the metrics panel's poller

const RULE_PARAMS = {
  beta: { label: 'Confidence p', value: '0.95' },
  'k-of-m': { label: 'K/M', value: '3/5' },
  deepconf: { label: 'Warm-up/keep %/consensus', value: '4/10/0.95' },
  'conf-vote': { label: 'Score:top keep %', value: 'lowest-group:top10' },
};

function setUp() {
  const select = $('example');
  const groups = new Map();
  EXAMPLES.forEach((e, i) => {
    if (!groups.has(e.group)) {
      const g = document.createElement('optgroup');
      g.label = e.group;
      select.append(g);
      groups.set(e.group, g);
    }
    const option = new Option(`${e.id}: ${e.problem.slice(0, 60)}${e.problem.length > 60 ? '…' : ''}`, String(i));
    groups.get(e.group).append(option);
  });
  select.addEventListener('change', () => {
    if (select.value !== '') $('problem').value = EXAMPLES[Number(select.value)].problem;
  });
  $('problem').addEventListener('input', () => {
    if (select.value !== '' && $('problem').value !== EXAMPLES[Number(select.value)].problem) select.value = '';
  });
  select.value = '0';
  $('problem').value = EXAMPLES[0].problem;
  $('rule').addEventListener('change', ruleChanged);
  ruleChanged();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    solve();
  });
  $('stop').addEventListener('click', () => running && running.controller.abort());
  $('api-key').value = apiKey();
  $('api-key').addEventListener('change', () => {
    setApiKey($('api-key').value.trim());
    showModel();
  });
  showModel();
  metrics = watchMetrics(showMetrics);
}

function showModel() {
  servingModel().then((m) => {
    if (m && m.needsKey) $('model').textContent = 'model: the service needs an API key (enter it under "API key")';
    else $('model').textContent = m ? `model: ${m.id} · context ${m.max_model_len} tokens` : 'model: not loaded yet';
  });
}

function ruleChanged() {
  const param = RULE_PARAMS[$('rule').value];
  $('rule-param-label').hidden = !param;
  if (param) {
    $('rule-param-label').firstChild.textContent = `${param.label} `;
    $('rule-param').value = param.value;
  }
}

function showMetrics(m) {
  const show = (key, text) => { document.querySelector(`[data-metric="${key}"]`).textContent = text; };
  const fmt = (v, f) => (m && v != null ? f(v) : '–');
  show('running', fmt(m?.running, (v) => v.toFixed(0)));
  show('waiting', fmt(m?.waiting, (v) => v.toFixed(0)));
  show('kv', fmt(m?.kv, (v) => `${(100 * v).toFixed(1)}%`));
  show('tokensPerSecond', fmt(m?.tokensPerSecond, (v) => v.toFixed(v < 10 ? 1 : 0)));
  $('metrics').classList.toggle('offline', !m);
}

/** The form as a solve request (snake_case, as the API reads it). */
function request() {
  const number = (id) => ($(id).value.trim() === '' ? undefined : Number($(id).value));
  const rule = $('rule').value;
  return {
    problem: $('problem').value,
    n: number('n'),
    rule: RULE_PARAMS[rule] ? `${rule}:${$('rule-param').value.trim()}` : rule,
    max_tokens: number('max-tokens'),
    token_budget: number('token-budget'),
    deadline_s: number('deadline'),
    temperature: number('temperature'),
    top_p: number('top-p'),
    min_p: number('min-p'),
    seed: number('seed'),
  };
}

async function solve() {
  const body = request();
  const example = EXAMPLES[Number($('example').value)];
  const gold = $('example').value !== '' && example.problem === body.problem ? example.answer : null;
  clearMessages();
  const controller = new AbortController();
  const colors = new AnswerColors();
  const started = performance.now();
  const n = Math.max(0, Math.min(64, body.n | 0));
  const live = { tokens: new Array(n).fill(0), tally: {}, leader: null, share: 0, finished: 0, running: n, cancelled: 0 };
  running = { controller, clock: setInterval(() => showLive(live, started), 250) };
  setRunning(true);
  columns.reset(n);
  drawTally($('tally'), live, colors);
  $('final-answer').className = 'final-answer live';
  showLive(live, started);
  if (window.matchMedia('(max-width: 60rem)').matches) $('result').scrollIntoView({ behavior: 'smooth' });
  try {
    const result = await solveStream(body, {
      signal: controller.signal,
      onEvent(event, data) {
        if (event === 'sample_delta') {
          columns.delta(data.index, data.text, data.tokens, data.group_confidence);
          live.tokens[data.index] = data.tokens;
        } else if (event === 'sample_finished') {
          columns.finished(data.index, data, colors.of(data.answer));
          live.tokens[data.index] = data.tokens;
          if (data.finish_reason === 'abort' || data.finish_reason === 'low_confidence') {
            live.cancelled++;
            live.running = n - live.finished - live.cancelled;
            drawTally($('tally'), live, colors);
          }
        } else if (event === 'vote') {
          Object.assign(live, { tally: data.tally, leader: data.leader, share: data.share, finished: data.finished });
          live.running = n - live.finished - live.cancelled;
          drawTally($('tally'), live, colors);
        }
      },
    });
    showResult(result, body, gold, colors);
  } catch (e) {
    if (controller.signal.aborted) {
      columns.closed('stopped by you');
      drawTally($('tally'), { ...live, running: 0, cancelled: n - live.finished }, colors);
      $('final-answer').className = 'final-answer idle';
      $('final-answer').textContent = 'stopped';
      notice('Stopped: the connection was closed and the service cancelled the samples.');
    } else if (e instanceof ApiError && e.status > 0) { // refused before any sample ran
      columns.reset(0);
      drawTally($('tally'), { tally: {}, finished: 0 }, colors);
      $('final-answer').className = 'final-answer idle';
      $('final-answer').textContent = '–';
      $('result-facts').replaceChildren();
      showError(e);
    } else { // lost mid-stream: keep what arrived
      columns.closed('connection lost');
      $('final-answer').className = 'final-answer idle';
      $('final-answer').textContent = 'no result';
      showError(e);
    }
  } finally {
    metrics.refresh();
    clearInterval(running.clock);
    running = null;
    setRunning(false);
  }
}

function showLive(live, started) {
  const tokens = live.tokens.reduce((a, b) => a + b, 0);
  $('final-answer').textContent = live.leader == null ? 'voting…' : `${live.leader} leads`;
  facts([
    ['Leader share', live.leader == null ? '–' : pct(live.share)],
    ['Tokens so far', String(tokens)],
    ['Time', `${((performance.now() - started) / 1000).toFixed(1)} s`],
  ]);
}

function showResult(r, body, gold, colors) {
  const n = r.samples.length;
  const answered = Object.values(r.tally).reduce((a, b) => a + b, 0);
  const cancelled = r.samples.filter((s) => s.finish_reason === 'abort' || s.finish_reason == null).length;
  const pruned = r.samples.filter((s) => s.finish_reason === 'low_confidence').length;
  drawTally($('tally'), { tally: r.tally, leader: r.answer, finished: r.finished, cancelled: n - r.finished }, colors);
  columns.closed(EARLY.has(r.stop_reason) ? 'the vote was decided'
    : r.stop_reason === 'token_budget' ? 'token budget spent'
      : r.stop_reason === 'deadline' ? 'deadline' : 'stopped');
  const el = $('final-answer');
  el.className = 'final-answer ' + (r.answer == null ? 'none' : 'answered');
  el.textContent = r.answer ?? 'no answer';
  if (r.answer != null) el.style.setProperty('--answer-color', colors.of(r.answer));
  const saved = EARLY.has(r.stop_reason) ? tokensSaved(r) : 0;
  const rows = [
    ['Vote share', r.answer == null ? '–' : `${pct(r.share)} (${r.tally[r.answer]} of ${answered} answers)`],
    ['Tokens used', String(r.tokens)],
    ['Saved by stopping early', EARLY.has(r.stop_reason) ? `≈ ${saved}` : '0 (no early stop)'],
    ['Time', `${r.seconds.toFixed(1)} s`],
    ['Samples', `${r.finished} finished, ${cancelled} cancelled, ${pruned ? `${pruned} pruned for low confidence, ` : ''}of ${n}`],
    ['Stopped', STOP_REASONS[r.stop_reason] || r.stop_reason],
  ];
  if (gold != null) rows.push(['Reference answer', `${gold} ${r.answer === gold ? '✓ right' : '✗'}`]);
  facts(rows);
  if (r.stop_reason === 'deadline') {
    notice(`Time is up: the deadline of ${body.deadline_s} s ran out before the vote was over. `
      + (r.finished === 0 ? 'No sample finished in time, so there is no answer.'
        : `The answer is the vote of the ${r.finished} of ${n} samples that finished in time.`));
  }
}

function facts(rows) {
  $('result-facts').replaceChildren(...rows.map(([k, v]) => {
    const div = document.createElement('div');
    div.innerHTML = '<dt></dt><dd></dd>';
    div.firstChild.textContent = k;
    div.lastChild.textContent = v;
    return div;
  }));
}

function pct(x) {
  return `${Math.round(100 * x)}%`;
}

function setRunning(on) {
  $('solve').hidden = on;
  $('stop').hidden = !on;
  form.classList.toggle('busy', on);
}

function clearMessages() {
  for (const id of ['error', 'notice']) {
    $(id).hidden = true;
    $(id).textContent = '';
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

function notice(text) {
  $('notice').textContent = text;
  $('notice').hidden = false;
}

function showError(e) {
  $('error').textContent = describe(e);
  $('error').hidden = false;
  if (!(e instanceof ApiError)) return;
  const field = e.param && form.querySelector(`[name="${e.param}"]`);
  if (field) {
    field.setAttribute('aria-invalid', 'true');
    field.focus();
  }
  if ((e.status === 429 || e.status === 503) && e.retryAfter) countDown(e.retryAfter);
  if (e.status === 401 || e.status === 403) {
    $('access').open = true;
    $('api-key').focus();
  }
}

/** Holds the Solve button for the service's Retry-After. */
function countDown(seconds) {
  const button = $('solve');
  let left = seconds;
  button.disabled = true;
  const tick = () => {
    if (left <= 0) {
      clearInterval(timer);
      button.disabled = false;
      button.textContent = 'Solve';
      return;
    }
    button.textContent = `Retry in ${left} s`;
    left--;
  };
  const timer = setInterval(tick, 1000);
  tick();
}

setUp();
