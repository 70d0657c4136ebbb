// The log viewer: login, filters, the view (range, live tail with pause/resume, history, jump) and its link.

import { ApiError, auth, events, getJson, openStream } from './api.js';
import { key } from './entry.js';
import { showFields } from './fields.js';
import { LogList } from './list.js';
import { setUpOidc } from './oidc.js';
import { suggestTasks, suggestUnits } from './suggest.js';

const $ = id => document.getElementById(id);
const PAGE = 500; // entries per initial load and per history step
const FILTERS = ['node', 'task', 'unit', 'match', 'priority', 'since', 'until', 'grep'];

const list = new LogList($('log'), $('log-spacer'), $('log-rows'), e => showFields($('fields'), e), () => older());

/** What is shown: the filters (as API parameters), whether it is live, and the stream in flight. */
const view = {
  filters: new URLSearchParams(),
  live: true,
  paused: false,
  bottomCursor: null, // resume point: the last entry received (or the server's close cursor)
  since: null,        // a jump's time: where a tail starts while no entry was received
  stream: null,       // AbortController of the current request
  generation: 0,      // bumped on every new view; stale requests stop touching the page
  retry: 0,
  failed: new Map(),  // node id → failure
  lastEntryAt: 0,
  lagMs: null,
};

// ---- login ----

function showLogin(message = '') {
  $('viewer').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message;
  stopStream();
}

$('login-form').addEventListener('submit', async ev => {
  ev.preventDefault();
  try {
    await auth.login($('login-uid').value, $('login-password').value);
    enter();
  } catch (e) {
    $('login-error').textContent = e.message;
  }
});
$('login-token-use').addEventListener('click', () => {
  auth.token = $('login-token').value.trim().replace(/^Bearer\s+/i, '');
  enter();
});
$('logout').addEventListener('click', () => { auth.token = null; showLogin(); });

/** Any 401 goes back to the login; other errors are shown. */
function fail(e) {
  if (e instanceof ApiError && e.status === 401) { auth.token = null; showLogin('Please log in (session expired or invalid).'); return; }
  $('error').textContent = e.message;
}

async function enter() {
  $('login').hidden = true;
  $('viewer').hidden = false;
  fromHash();
  await refreshNodes();
  if (!$('viewer').hidden) start({ cursor: new URLSearchParams(location.hash.substring(1)).get('cursor') });
}

// ---- filters and the link ----

function readForm() {
  const p = new URLSearchParams();
  const nodes = [...document.querySelectorAll('#nodes input:checked')].map(i => i.value);
  if (nodes.length) p.set('node', nodes.join(','));
  for (const f of ['task', 'unit', 'priority', 'since', 'until', 'grep']) {
    const v = $(`f-${f}`).value.trim();
    if (v) p.set(f, v);
  }
  for (const m of $('f-match').value.trim().split(/\s+/).filter(Boolean)) p.append('match', m);
  return p;
}

function fillForm(p) {
  for (const f of ['task', 'unit', 'priority', 'since', 'until', 'grep']) $(`f-${f}`).value = p.get(f) ?? '';
  $('f-match').value = p.getAll('match').join(' ');
  view.wantedNodes = new Set((p.get('node') ?? '').split(',').filter(Boolean));
  $('f-live').checked = p.get('live') !== '0';
}

function fromHash() {
  const h = new URLSearchParams(location.hash.substring(1));
  fillForm(h);
  view.live = h.get('live') !== '0';
  view.filters = new URLSearchParams([...h].filter(([k]) => FILTERS.includes(k)));
}

/** The link that reopens this view: the filters, live or not, and the cursor of the first line in view. */
function link() {
  const h = new URLSearchParams(view.filters);
  h.set('live', view.live && !view.paused ? '1' : '0');
  const i = list.firstVisible();
  if (i >= 0) h.set('cursor', list.entry(i).__CURSOR);
  return `${location.origin}${location.pathname}#${h}`;
}

function updateUrl() { history.replaceState(null, '', link()); }

$('filters').addEventListener('submit', ev => {
  ev.preventDefault();
  view.filters = readForm();
  view.live = $('f-live').checked;
  start({});
  updateUrl();
});

$('copy-link').addEventListener('click', async () => {
  updateUrl();
  try { await navigator.clipboard.writeText(location.href); status('link copied'); } catch { status('link in the address bar'); }
});

// ---- nodes ----

async function refreshNodes() {
  try {
    const { nodes } = await getJson('/api/v1/nodes');
    const box = $('nodes');
    box.querySelector('.hint')?.remove();
    box.querySelector('legend').textContent = 'Nodes (none = all)';
    // updated in place (a checkbox being clicked is never replaced); nodes topology dropped are removed
    const labels = new Map([...box.querySelectorAll('label')].map(l => [l.dataset.node, l]));
    for (const n of nodes) {
      let label = labels.get(n.node_id);
      labels.delete(n.node_id);
      if (!label) {
        label = document.createElement('label');
        label.dataset.node = n.node_id;
        label.append(Object.assign(document.createElement('input'), { type: 'checkbox', value: n.node_id }),
          ` ${n.hostname ? `${n.hostname} ` : ''}${n.node_id.substring(0, 8)}`); // hostnames need not be unique
        box.append(label);
      }
      if (view.wantedNodes) label.querySelector('input').checked = view.wantedNodes.has(n.node_id);
      label.title = `${n.node_id} ${n.endpoint}${n.healthy ? '' : ' (unhealthy)'}`;
      label.classList.toggle('down', !n.healthy);
    }
    labels.forEach(l => l.remove());
    view.wantedNodes = null;
  } catch (e) {
    if (e instanceof ApiError) fail(e); // a network error (log-query restarting) is the tail's to show
  }
}
setInterval(() => { if (!$('viewer').hidden) refreshNodes(); }, 5000);

// ---- the view ----

function status(text) { $('status').textContent = text; }

function showFailures() {
  $('failed').textContent = [...view.failed.values()]
    .map(f => `node ${String(f.node_id).substring(0, 8)} failed: ${f.code ?? ''} ${f.message ?? ''}`).join(' · ');
  $('failed').title = [...view.failed.keys()].join(' ');
}

function stopStream() {
  view.stream?.abort();
  view.stream = null;
  clearTimeout(view.retryTimer);
}

function query(extra) {
  const p = new URLSearchParams(view.filters);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return `/api/v1/entries?${p}`;
}

/**
 * A new view: the range first (from a cursor, from `since`, or the last PAGE entries), then — when live — the
 * tail from the last entry received, so nothing between the two is lost.
 */
async function start({ cursor, since }) {
  stopStream();
  view.generation++;
  view.paused = false;
  view.bottomCursor = null;
  view.since = since ?? null;
  view.lagMs = null; // the lag is the new view's, measured on its tail
  view.lastEntryAt = 0;
  view.failed.clear();
  showFailures();
  $('error').textContent = '';
  list.clear();
  const gen = view.generation;
  const range = cursor ? { cursor, limit: PAGE } : since ? { since, limit: PAGE } : { skip: -PAGE };
  status('loading');
  const ok = await read(query(range), gen, {});
  if (gen !== view.generation) return;
  if (ok && view.live && !since) follow(gen); else pauseView();
}

/**
 * Reads one SSE response into the list; returns false when it failed. Entries of a stale view are ignored.
 * tail: a follow (its entries' age is the lag; a server error is retried, not final).
 */
async function read(url, gen, { lastEventId = null, onOpen = null, tail = false }) {
  const ctl = new AbortController();
  view.stream = ctl;
  let batch = [];
  let flushQueued = false;
  const flush = () => {
    flushQueued = false;
    if (gen === view.generation) list.append(batch); // a paused view keeps what it received; a replaced one does not
    batch = [];
    $('count').textContent = `${list.length} lines`;
  };
  try {
    const response = await openStream(url, 'text/event-stream', ctl.signal, lastEventId);
    view.retry = 0;
    onOpen?.();
    for await (const ev of events(response)) {
      if (gen !== view.generation) return false;
      if (ev.type === 'message') {
        batch.push(ev.data);
        if (ev.id) view.bottomCursor = ev.id;
        noteEntry(ev.data, tail);
        if (!flushQueued) { flushQueued = true; requestAnimationFrame(flush); }
      } else if (ev.type === 'error') {
        const f = JSON.parse(ev.data);
        view.failed.set(f.node_id, f);
        showFailures();
      } else if (ev.type === 'close') {
        if (ev.id) view.bottomCursor = ev.id; // the server's resume point
      }
    }
    flush();
    return true;
  } catch (e) {
    flush();
    if (e.name === 'AbortError') return false;
    if (e instanceof ApiError) {
      fail(e);
      view.fatal = !tail || e.status < 500; // a 503 of a log-query shutting down or starting: retry
      return false;
    }
    return false; // network: the caller retries
  } finally {
    if (view.stream === ctl) view.stream = null;
  }
}

/** Per entry: the lag (now − its time, tail entries only) and a node that delivers again is no longer failed. */
function noteEntry(data, tail) {
  const node = /"__NODE_ID":"([^"]*)"/.exec(data.substring(data.length - 100))?.[1];
  if (node && view.failed.has(node)) { view.failed.delete(node); showFailures(); }
  if (!tail) return;
  const t = /"__REALTIME_TIMESTAMP":"(\d+)"/.exec(data)?.[1];
  if (t) view.lagMs = Date.now() - Number(t) / 1000;
  view.lastEntryAt = Date.now();
}

/**
 * The live tail from the last entry received (Last-Event-ID), reconnecting after errors with back-off. With no entry
 * received yet (the range was empty), from the head (or the jump's time): everything matching was written after the
 * range was read, so a tail "from now" would lose what came in between, or during a reconnect's gap. (log-query sends
 * the headers with its first bytes: an entry or a keep-alive.)
 */
async function follow(gen) {
  view.fatal = false;
  $('pause').textContent = 'Pause';
  const retrying = view.retry > 0;
  status(retrying ? 'reconnecting' : 'connecting');
  view.connected = false;
  const from = view.bottomCursor ? {} : view.since ? { since: view.since } : { position: 'head' };
  await read(query({ follow: 'true', ...from }), gen, {
    lastEventId: view.bottomCursor, tail: true,
    onOpen: () => {
      view.connected = true;
      status('live');
      if (retrying) $('error').textContent = ''; // the outage's message
    },
  });
  view.connected = false;
  if (gen !== view.generation || view.paused || view.fatal) return;
  const delay = Math.min(10_000, 500 * 2 ** view.retry++);
  status(`reconnecting in ${(delay / 1000).toFixed(1)} s`);
  view.retryTimer = setTimeout(() => { if (gen === view.generation && !view.paused) follow(gen); }, delay);
}

function pauseView() {
  view.paused = true;
  stopStream();
  status(view.live ? 'paused' : 'range');
  $('pause').textContent = 'Resume';
}

$('pause').addEventListener('click', () => {
  if (!view.paused) { pauseView(); return; }
  view.paused = false;
  view.live = true;
  $('pause').textContent = 'Pause';
  view.generation++;
  follow(view.generation); // resumes after bottomCursor: what arrived meanwhile comes first
});

setInterval(() => {
  const live = view.stream && !view.paused;
  const idle = (Date.now() - view.lastEntryAt) / 1000;
  $('lag').textContent = !live || view.lagMs === null ? ''
    : `lag ${(Math.max(0, view.lagMs) / 1000).toFixed(1)} s${idle > 5 && view.lastEntryAt ? `, idle ${idle.toFixed(0)} s` : ''}`;
}, 500);

// ---- history and jumps ----

let loadingOlder = false;

/** Older entries: skip=-PAGE back from the top line's cursor, up to (not including) the top line. */
async function older() {
  if (loadingOlder || !list.length) return;
  loadingOlder = true;
  const gen = view.generation;
  try {
    const top = list.entry(0);
    const topKey = key(top);
    const url = query({ cursor: top.__CURSOR, skip: -PAGE, limit: PAGE });
    const response = await openStream(url, 'text/event-stream', undefined, null);
    const got = [];
    for await (const ev of events(response)) {
      if (ev.type !== 'message') continue;
      if (key(JSON.parse(ev.data)) === topKey) break;
      got.push(ev.data);
    }
    if (gen !== view.generation) return;
    if (!got.length) { status('beginning reached'); return; }
    const dropped = list.prepend(got);
    if (dropped && !view.paused) pauseView(); // the newest lines left the page: the tail resumes from the new bottom
    if (dropped) view.bottomCursor = list.entry(list.length - 1).__CURSOR;
    $('count').textContent = `${list.length} lines`;
  } catch (e) { fail(e); } finally { loadingOlder = false; }
}

$('older').addEventListener('click', older);
$('log').addEventListener('scroll', () => {
  clearTimeout(view.urlTimer);
  view.urlTimer = setTimeout(updateUrl, 500);
});

$('jump').addEventListener('keydown', ev => {
  if (ev.key !== 'Enter' || !$('jump').value.trim()) return;
  view.live = false;
  start({ since: $('jump').value.trim() });
});

$('fields-close').addEventListener('click', () => { $('fields').hidden = true; });
document.addEventListener('keydown', ev => { if (ev.key === 'Escape') $('fields').hidden = true; });

suggestTasks($('f-task'), $('task-suggestions'), fail);
suggestUnits($('f-unit'), $('unit-suggestions'));

// For tests and the console: the model behind the page.
window.tributaryUi = { list, view };

// Back from the OIDC provider: finish the sign-in; otherwise the stored token or the login.
setUpOidc({
  box: $('login-oidc-box'), button: $('login-oidc'), note: $('login-oidc-note'),
  signedIn: token => { auth.token = token; enter(); },
  failed: message => { auth.token = null; showLogin(message); },
}).then(returned => { if (!returned) { if (auth.token) enter(); else showLogin(); } });
