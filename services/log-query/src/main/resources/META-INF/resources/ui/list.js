// The virtualised log list: only the rows in view (plus a margin) exist in the DOM; the model keeps at most
// MAX_LINES raw entries (JSON text, parsed only when a row is drawn), dropping from the far end.

import { isoMicros, priority, text } from './entry.js';

export const MAX_LINES = 100_000;
const OVERSCAN = 10;

export class LogList {
  /** onTop: the user scrolled to the top line (not the list moving its lines there when it dropped the oldest). */
  constructor(scroller, spacer, rowsBox, onSelect, onTop) {
    this.scroller = scroller;
    this.spacer = spacer;
    this.rowsBox = rowsBox;
    this.onSelect = onSelect;
    this.onTop = onTop;
    this.lines = [];
    this.pool = [];
    this.rowHeight = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--row')) || 18;
    this.stick = true; // follow the bottom while new lines arrive
    this.selected = -1;
    this.pending = false;
    this.setTop = -1; // where the list last put scrollTop itself: a scroll event ending there is not the user's
    scroller.addEventListener('scroll', () => {
      const own = scroller.scrollTop === this.setTop;
      this.setTop = -1;
      this.stick = this.atBottom();
      if (!own && !this.stick && scroller.scrollTop === 0 && this.lines.length) this.onTop();
      this.schedule();
    });
    rowsBox.addEventListener('click', ev => {
      const row = ev.target.closest('.row');
      if (row && row.dataset.index) {
        this.selected = Number(row.dataset.index);
        this.onSelect(JSON.parse(this.lines[this.selected]));
        this.schedule();
      }
    });
    new ResizeObserver(() => this.schedule()).observe(scroller);
  }

  atBottom() {
    const s = this.scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight < this.rowHeight * 2;
  }

  get length() { return this.lines.length; }

  entry(i) { return JSON.parse(this.lines[i]); }

  clear() {
    this.lines = [];
    this.selected = -1;
    this.stick = true;
    this.scrollTo(0);
    this.schedule();
  }

  /** Newer lines at the bottom; the oldest are dropped beyond MAX_LINES. */
  append(raws) {
    if (!raws.length) return;
    for (const r of raws) this.lines.push(r);
    const drop = this.lines.length - MAX_LINES;
    if (drop > 0) {
      this.lines.splice(0, drop);
      this.selected -= drop;
      if (!this.stick) this.scrollTo(this.scroller.scrollTop - drop * this.rowHeight); // the same lines stay in view
    }
    this.schedule();
  }

  /** Older lines at the top, the view kept on the same lines; returns how many of the newest were dropped. */
  prepend(raws) {
    if (!raws.length) return 0;
    this.lines = raws.concat(this.lines);
    this.selected += raws.length;
    const drop = Math.max(0, this.lines.length - MAX_LINES);
    if (drop > 0) this.lines.length = MAX_LINES;
    this.stick = false;
    this.render();
    this.scrollTo(this.scroller.scrollTop + raws.length * this.rowHeight);
    return drop;
  }

  scrollTo(top) {
    this.scroller.scrollTop = top;
    this.setTop = this.scroller.scrollTop; // as clamped by the browser
  }

  firstVisible() {
    return Math.min(this.lines.length - 1, Math.floor(this.scroller.scrollTop / this.rowHeight));
  }

  schedule() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => { this.pending = false; this.render(); });
  }

  render() {
    const h = this.rowHeight, n = this.lines.length;
    this.spacer.style.height = `${n * h}px`;
    if (this.stick) this.scrollTo(this.scroller.scrollHeight);
    const first = Math.max(0, Math.floor(this.scroller.scrollTop / h) - OVERSCAN);
    const last = Math.min(n, Math.ceil((this.scroller.scrollTop + this.scroller.clientHeight) / h) + OVERSCAN);
    while (this.pool.length < last - first) {
      const row = document.createElement('div');
      row.className = 'row';
      row.append(span('t'), ' ', span('n'), ' ', span('m'));
      this.rowsBox.append(row);
      this.pool.push(row);
    }
    // Only what changed is written: a row rewritten every frame costs style, layout and paint even when it shows the
    // same line (lines arrive while the view stays where it is). Indexes shift when old lines are dropped.
    this.pool.forEach((row, k) => {
      const i = first + k;
      if (i >= last) { if (!row.hidden) row.hidden = true; return; }
      if (row.hidden) row.hidden = false;
      const raw = this.lines[i];
      if (row.shownRaw !== raw) {
        row.shownRaw = raw;
        fill(row, JSON.parse(raw)); // resets the class list: not selected
        row.shownSelected = false;
      }
      if (row.shownIndex !== i) {
        row.shownIndex = i;
        row.dataset.index = String(i);
        row.style.transform = `translateY(${i * h}px)`;
      }
      const selected = i === this.selected;
      if (row.shownSelected !== selected) {
        row.shownSelected = selected;
        row.classList.toggle('selected', selected);
      }
    });
  }
}

function span(cls) {
  const s = document.createElement('span');
  s.className = cls;
  return s;
}

/** One row: time, node, host, identifier[pid]: message — all as textContent (never HTML). */
function fill(row, e) {
  const p = priority(e);
  row.className = `row p${p}`;
  row.dataset.node = e.__NODE_ID;
  const [t, n, m] = row.querySelectorAll('span');
  t.textContent = isoMicros(e.__REALTIME_TIMESTAMP);
  n.textContent = String(e.__NODE_ID).substring(0, 8);
  n.title = e.__NODE_ID;
  const ident = text(e.SYSLOG_IDENTIFIER) || text(e._COMM) || '-';
  const pid = text(e._PID);
  m.textContent = `${text(e._HOSTNAME)} ${ident}${pid ? `[${pid}]` : ''}: ${text(e.MESSAGE)}`;
}
