// "Sign in with <provider>": the OAuth 2.0 authorization-code flow with PKCE (RFC 7636, S256), run by this page as
// a public client (no secret). log-query's /ui/config.json names the provider's endpoints (it reads the discovery
// document itself). The code is exchanged for an access token by a cross-origin POST to the token endpoint, which
// the provider must allow for this origin (Keycloak: the client's Web origins "+"). No refresh token is kept:
// when the access token expires, the API's 401 brings the login back, and signing in again is usually one click
// (the provider's own session still stands).

const PENDING_KEY = 'tributary.oidc.pending';

/** base64url without padding of bytes */
function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(bytes) {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The page's own URL without query or fragment: the redirect URI registered at the provider (…/ui/). */
function redirectUri() {
  return `${location.origin}${location.pathname}`;
}

/** The provider's settings from log-query: null when OIDC sign-in is not configured. */
export async function oidcConfig() {
  const r = await fetch('config.json', { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!r.ok) throw new Error(`config.json: HTTP ${r.status}`);
  return (await r.json()).oidc;
}

/** Leaves for the provider's login page; the view (the URL's fragment) is restored on the way back. */
export async function signIn(cfg) {
  const verifier = randomString(32);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = randomString(16);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({
    state, verifier, issuer: cfg.issuer, clientId: cfg.client_id, tokenEndpoint: cfg.token_endpoint,
    redirectUri: redirectUri(), hash: location.hash,
  }));
  const url = new URL(cfg.authorization_endpoint);
  for (const [k, v] of Object.entries({
    response_type: 'code', client_id: cfg.client_id, redirect_uri: redirectUri(), scope: cfg.scopes, state,
    code_challenge: challenge, code_challenge_method: 'S256',
  })) url.searchParams.set(k, v);
  location.assign(url.href);
}

/**
 * On the way back from the provider (?code=…&state=… or ?error=…): checks the state against the one this tab sent,
 * removes the parameters from the address bar (the view's fragment is put back) and exchanges the code for an access
 * token. Returns null when the URL is no sign-in response; throws Error with a message for the login screen.
 */
export async function completeSignIn() {
  const q = new URLSearchParams(location.search);
  if (!q.has('state') || !(q.has('code') || q.has('error'))) return null;
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null');
  sessionStorage.removeItem(PENDING_KEY); // one use: a reloaded or replayed response is refused
  history.replaceState(null, '', `${location.pathname}${location.hash || pending?.hash || ''}`);
  if (!pending || q.get('state') !== pending.state) {
    throw new Error('Sign-in refused: the response does not belong to a sign-in started here (state mismatch). Please sign in again.');
  }
  if (q.has('error')) {
    throw new Error(`Sign-in failed: ${q.get('error_description') || q.get('error')}`);
  }
  if (q.has('iss') && q.get('iss') !== pending.issuer) { // RFC 9207, when the provider sends it
    throw new Error(`Sign-in refused: the response comes from ${q.get('iss')}, not ${pending.issuer}.`);
  }
  let r;
  try {
    r = await fetch(pending.tokenEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code', code: q.get('code'), redirect_uri: pending.redirectUri,
        client_id: pending.clientId, code_verifier: pending.verifier,
      }),
    });
  } catch (e) {
    throw new Error(`Sign-in failed: the token endpoint cannot be reached from this page (${e.message}); `
      + 'the provider must allow this origin (Keycloak: the client\'s Web origins).');
  }
  let body = null;
  try { body = await r.json(); } catch { /* not JSON */ }
  if (!r.ok || !body?.access_token) {
    throw new Error(`Sign-in failed: ${body?.error_description || body?.error || `HTTP ${r.status}`}`);
  }
  return body.access_token;
}

/**
 * Offers the provider's button when log-query is configured for it (a discovery failure is shown instead), and
 * finishes a sign-in that comes back to this page. Resolves to true when the page was a sign-in response (then
 * signedIn(token) or failed(message) was called), false otherwise.
 */
export async function setUpOidc({ box, button, note, signedIn, failed }) {
  oidcConfig().then(cfg => {
    if (!cfg) return;
    box.hidden = false;
    button.textContent = `Sign in with ${cfg.name}`;
    if (cfg.error) {
      button.disabled = true;
      note.textContent = cfg.error;
      return;
    }
    button.addEventListener('click', () => signIn(cfg).catch(e => { note.textContent = `Sign-in failed: ${e.message}`; }));
  }).catch(e => { box.hidden = false; button.disabled = true; note.textContent = `OIDC sign-in unavailable: ${e.message}`; });
  try {
    const token = await completeSignIn();
    if (token === null) return false;
    signedIn(token);
  } catch (e) {
    failed(e.message);
  }
  return true;
}
