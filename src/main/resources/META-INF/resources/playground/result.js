// What a finished vote's result says beyond its fields: why it stopped, in words, and what
// stopping early saved.

/** The result's stop_reason in words. */
export const STOP_REASONS = {
  all_finished: 'every sample finished',
  beta: 'early: the Beta rule found the leader a likely majority',
  unbeatable: 'early: the leader could no longer be overtaken',
  'k-of-m': 'early: K of the first M answers agreed',
  deepconf: 'early: the confidence-weighted vote reached consensus (DeepConf)',
  token_budget: 'the token budget ran out',
  deadline: 'the deadline ran out',
  cancelled: 'cancelled',
};

/** Stop reasons that are an early-stopping rule deciding the vote. */
export const EARLY = new Set(['beta', 'unbeatable', 'k-of-m', 'deepconf']);

/**
 * Tokens early stopping saved, estimated as the service's fastmath_solve_tokens_saved_total counts
 * them: the cancelled samples times the mean length of the finished ones, less what they had used.
 */
export function tokensSaved(r) {
  const cutShort = (s) => !s.finish_reason || s.finish_reason === 'abort' || s.finish_reason === 'low_confidence';
  const done = r.samples.filter((s) => !cutShort(s));
  const cut = r.samples.filter(cutShort);
  if (!done.length || !cut.length) return 0;
  const mean = done.reduce((a, s) => a + s.tokens, 0) / done.length;
  return Math.max(0, Math.round(cut.length * mean - cut.reduce((a, s) => a + s.tokens, 0)));
}
