// One journal entry as log-query's JSON gives it: values are strings, arrays of byte values (not printable UTF-8),
// or arrays of those (a field present several times).

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Byte values → text, invalid UTF-8 replaced. */
export function bytesToText(bytes) {
  return utf8.decode(Uint8Array.from(bytes));
}

/** Control characters made visible (ESC → ␛, newline → ⏎), so a line stays one line and escapes do nothing. */
export function visible(text) {
  return text.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, c => c === '\n' ? '⏎' : String.fromCharCode(0x2400 + (c.charCodeAt(0) & 0x1f)));
}

/** A binary value shown safely: hex bytes and the text they decode to. */
export function hexDump(bytes) {
  const hex = bytes.slice(0, 4096).map(b => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > 4096 ? `${hex} … (${bytes.length} bytes)` : hex;
}

const isBytes = v => Array.isArray(v) && (v.length === 0 || typeof v[0] === 'number');

/** The values of a field as a list (repeated fields are arrays of values). */
export function valuesOf(v) {
  if (v === undefined) return [];
  return Array.isArray(v) && !isBytes(v) ? v : [v];
}

export function isBinary(v) {
  return isBytes(v);
}

/** A value as display text (binary decoded, control characters visible). */
export function text(v) {
  const first = valuesOf(v)[0];
  if (first === undefined) return '';
  return visible(isBytes(first) ? bytesToText(first) : String(first));
}

/** µs since the epoch → 2026-01-01T00:00:00.123456Z */
export function isoMicros(us) {
  const n = Number(us);
  const ms = Math.floor(n / 1000);
  const iso = new Date(ms).toISOString();
  return `${iso.substring(0, 19)}.${String(n % 1_000_000).padStart(6, '0')}Z`;
}

export function priority(e) {
  const p = parseInt(text(e.PRIORITY), 10);
  return p >= 0 && p <= 7 ? p : 6;
}

/** Identity of an entry across queries (composite cursors of one entry differ between queries). */
export function key(e) {
  return `${e.__NODE_ID}/${e._BOOT_ID}/${e.__MONOTONIC_TIMESTAMP}/${e.__REALTIME_TIMESTAMP}`;
}
