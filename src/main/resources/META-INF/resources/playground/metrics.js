// The service's live numbers, read from its Prometheus scrape (/q/metrics) every few seconds.

/** Reads "name{labels} value" lines: name -> value, summed over labels. */
export function parsePrometheus(text) {
  const values = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const v = Number(m[3]);
    if (Number.isFinite(v)) values.set(m[1], (values.get(m[1]) || 0) + v);
  }
  return values;
}

/**
 * Polls /q/metrics and calls show({running, waiting, kv, tokensPerSecond}) (each null when unknown;
 * tokens/s is the generation counter's change since the previous scrape), or show(null) when the
 * scrape fails. Returns {refresh}: scrape now (say, when a solve ends).
 */
export function watchMetrics(show, everyMs = 2000) {
  let previous = null;
  async function scrape() {
    try {
      const r = await fetch('/q/metrics', { headers: { Accept: 'text/plain' } });
      if (!r.ok) throw new Error(String(r.status));
      const m = parsePrometheus(await r.text());
      const now = performance.now();
      const generated = m.get('fastmath_generation_tokens_total');
      let tokensPerSecond = null;
      if (previous && generated != null && generated >= previous.generated) {
        tokensPerSecond = (generated - previous.generated) / ((now - previous.at) / 1000);
      }
      previous = generated == null ? null : { generated, at: now };
      show({
        running: m.get('fastmath_num_requests_running') ?? null,
        waiting: m.get('fastmath_num_requests_waiting') ?? null,
        kv: m.get('fastmath_kv_cache_usage_perc') ?? null,
        tokensPerSecond,
      });
    } catch {
      previous = null;
      show(null);
    }
  }
  scrape();
  setInterval(scrape, everyMs);
  return { refresh: scrape };
}
