import { STORAGE_TIMEOUT_MS } from './browser-binding.ts';
import { esc, page } from './lti-pages.ts';
import type { LoginInput, StorageBinding } from './lti.service.ts';

// The pages of the browser binding (browser-binding.ts), inside the LMS iframe.

function storageData(s: StorageBinding): string {
  return [
    ['target', s.target],
    ['origin', s.origin],
    ['state', s.state],
    ['nonce', s.nonce],
    ['state-key', s.keys.state],
    ['nonce-key', s.keys.nonce],
    ['timeout', String(STORAGE_TIMEOUT_MS)],
  ]
    .map(([k, v]) => `data-${k}="${esc(v as string)}"`)
    .join(' ');
}

/** Login: puts state and nonce into the platform's storage, then continues to the platform (or, failing, to the cookie login). */
export function loginStoragePage(s: StorageBinding, next: string, fallback: string): string {
  return page(
    'Opening the exercise',
    `<p>Opening the exercise…</p>
<script src="login-storage.js" ${storageData(s)} data-next="${esc(next)}" data-fallback="${esc(fallback)}"></script>`,
  );
}

/**
 * Launch: the page's own content waits in a template until the platform's storage confirms this
 * browser started the login; another browser sees the refusal instead.
 */
export function storageGate(html: string, s: StorageBinding): string {
  const open = html.indexOf('<body>\n');
  const close = html.lastIndexOf('\n</body>');
  const body = html.slice(open + '<body>\n'.length, close);
  return `${html.slice(0, open)}<body>
<p id="binding-checking">Checking this browser…</p>
<div id="binding-refused" hidden><h1>Cannot open the exercise</h1><p class="error" data-status="403">This launch was not started in this browser (your course’s page does not know it). Open the activity again from your course.</p></div>
<template id="launch">${body}</template>
<script src="launch-storage.js" ${storageData(s)}></script>
${html.slice(close + 1)}`;
}

/** The launch had no cookie to check: the same login, restarted top-level where the cookie is first-party. */
export function newWindowPage(login: LoginInput): string {
  const fields = Object.entries({ ...login, new_window: '1' })
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('\n');
  return page(
    'Open in a new window',
    `<h1>This browser blocks the exercise inside the course page</h1>
<p>Your browser does not let the exercise keep its sign-in cookie here. Open it in its own window; you will come straight back to this activity.</p>
<form method="get" action="login" target="_blank">
${fields}
<button type="submit">Open in a new window</button>
</form>`,
  );
}
