// The field view of one entry: every field and value, binary values as hex plus their decoded text.

import { bytesToText, hexDump, isBinary, valuesOf, visible } from './entry.js';

export function showFields(panel, e) {
  const body = panel.querySelector('tbody');
  body.replaceChildren();
  for (const name of Object.keys(e).sort()) {
    for (const v of valuesOf(e[name])) {
      const tr = document.createElement('tr');
      const k = document.createElement('td');
      const val = document.createElement('td');
      k.textContent = name;
      if (isBinary(v)) {
        val.className = 'binary';
        val.textContent = `[binary, ${v.length} bytes] ${visible(bytesToText(v))}\n${hexDump(v)}`;
      } else {
        val.textContent = String(v); // textContent: markup in a value is shown, never interpreted
      }
      tr.append(k, val);
      body.append(tr);
    }
  }
  panel.hidden = false;
}
