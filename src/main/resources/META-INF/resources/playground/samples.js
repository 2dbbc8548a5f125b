// One column per sample: its text as it streams (the <think> part dimmed), its status, its
// confidence curve under a confidence rule, and when it ends its answer (the last \boxed{} in the
// text highlighted) or the mark of a cancelled or pruned sample.

const STATUS = {
  running: 'thinking…',
  stop: 'finished',
  length: 'hit max tokens',
  abort: 'cancelled',
  low_confidence: 'pruned: low confidence',
};



export class SampleColumns {
  constructor(container) {
    this.container = container;
    this.columns = [];
    this.dirty = new Set();
    this.timer = null;
  }

  /** Empties the board and makes n columns. */
  reset(n) {
    this.container.replaceChildren();
    this.columns = [];
    this.dirty.clear();
    for (let i = 0; i < n; i++) {
      const column = document.createElement('article');
      column.className = 'sample running';
      column.dataset.index = String(i);
      column.innerHTML = `<header><span class="name">Sample ${i + 1}</span>
        <span class="tokens">0 tok</span><span class="status">${STATUS.running}</span></header>
        <svg class="confidence empty" viewBox="0 0 100 24" preserveAspectRatio="none"><polyline/></svg>
        <pre class="text"></pre><footer class="answer"></footer>`;
      this.container.append(column);
      this.columns.push({ el: column, text: '', tokens: 0, finished: false, highlight: false, follow: true, curve: [] });
      const pre = column.querySelector('.text');
      pre.addEventListener('scroll', () => {
        this.columns[i].follow = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 8;
      });
    }
  }

  /** New text of sample i, and its group confidence after it under a confidence rule. */
  delta(i, text, tokens, groupConfidence) {
    const c = this.columns[i];
    if (!c) return;
    c.text += text;
    c.tokens = tokens;
    if (groupConfidence != null) c.curve.push(groupConfidence);
    this.touch(i);
  }

  /** Sample i ended; color is its answer's color in the tally. */
  finished(i, { answer, tokens, finish_reason: reason }, color) {
    const c = this.columns[i];
    if (!c) return;
    c.finished = true;
    c.tokens = tokens;
    c.highlight = reason !== 'abort' && answer != null;
    const el = c.el;
    el.classList.remove('running');
    el.classList.add(reason === 'abort' ? 'cancelled' : reason === 'low_confidence' ? 'pruned' : 'done');
    if (reason === 'length') el.classList.add('length');
    el.querySelector('.status').textContent = STATUS[reason] || reason;
    const footer = el.querySelector('.answer');
    if (reason === 'abort') {
      footer.textContent = 'cancelled before it finished';
    } else if (reason === 'low_confidence') {
      footer.textContent = 'pruned for low confidence: does not vote';
    } else if (answer == null) {
      footer.textContent = 'no answer';
      footer.classList.add('none');
    } else {
      footer.innerHTML = '<span>answer</span> ';
      const chip = document.createElement('b');
      chip.className = 'chip';
      chip.textContent = answer;
      chip.style.setProperty('--answer-color', color);
      footer.append(chip);
    }
    this.touch(i);
  }

  /** Once the vote is over: say why cancelled samples were cancelled; mark any never finished. */
  closed(why) {
    for (const c of this.columns) {
      if (!c.finished) {
        c.el.classList.replace('running', 'cancelled');
        c.el.querySelector('.answer').textContent = 'cancelled before it finished';
      }
      if (c.el.classList.contains('cancelled')) c.el.querySelector('.status').textContent = `cancelled: ${why}`;
    }
  }

  touch(i) {
    this.dirty.add(i);
    if (!this.timer) this.timer = setTimeout(() => this.flush(), 50);
  }

  flush() {
    this.timer = null;
    for (const i of this.dirty) {
      const c = this.columns[i];
      const pre = c.el.querySelector('.text');
      pre.replaceChildren(...segments(c.text, c.highlight));
      c.el.querySelector('.tokens').textContent = `${c.tokens} tok`;
      drawCurve(c.el.querySelector('svg.confidence'), c.curve);
      if (c.follow) pre.scrollTop = pre.scrollHeight;
    }
    this.dirty.clear();
  }
}

/**
 * A sample's group confidence over its tokens as a line scaled to its own range (the curve's shape,
 * where it dips, is what DeepConf reads); hidden when the rule reports none.
 */
export function drawCurve(svg, curve) {
  if (!curve.length) return;
  svg.classList.remove('empty');
  const lo = Math.min(...curve);
  const hi = Math.max(...curve);
  const span = hi - lo || 1;
  const step = curve.length > 1 ? 100 / (curve.length - 1) : 0;
  const points = curve.map((v, k) => `${(k * step).toFixed(2)},${(22 - (20 * (v - lo)) / span).toFixed(2)}`);
  svg.querySelector('polyline').setAttribute('points', points.join(' '));
  svg.setAttributeNS(null, 'aria-label', `group confidence ${curve[curve.length - 1].toFixed(2)} (range ${lo.toFixed(2)}-${hi.toFixed(2)})`);
}

/** The text as spans: the think part dimmed, the last box highlighted when asked. */
export function segments(text, highlight) {
  const ranges = [];
  const open = text.indexOf('<think>');
  if (open >= 0) {
    const close = text.indexOf('</think>', open);
    ranges.push({ from: open, to: close < 0 ? text.length : close + '</think>'.length, cls: 'think' });
  }
  const box = highlight ? lastBox(text) : null;
  if (box) ranges.push({ ...box, cls: 'boxed' });
  const cuts = [...new Set([0, text.length, ...ranges.flatMap((r) => [r.from, r.to])])].sort((a, b) => a - b);
  const nodes = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const [from, to] = [cuts[k], cuts[k + 1]];
    const classes = ranges.filter((r) => r.from <= from && to <= r.to).map((r) => r.cls);
    const span = document.createElement(classes.includes('boxed') ? 'mark' : 'span');
    span.className = classes.join(' ');
    span.textContent = text.slice(from, to);
    nodes.push(span);
  }
  return nodes;
}

/** Where the last complete \boxed{...} or \fbox{...} is (braces nested), or null. */
export function lastBox(text) {
  const re = /\\(?:boxed|fbox)\{/g;
  let found = null;
  for (let m; (m = re.exec(text));) {
    let depth = 1;
    let j = m.index + m[0].length;
    for (; j < text.length && depth > 0; j++) {
      if (text[j] === '{') depth++;
      else if (text[j] === '}') depth--;
    }
    if (depth === 0) found = { from: m.index, to: j };
  }
  return found;
}
