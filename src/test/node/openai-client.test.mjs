// The official openai SDK against a running FastMath (FASTMATH_URL, e.g. http://localhost:8081/).
// Exits non-zero on the first failed assertion; OpenAiClientTest runs it.
import OpenAI from 'openai';
import assert from 'node:assert/strict';

const client = new OpenAI({ baseURL: new URL('v1', process.env.FASTMATH_URL).href, apiKey: 'none', maxRetries: 0 });

const models = await client.models.list();
const model = models.data[0].id;
console.log(`model ${model}`);

// a chat completion with n = 2
const chat = await client.chat.completions.create({
  model, messages: [{ role: 'user', content: 'What is 2+3?' }], n: 2, max_tokens: 6, seed: 1,
});
assert.equal(chat.object, 'chat.completion');
assert.equal(chat.choices.length, 2);
for (const c of chat.choices) {
  assert.equal(c.message.role, 'assistant');
  assert.equal(typeof c.message.content, 'string');
  assert.ok(['stop', 'length'].includes(c.finish_reason), c.finish_reason);
}
assert.ok(chat.usage.completion_tokens >= 2 && chat.usage.prompt_tokens > 0, JSON.stringify(chat.usage));
console.log(`chat n=2: ${JSON.stringify(chat.choices.map(c => c.message.content))}`);

// a streamed completion carries the same text as the whole one with the same seed
const params = { model, prompt: 'Count:', max_tokens: 8, seed: 2, temperature: 1, top_k: 40, min_p: 0.02 };
const whole = await client.completions.create(params);
const stream = await client.completions.create({ ...params, stream: true, stream_options: { include_usage: true } });
let text = '';
let finish = null;
let usage = null;
for await (const chunk of stream) {
  for (const c of chunk.choices) {
    text += c.text;
    finish = c.finish_reason ?? finish;
  }
  usage = chunk.usage ?? usage;
}
assert.equal(text, whole.choices[0].text);
assert.equal(finish, whole.choices[0].finish_reason);
assert.equal(usage.completion_tokens, whole.usage.completion_tokens);
console.log(`stream: ${JSON.stringify(text)} (${finish})`);

// a streamed chat through the SDK's chunk parser
let chatText = '';
for await (const chunk of await client.chat.completions.create({
  model, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 4, stream: true,
})) {
  chatText += chunk.choices[0]?.delta?.content ?? '';
}
assert.equal(typeof chatText, 'string');

// an invalid request surfaces as the SDK's error type, with the field named
await assert.rejects(
  client.chat.completions.create({ model, messages: [{ role: 'user', content: 'x' }], n: 0 }),
  (e) => e instanceof OpenAI.BadRequestError && e.status === 400 && e.param === 'n' && /n: must be/.test(e.message),
);
await assert.rejects(
  client.completions.create({ model: 'no-such-model', prompt: 'x' }),
  (e) => e instanceof OpenAI.NotFoundError && e.status === 404,
);
// a full engine queue (ServingProfile: 8 requests in the engine) is the SDK's RateLimitError, 429 with
// Retry-After, not a failure of another kind
const flood = await Promise.allSettled(Array.from({ length: 14 }, (_, i) =>
  client.completions.create({ model, prompt: 'Count:', max_tokens: 300, seed: i })));
const refused = flood.filter((r) => r.status === 'rejected').map((r) => r.reason);
assert.ok(refused.length >= 1, `14 at once over a queue of 8: ${flood.map((r) => r.status)}`);
for (const e of refused) {
  assert.ok(e instanceof OpenAI.RateLimitError && e.status === 429, String(e));
  const retryAfter = typeof e.headers?.get === 'function' ? e.headers.get('retry-after') : e.headers?.['retry-after'];
  assert.ok(Number(retryAfter) >= 1, `Retry-After: ${retryAfter}`);
}
assert.ok(flood.some((r) => r.status === 'fulfilled'), 'the ones admitted were answered');
console.log(`flood: ${refused.length} of 14 refused with RateLimitError`);
console.log('ok');
