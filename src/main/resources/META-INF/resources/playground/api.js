// The service's HTTP API as the page uses it: the streaming solve, the model list, and errors turned
// into sentences a person can act on.
import { readEvents } from './sse.js';

/** A failed call: HTTP status (0: no answer at all), the service's message, the field it names. */
export class ApiError extends Error {
  constructor(status, message, { param = null, retryAfter = null } = {}) {
    super(message);
    this.status = status;
    this.param = param;
    this.retryAfter = retryAfter;
  }
}

const KEY = 'fastmath.apiKey';

/** The API key typed into the page, kept in sessionStorage (this tab only, gone when it closes). */
export function apiKey() {
  try {
    return sessionStorage.getItem(KEY) || '';
  } catch {
    return '';
  }
}

export function setApiKey(key) {
  try {
    if (key) sessionStorage.setItem(KEY, key);
    else sessionStorage.removeItem(KEY);
  } catch {
    // storage disabled: the key lasts as long as the field
  }
}

/** The Authorization header for /v1 calls when a key was given (health and metrics need none). */
function authorization() {
  const key = apiKey();
  return key ? { Authorization: `Bearer ${key}` } : {};
}

/**
 * POSTs a solve request to /v1/solve/stream and calls onEvent(name, data) for every event
 * (sample_delta, sample_finished, vote, result). Resolves with the result; aborting `signal`
 * closes the connection, which cancels the samples on the server.
 */
export async function solveStream(request, { signal, onEvent }) {
  let response;
  try {
    response = await fetch('/v1/solve/stream', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...authorization() },
      body: JSON.stringify(request),
      signal,
    });
  } catch (e) {
    if (signal && signal.aborted) throw e;
    throw new ApiError(0, 'Could not reach the service. Is it still running?');
  }
  if (!response.ok) throw await errorOf(response);
  let result = null;
  try {
    for await (const { event, data } of readEvents(response.body)) {
      const payload = JSON.parse(data);
      if (event === 'result') result = payload;
      onEvent(event, payload);
    }
  } catch (e) {
    if (signal && signal.aborted) throw e;
    throw new ApiError(0, 'The connection to the service broke before the vote was over.');
  }
  if (!result) throw new ApiError(0, 'The service closed the stream before sending the result.');
  return result;
}

/** The model in service: {id, max_model_len}; {needsKey: true} when the service wants a key; or null. */
export async function servingModel() {
  try {
    const r = await fetch('/v1/models', { headers: authorization() });
    if (r.status === 401) return { needsKey: true };
    if (!r.ok) return null;
    const list = await r.json();
    return list.data.find((m) => m.status === 'serving') || list.data[0] || null;
  } catch {
    return null;
  }
}

async function errorOf(response) {
  let detail = {};
  try {
    detail = (await response.json()).error || {};
  } catch {
    // not JSON: a proxy's page, say
  }
  const retry = Number.parseInt(response.headers.get('Retry-After'), 10);
  return new ApiError(response.status, detail.message || response.statusText,
    { param: detail.param || null, retryAfter: Number.isFinite(retry) ? retry : null });
}

const FIELDS = {
  problem: 'the problem',
  n: 'Samples (N)',
  rule: 'Early stopping',
  max_tokens: 'Max tokens per sample',
  token_budget: 'Token budget',
  deadline_s: 'Deadline',
  seed: 'Seed',
  temperature: 'Temperature',
  top_p: 'Top-p',
  min_p: 'Min-p',
};

/** What went wrong, in words. */
export function describe(error) {
  if (!(error instanceof ApiError)) return `Something went wrong in the page: ${error.message}`;
  const { status, param, retryAfter } = error;
  if (status === 400) {
    const message = param ? error.message.replace(new RegExp(`^${param}: `), '') : error.message;
    return param && FIELDS[param]
      ? `Please check ${FIELDS[param]}: ${sentence(message)}`
      : `The service could not accept the request: ${sentence(message)}`;
  }
  if (status === 401) {
    return 'The service needs an API key: enter yours under "API key" (it stays in this browser tab).';
  }
  if (status === 403) return `This key may not do that: ${sentence(error.message)}`;
  if (status === 429) {
    return `The service is busy: it is already solving and queueing as many problems as it can. `
      + `Try again in ${retryAfter ?? 'a few'} seconds.`;
  }
  if (status === 503) {
    return `The model is not loaded yet. Try again in ${retryAfter ?? 'a few'} seconds.`;
  }
  if (status === 0) return error.message;
  return `The service answered ${status}: ${error.message}`;
}

function sentence(text) {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
