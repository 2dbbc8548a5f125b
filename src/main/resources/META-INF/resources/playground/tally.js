// The live vote as a bar chart over all N samples: one bar per answer (its votes), a grey bar for
// finished samples without an answer, and hatched bars for the samples still running and those
// cancelled (by early stopping, the token budget or the deadline).

const PALETTE = ['#2f7d4f', '#2f63b5', '#b5502f', '#8a4fb5', '#b58a2f', '#2f9aa8', '#b52f6e', '#6b7a2f'];

/** Gives every answer a color, in the order answers first appear. */
export class AnswerColors {
  constructor() {
    this.colors = new Map();
  }

  of(answer) {
    if (answer == null) return '#9aa0a6';
    if (!this.colors.has(answer)) this.colors.set(answer, PALETTE[this.colors.size % PALETTE.length]);
    return this.colors.get(answer);
  }
}

/** Draws the tally ({answer: votes}) of `finished` samples, with `running` and `cancelled` beside it. */
export function drawTally(el, { tally, leader, finished, running = 0, cancelled = 0 }, colors) {
  const rows = Object.entries(tally).sort((a, b) => b[1] - a[1]).map(([answer, votes]) => ({ answer, votes }));
  const answered = rows.reduce((sum, r) => sum + r.votes, 0);
  if (finished > answered) rows.push({ answer: null, votes: finished - answered, label: 'no answer', cls: 'none' });
  if (running > 0) rows.push({ answer: null, votes: running, label: 'running', cls: 'running' });
  if (cancelled > 0) rows.push({ answer: null, votes: cancelled, label: 'cancelled', cls: 'cancelled' });
  if (!rows.length) {
    el.innerHTML = '<p class="empty">No votes yet.</p>';
    return;
  }
  const scale = Math.max(1, finished + running + cancelled);
  el.replaceChildren(...rows.map(({ answer, votes, label, cls }) => {
    const row = document.createElement('div');
    row.className = ['bar', cls, answer != null && answer === leader ? 'leader' : ''].filter(Boolean).join(' ');
    row.innerHTML = '<span class="answer"></span><span class="track"><span class="fill"></span></span><span class="votes"></span>';
    row.querySelector('.answer').textContent = label ?? answer;
    row.querySelector('.fill').style.width = `${(100 * votes) / scale}%`;
    if (!cls || cls === 'none') row.querySelector('.fill').style.background = colors.of(answer);
    row.querySelector('.votes').textContent = String(votes);
    return row;
  }));
}
