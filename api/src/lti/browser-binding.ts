import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { parse, serialize } from 'cookie';

/**
 * Binding an LTI login to the browser that started it (RFC 6749 §10.12: without it, an id_token
 * and state captured in one browser could be posted from another, logging its user in as someone
 * else). Three ways, by what the browser allows, each on top of the server-side single-use state:
 *
 * - `storage`: the platform offers the 1EdTech postMessage platform storage (`lti_storage_target`).
 *   The login page puts `state` and `nonce` into the platform's frame; the launch page reads them
 *   back from it (origin-checked both ways) and opens the activity only when they match. Another
 *   browser's platform frame holds nothing for this state.
 * - `cookie`: a random browser id in a cookie `SameSite=None; Secure; Partitioned` (CHIPS: kept
 *   in the platform site's partition, which browsers blocking third-party cookies still allow).
 *   The state records its hash; the launch must bring the same cookie.
 * - `window`: the iframe had no cookie (Safari, strict settings), so the login was restarted in a
 *   top-level window ("Open in a new window"), where the cookie is first-party.
 */
export type Binding = 'storage' | 'cookie' | 'window';

export const BROWSER_COOKIE = 'lti_browser';
/**
 * How long the platform frame has to answer a postMessage (the spec leaves it to the tool). A
 * platform that offers the storage answers; a phone still busy with the course page can take
 * seconds to, and a late answer refuses the launch, so the wait is generous (it is only spent when
 * something is wrong). 2 s was seen to fail on a loaded 2-core CI machine.
 */
export const STORAGE_TIMEOUT_MS = 5_000;
const BROWSER_ID = /^[A-Za-z0-9_-]{32}$/;

export interface LoginBinding {
  binding: Binding;
  /** sha256 of the browser id, kept with the state (the id itself only in the browser). */
  browserHash: string | null;
  /** The browser id for the cookie, when the binding is one. */
  browserId: string | undefined;
}

export type LaunchCheck =
  /** The server has checked all it can (a `storage` binding is then checked by the launch page). */
  | { ok: true }
  /** No cookie came back (the browser keeps none in iframes): restart the login top-level. */
  | { ok: false; reason: 'no-cookie' }
  /** The cookie names another browser: the state was started elsewhere. */
  | { ok: false; reason: 'mismatch' }
  /** Even top-level the browser kept no cookie. */
  | { ok: false; reason: 'cookies-off' };

function hash(browserId: string): string {
  return createHash('sha256').update(browserId).digest('base64url');
}

/** The browser id a request's Cookie header carries, if well-formed. */
export function readBrowserId(cookieHeader: string | undefined): string | undefined {
  const id = cookieHeader ? parse(cookieHeader)[BROWSER_COOKIE] : undefined;
  return id && BROWSER_ID.test(id) ? id : undefined;
}

/** The Set-Cookie value keeping the browser id for the launch (CHIPS: partitioned by the top-level site). */
export function browserCookie(id: string, maxAgeSeconds: number): string {
  return serialize(BROWSER_COOKIE, id, { httpOnly: true, secure: true, sameSite: 'none', partitioned: true, path: '/lti/', maxAge: maxAgeSeconds });
}

/** Chooses the login's binding; `window` when the login was restarted top-level after a cookie-less launch. */
export function bindLogin(input: { storageTarget: string | undefined; browserId: string | undefined; window: boolean }): LoginBinding {
  if (input.storageTarget && !input.window) return { binding: 'storage', browserHash: null, browserId: undefined };
  // One id per browser for the cookie's life: logins in two iframes of one page share it.
  const id = input.browserId ?? randomBytes(24).toString('base64url');
  return { binding: input.window ? 'window' : 'cookie', browserHash: hash(id), browserId: id };
}

/** What the launch's server side can check of the binding the login recorded, given the browser id its cookie brought. */
export function checkLaunch(saved: { binding: string | null; browser_hash: string | null }, id: string | undefined): LaunchCheck {
  if (saved.binding !== 'cookie' && saved.binding !== 'window') return { ok: true };
  if (!id) return { ok: false, reason: saved.binding === 'window' ? 'cookies-off' : 'no-cookie' };
  const expected = Buffer.from(saved.browser_hash ?? '');
  const got = Buffer.from(hash(id));
  return expected.length === got.length && timingSafeEqual(expected, got) ? { ok: true } : { ok: false, reason: 'mismatch' };
}

/** The platform-storage keys of a login, as the 1EdTech implementation guide names them. */
export function storageKeys(state: string, nonce: string): { state: string; nonce: string } {
  return { state: `state_${state}`, nonce: `nonce_${nonce}` };
}

/**
 * The shared part of the two page scripts: one postMessage to the platform's storage frame and its
 * answer, accepted only from the platform's origin and for this message id.
 */
const POST = `
  const target = (name) => (name === '_parent' ? window.parent : window.parent.frames[name]);
  const ask = (frame, origin, message, timeoutMs) => new Promise((resolve, reject) => {
    const id = Math.random().toString(36).slice(2) + Date.now().toString(36);
    const timer = setTimeout(() => { window.removeEventListener('message', onMessage); reject(new Error('timeout')); }, timeoutMs);
    function onMessage(event) {
      const m = event.data;
      if (event.origin !== origin || !m || m.message_id !== id || m.subject !== message.subject + '.response') return;
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      if (m.error) reject(new Error(m.error.code || 'error')); else resolve(m);
    }
    window.addEventListener('message', onMessage);
    if (!frame || frame === window) { clearTimeout(timer); reject(new Error('no storage frame')); return; }
    frame.postMessage({ ...message, message_id: id }, origin);
  });
`;

/** Login page: puts state and nonce into the platform's storage, then goes on to the platform; falls back to the cookie. */
export const LOGIN_STORAGE_SCRIPT = `(() => {${POST}
  const d = document.currentScript.dataset;
  const frame = target(d.target);
  const put = (key, value) => ask(frame, d.origin, { subject: 'lti.put_data', key, value }, Number(d.timeout));
  Promise.all([put(d.stateKey, d.state), put(d.nonceKey, d.nonce)])
    .then(() => location.replace(d.next), () => location.replace(d.fallback));
})();
`;

/** Launch page: reads state and nonce back from the platform's storage; opens the activity only when both match. */
export const LAUNCH_STORAGE_SCRIPT = `(() => {${POST}
  const d = document.currentScript.dataset;
  const frame = target(d.target);
  const get = (key) => ask(frame, d.origin, { subject: 'lti.get_data', key }, Number(d.timeout)).then((m) => m.value);
  const refuse = () => { document.getElementById('binding-checking').hidden = true; document.getElementById('binding-refused').hidden = false; };
  Promise.all([get(d.stateKey), get(d.nonceKey)]).then(([state, nonce]) => {
    if (state !== d.state || nonce !== d.nonce) return refuse();
    document.getElementById('binding-checking').remove();
    document.body.append(document.importNode(document.getElementById('launch').content, true));
  }, refuse);
})();
`;
