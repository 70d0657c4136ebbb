// HTTP access to log-query's public API with the caller's token. EventSource cannot send an Authorization
// header, so event streams are read with fetch() and parsed here (the text/event-stream rules we need).

const TOKEN_KEY = 'tributary.token';

/** A failed request: HTTP status plus log-query's {"error","detail"} body when it sent one. */
export class ApiError extends Error {
  constructor(status, error, detail) {
    super(detail ? `${error}: ${detail}` : error);
    this.status = status;
  }
}

export const auth = {
  // sessionStorage: the token lives as long as the tab, and is never put into a link.
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  set token(t) { t ? sessionStorage.setItem(TOKEN_KEY, t) : sessionStorage.removeItem(TOKEN_KEY); },
  /** The embedded issuer's login, forwarded by log-query to auth. */
  async login(uid, password) {
    const r = await fetch('/acs/api/v1/auth/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ uid, password }),
    });
    if (!r.ok) throw await errorOf(r);
    this.token = (await r.json()).token;
  },
};

async function errorOf(r) {
  let body = null;
  try { body = await r.json(); } catch { /* not JSON */ }
  return new ApiError(r.status, body?.error ?? `HTTP ${r.status}`, body?.detail ?? '');
}

function headers(extra = {}) {
  const h = { ...extra };
  if (auth.token) h.Authorization = `Bearer ${auth.token}`;
  return h;
}

/** GET returning parsed JSON; throws ApiError (status 401 means: log in again). */
export async function getJson(path, signal) {
  const r = await fetch(path, { headers: headers({ Accept: 'application/json' }), signal });
  if (!r.ok) throw await errorOf(r);
  return r.json();
}

/** GET of an entries stream; resolves once headers arrived (throws ApiError on a non-2xx status). */
export async function openStream(path, accept, signal, lastEventId) {
  const h = headers({ Accept: accept });
  if (lastEventId) h['Last-Event-ID'] = lastEventId;
  const r = await fetch(path, { headers: h, signal, cache: 'no-store' });
  if (!r.ok) throw await errorOf(r);
  return r;
}

/** Yields the lines of a response body as they arrive (without the newline). */
export async function* lines(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let rest = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    rest += decoder.decode(value, { stream: true });
    let start = 0;
    for (let nl = rest.indexOf('\n'); nl >= 0; nl = rest.indexOf('\n', start)) {
      let end = nl;
      if (end > start && rest.charCodeAt(end - 1) === 13) end--;
      yield rest.substring(start, end);
      start = nl + 1;
    }
    rest = rest.substring(start);
  }
  rest += decoder.decode();
  if (rest) yield rest;
}

/** Server-sent events of a response: {type, id, data}; comments (": ping") as {type: 'ping'}. */
export async function* events(response) {
  let type = 'message', id = null, data = [];
  for await (const line of lines(response)) {
    if (line === '') {
      if (data.length) yield { type, id, data: data.join('\n') };
      type = 'message'; data = [];
      continue;
    }
    if (line.startsWith(':')) { yield { type: 'ping' }; continue; }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.substring(0, colon);
    let value = colon < 0 ? '' : line.substring(colon + 1);
    if (value.startsWith(' ')) value = value.substring(1);
    if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') id = value;
  }
}
