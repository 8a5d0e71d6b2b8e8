import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../widget/src/exercise-thread.ts';
import type { EtComment } from '../../widget/src/elements/et-comment.ts';
import type { ExerciseThread } from '../../widget/src/exercise-thread.ts';
import type { CommentView } from '../../widget/src/lib/types.ts';
import { comment, ME, TEACHER, thread } from './fixtures/comments.ts';
import { fakeLive } from './fixtures/fake-api.ts';

const EXERCISE = '00000000-0000-4000-8000-0000000000ee';
const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const tokenFor = (sub: string) => `${b64({ alg: 'HS256' })}.${b64({ sub })}.sig`;

type Mode = 'ok' | 'offline' | 'invalid';

// The test server answers without byte ranges, so seeking needs the file in memory.
let sample = '';
before(async () => {
  sample = URL.createObjectURL(await (await fetch('/embed-demo/media/sample.mp4')).blob());
});

/** A stand-in for the REST API, recording what the element sends. */
function fakeApi(initial: CommentView[] = []) {
  const state = { mode: 'ok' as Mode, posts: [] as { key: string | null; body: Record<string, unknown> }[], comments: [...initial], seq: 100, reads: [] as number[], exports: [] as string[], events: [] as { exercise_id: string; events: { type: string; session_id: string; from?: number; to?: number }[] }[], recording: true };
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    const path = url.pathname.replace('/api/v1', '');
    const method = init.method ?? 'GET';
    if (method === 'GET' && path === `/exercises/${EXERCISE}`) {
      return json(200, { id: EXERCISE, title: 'Box step', description: '', source: { type: 'url', url: sample, youtube_id: null, media_asset_id: null }, duration: 8, metadata: {}, creator_id: TEACHER, author_ids: [TEACHER], archived: false, created_at: '', updated_at: '' });
    }
    if (method === 'POST' && path === '/threads') return json(200, thread());
    if (method === 'GET' && path.endsWith('/comments')) return json(200, { data: state.comments, next_cursor: null });
    if (method === 'POST' && path.endsWith('/read')) {
      state.reads.push(JSON.parse(String(init.body)).seq);
      return new Response(null, { status: 204 });
    }
    if (method === 'POST' && path === '/comments') {
      const body = JSON.parse(String(init.body)) as Record<string, unknown>;
      if (state.mode === 'offline') throw new TypeError('Failed to fetch');
      state.posts.push({ key: new Headers(init.headers).get('idempotency-key'), body });
      if (state.mode === 'invalid') return json(422, { type: 'about:blank', title: 'Invalid', status: 422, detail: 'The body is too long.' });
      const c = comment({ seq: ++state.seq, body: body.body as string, t_start: body.t_start as number, t_end: (body.t_end as number) ?? (body.t_start as number) });
      state.comments.push(c);
      return json(201, c);
    }
    if (method === 'POST' && path === '/events') {
      state.events.push(JSON.parse(String(init.body)));
      return json(202, { accepted: state.recording ? 1 : 0, duplicates: 0, recording: state.recording });
    }
    if (method === 'GET' && path.endsWith('/export')) {
      state.exports.push(url.search);
      return new Response('"thread","student"\r\n', { status: 200, headers: { 'content-type': 'text/csv', 'content-disposition': `attachment; filename="Box step - Ana.csv"; filename*=UTF-8''Box%20step%20%E2%80%93%20Ana.csv` } });
    }
    return json(404, { title: 'Not found', status: 404, detail: path });
  };
  return { state, fetch };
}


const comments = (el: ExerciseThread) => [...el.list!.shadowRoot!.querySelectorAll<EtComment>('et-comment')];
const inner = (el: ExerciseThread, tag: string) => el.shadowRoot!.querySelector(tag) as HTMLElement & { shadowRoot: ShadowRoot; updateComplete: Promise<boolean> };

async function mount(api = fakeApi(), live = fakeLive(), lang = 'en'): Promise<ExerciseThread> {
  const el = await fixture<ExerciseThread>(html`<exercise-thread
    api-base="http://api.test"
    exercise-id=${EXERCISE}
    token=${tokenFor(ME)}
    lang=${lang}
    .fetch=${api.fetch}
    .liveClientFactory=${live.factory}
  ></exercise-thread>`);
  await waitUntil(() => el.status === 'ready', 'loads', { timeout: 5000 });
  await el.updateComplete;
  await el.list?.updateComplete;
  return el;
}

async function typeAndSend(el: ExerciseThread, text: string): Promise<void> {
  const composer = inner(el, 'et-composer');
  const area = composer.shadowRoot.querySelector('textarea')!;
  area.value = text;
  area.dispatchEvent(new InputEvent('input', { bubbles: true }));
  await composer.updateComplete;
  composer.shadowRoot.querySelector<HTMLButtonElement>('button[type="submit"]')!.click();
}

async function settle(el: ExerciseThread): Promise<void> {
  await aTimeout(0);
  await el.updateComplete;
  await el.list?.updateComplete;
  for (const c of comments(el)) await c.updateComplete;
}

describe('exercise-thread', () => {
  beforeEach(() => localStorage.clear());

  it('reports player events in batches for learning records, and stops when the tenant keeps none (recording: false)', async () => {
    const api = fakeApi();
    const el = await mount(api);
    const tick = (currentTime: number, paused: boolean) => el.dispatchEvent(new CustomEvent('et-time-update', { detail: { currentTime, duration: 8, paused } }));
    tick(0, true);
    tick(0, false);
    tick(1, false);
    tick(5, false);
    tick(5.25, true);
    await waitUntil(() => api.state.events.length === 1, 'a batch on pause', { timeout: 3000 });
    const [batch] = api.state.events;
    expect(batch!.exercise_id).to.equal(EXERCISE);
    expect(batch!.events.map((e) => e.type)).to.deep.equal(['initialized', 'played', 'seeked', 'paused']);
    expect(batch!.events[2]).to.include({ from: 1, to: 5 });
    expect(new Set(batch!.events.map((e) => e.session_id)).size).to.equal(1);
    api.state.recording = false;
    tick(5.25, false);
    tick(5.5, true);
    await waitUntil(() => api.state.events.length === 2, 'the batch answered recording: false', { timeout: 3000 });
    tick(5.5, false);
    tick(5.75, true);
    await aTimeout(50);
    expect(api.state.events).to.have.length(2);
  });

  it('offers the thread as a download: the chosen format is fetched and saved under the API’s file name', async () => {
    const api = fakeApi([comment({ t_start: 1, body: 'first' })]);
    const el = await mount(api);
    const menu = inner(el, 'et-download-menu');
    expect(menu, 'the Download menu button').to.not.equal(null);
    // A lazy chunk, fetched once the thread shows.
    await customElements.whenDefined('et-download-menu');
    await menu.updateComplete;
    // The saved file is an anchor's click: catch it (the menu's own clicks pass by).
    const saved = new Promise<HTMLAnchorElement>((resolve) => {
      const caught = (e: Event) => {
        const a = e.target as HTMLAnchorElement;
        if (!a.download) return;
        e.preventDefault();
        document.removeEventListener('click', caught, true);
        resolve(a);
      };
      document.addEventListener('click', caught, true);
    });
    menu.shadowRoot.querySelector<HTMLButtonElement>('[part=button]')!.click();
    await menu.updateComplete;
    [...menu.shadowRoot.querySelectorAll<HTMLButtonElement>('[role=menuitem]')][2]!.click();
    const a = await saved;
    expect(api.state.exports).to.deep.equal(['?format=csv']);
    expect(a.download).to.equal('Box step – Ana.csv');
    expect(await (await fetch(a.href)).text()).to.equal('"thread","student"\r\n');
  });

  it('opens the learner’s thread, lists its comments, follows it live, and passes an axe audit', async () => {
    const api = fakeApi([comment({ t_start: 4, body: 'second' }), comment({ t_start: 1, body: 'first', seq: 7 })]);
    const live = fakeLive();
    const el = await mount(api, live);
    expect(comments(el).map((c) => c.comment.body)).to.deep.equal(['first', 'second']);
    expect(inner(el, 'et-timeline').shadowRoot.querySelectorAll('.marker').length).to.equal(2);
    expect(live.live.subscribed[0]).to.deep.equal([thread().id, 7]);
    expect(inner(el, 'et-thread-switcher')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('sends a comment with an Idempotency-Key and shows the server’s copy', async () => {
    const api = fakeApi();
    const el = await mount(api);
    setTimeout(() => void typeAndSend(el, 'Good posture'));
    const sent = await oneEvent(el, 'comment-sent');
    expect(sent.detail.comment.body).to.equal('Good posture');
    expect(api.state.posts).to.have.length(1);
    expect(api.state.posts[0]!.key).to.match(/^[0-9a-f-]{36}$/);
    await settle(el);
    expect(comments(el).map((c) => [c.comment.body, c.comment.pending])).to.deep.equal([['Good posture', undefined]]);
    expect(Object.keys(localStorage).filter((k) => k.startsWith('et-outbox'))).to.deep.equal([]);
  });

  it('keeps an unsent comment as pending in storage, then sends it once with the same key on retry', async () => {
    const api = fakeApi();
    api.state.mode = 'offline';
    const el = await mount(api);
    await typeAndSend(el, 'Kept safe');
    await waitUntil(() => comments(el).some((c) => c.comment.error), 'the failure shows');
    await settle(el);
    const pending = comments(el)[0]!;
    expect(pending.comment.pending).to.equal('sending');
    expect(pending.shadowRoot!.textContent).to.contain('Not sent yet');
    const stored = JSON.parse(localStorage.getItem(Object.keys(localStorage).find((k) => k.startsWith('et-outbox'))!)!);
    const [key] = Object.keys(stored);
    expect(stored[key!].body).to.equal('Kept safe');

    api.state.mode = 'ok';
    [...pending.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Retry')!.click();
    await oneEvent(el, 'comment-sent');
    await settle(el);
    expect(api.state.posts.map((p) => p.key)).to.deep.equal([key]);
    expect(comments(el).map((c) => [c.comment.body, c.comment.pending])).to.deep.equal([['Kept safe', undefined]]);
    expect(Object.keys(localStorage).filter((k) => k.startsWith('et-outbox'))).to.deep.equal([]);
  });

  it('resends what the outbox holds when the element loads again (a reload)', async () => {
    const api = fakeApi();
    api.state.mode = 'offline';
    const first = await mount(api);
    await typeAndSend(first, 'Survives reloads');
    await waitUntil(() => comments(first).some((c) => c.comment.error));
    first.remove();
    api.state.mode = 'ok';
    const second = await mount(api);
    await waitUntil(() => api.state.posts.length === 1, 'sent after the reload');
    await aTimeout(50);
    expect(api.state.posts).to.have.length(1);
    await settle(second);
    expect(comments(second).map((c) => c.comment.body)).to.deep.equal(['Survives reloads']);
  });

  it('shows a refused comment as failed with a retry button, and never drops it', async () => {
    const api = fakeApi();
    api.state.mode = 'invalid';
    const el = await mount(api);
    await typeAndSend(el, 'Refused');
    await waitUntil(() => comments(el).some((c) => c.comment.pending === 'failed'));
    await settle(el);
    const failed = comments(el)[0]!;
    expect(failed.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.contain('The body is too long.');
    expect([...failed.shadowRoot!.querySelectorAll('button')].some((b) => b.textContent!.trim() === 'Retry')).to.equal(true);
    // Not retried on its own: it waits for the user.
    window.dispatchEvent(new Event('online'));
    await aTimeout(20);
    expect(api.state.posts).to.have.length(1);
  });

  it('adds live comments, announces those from others, and marks the thread read', async () => {
    const api = fakeApi();
    const live = fakeLive();
    const el = await mount(api, live);
    const c = comment({ seq: 12, t_start: 65, author: { id: TEACHER, name: 'Maya Okafor', role: 'instructor' }, body: 'Look at the knee' });
    live.live.options!.onEvent('comment:created', c);
    live.live.options!.onEvent('comment:created', c);
    await settle(el);
    expect(comments(el).map((x) => x.comment.body)).to.deep.equal(['Look at the knee']);
    expect(el.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent).to.equal('New comment from Maya Okafor at 01:05.0');
    await waitUntil(() => api.state.reads.includes(12), 'marked read', { timeout: 3000 });
  });

  it('seeks when a comment’s timecode is clicked, and sets in and out points with I and O', async () => {
    const el = await mount(fakeApi([comment({ t_start: 5, body: 'here' })]));
    comments(el)[0]!.shadowRoot!.querySelector<HTMLButtonElement>('.timecode')!.click();
    const surface = inner(el, 'et-video-surface') as unknown as { currentTime: number; ready: Promise<unknown> };
    await surface.ready;
    await waitUntil(() => Math.abs(surface.currentTime - 5) < 0.01, 'the video seeks');
    el.shadowRoot!.querySelector('section')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'i', bubbles: true, composed: true }));
    el.seek(7);
    el.shadowRoot!.querySelector('section')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'o', bubbles: true, composed: true }));
    await el.updateComplete;
    const composer = inner(el, 'et-composer');
    await composer.updateComplete;
    expect(composer.shadowRoot.querySelector('label')!.textContent!.trim()).to.equal('Comment from 00:05.0 to 00:07.0');
    const timeline = inner(el, 'et-timeline');
    await timeline.updateComplete;
    expect(timeline.shadowRoot.querySelector('.selection')).to.not.equal(null);
  });

  it('asks the host for a fresh token after a 401, then retries', async () => {
    const api = fakeApi();
    let refused = true;
    const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      if (refused && String(input).includes('/exercises/')) return Promise.resolve(new Response('{"title":"Unauthorized"}', { status: 401 }));
      return api.fetch(input, init);
    };
    const el = document.createElement('exercise-thread');
    Object.assign(el, { fetch, liveClientFactory: fakeLive().factory });
    el.setAttribute('api-base', 'http://api.test');
    el.setAttribute('exercise-id', EXERCISE);
    el.setAttribute('token', 'old');
    setTimeout(() => document.body.append(el));
    await oneEvent(el, 'token-expired');
    refused = false;
    el.setAttribute('token', tokenFor(ME));
    await waitUntil(() => el.status === 'ready', 'loads with the new token');
    el.remove();
  });

  it('renews through tokenProvider: once for requests refused together, and before the live channel reconnects with an expired token', async () => {
    const api = fakeApi();
    const now = Math.floor(Date.now() / 1000);
    const expired = `${b64({ alg: 'HS256' })}.${b64({ sub: ME, exp: now - 10 })}.old`;
    let renewals = 0;
    const fresh = () => `${b64({ alg: 'HS256' })}.${b64({ sub: ME, exp: now + 3600 })}.r${++renewals}`;
    const refusedTokens: string[] = [];
    const fetch = (input: RequestInfo | URL, init: RequestInit = {}) => {
      const auth = new Headers(init.headers).get('authorization') ?? '';
      if (auth.endsWith('.old')) {
        refusedTokens.push(auth);
        return Promise.resolve(new Response('{"title":"Unauthorized","status":401}', { status: 401 }));
      }
      return api.fetch(input, init);
    };
    const { live, factory } = fakeLive();
    const el = document.createElement('exercise-thread');
    Object.assign(el, { fetch, liveClientFactory: factory, tokenProvider: async () => fresh() });
    el.setAttribute('api-base', 'http://api.test');
    el.setAttribute('exercise-id', EXERCISE);
    el.setAttribute('token', expired);
    document.body.append(el);
    await waitUntil(() => el.status === 'ready', 'loads with a renewed token');
    expect(refusedTokens.length).to.be.greaterThan(0);
    expect(renewals).to.equal(1);
    // A live token still valid is used as it is.
    expect(await live.options!.tokenProvider!()).to.match(/\.r1$/);
    expect(renewals).to.equal(1);
    // Expired while only watching: both reconnection attempts get one renewed token.
    el.token = expired;
    const [a, b] = await Promise.all([live.options!.tokenProvider!(), live.options!.tokenProvider!()]);
    expect(renewals).to.equal(2);
    expect(a).to.equal(b);
    expect(a).to.match(/\.r2$/);
    el.remove();
  });

  it('speaks French when lang is fr', async () => {
    const el = await mount(fakeApi(), fakeLive(), 'fr');
    const composer = inner(el, 'et-composer');
    await composer.updateComplete;
    expect(composer.shadowRoot.querySelector('label')!.textContent).to.contain('Commentaire à');
  });

  it('survives its script being loaded twice', async () => {
    const again: string = '../../widget/src/exercise-thread.ts?again=1';
    await import(again);
    expect(customElements.get('exercise-thread')).to.not.equal(undefined);
    const { defineOnce } = await import('../../widget/src/lib/define-once.ts');
    expect(() => defineOnce('exercise-thread', class extends HTMLElement {})).to.not.throw();
  });
});

describe('exercise-thread as an instructor', () => {
  it('lists the students’ threads and opens the chosen one', async () => {
    const api = fakeApi();
    const other = thread({ id: '00000000-0000-4000-8000-0000000000bb', owner: { id: 'x', name: 'Lea Novak' }, awaiting_reply: true });
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const u = String(input);
      if (u.includes('/threads?')) return new Response(JSON.stringify({ data: [thread(), other], next_cursor: null }), { status: 200 });
      if (u.includes(`/threads/${other.id}/comments`)) return new Response(JSON.stringify({ data: [comment({ thread_id: other.id, body: 'From Lea' })], next_cursor: null }), { status: 200 });
      return api.fetch(input, init);
    };
    const el = await fixture<ExerciseThread>(html`<exercise-thread
      api-base="http://api.test" exercise-id=${EXERCISE} token=${tokenFor(TEACHER)} .fetch=${fetch} .liveClientFactory=${fakeLive().factory}
    ></exercise-thread>`);
    await waitUntil(() => el.status === 'ready');
    await el.updateComplete;
    // The switcher is a lazy chunk: it upgrades once fetched.
    await waitUntil(() => inner(el, 'et-thread-switcher')?.shadowRoot, 'the switcher loads');
    const switcher = inner(el, 'et-thread-switcher');
    await switcher.updateComplete;
    // Awaiting a reply first: Lea's thread opens by default.
    await waitUntil(() => comments(el).length === 1);
    expect(comments(el)[0]!.comment.body).to.equal('From Lea');
    const buttons = [...switcher.shadowRoot.querySelectorAll('button')];
    expect(buttons.map((b) => b.querySelector('.name')!.textContent)).to.deep.equal(['Lea Novak', 'Sam Rivera']);
    setTimeout(() => buttons[1]!.click());
    const changed = await oneEvent(el, 'thread-changed');
    expect(changed.detail.threadId).to.equal(thread().id);
    await expect(el).to.be.accessible();
  });

  it('lists the course roster’s learners who have not started, and the Grade group follows grade:updated for the open thread only', async () => {
    const api = fakeApi();
    const open = thread();
    const grade = { score: 7, comment: null, max_score: 10, graded_at: '2026-12-07T07:00:00.000Z', passback: { state: 'pending', error: null } };
    const live = fakeLive();
    const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const u = String(input);
      if (u.includes('/threads?')) return new Response(JSON.stringify({ data: [open], next_cursor: null }), { status: 200 });
      // The roster in two pages: the switcher follows next_cursor to the learner on the second.
      if (u.endsWith(`/exercises/${EXERCISE}/roster?limit=200`)) {
        return new Response(JSON.stringify({ data: [{ name: open.owner.name, user_id: open.owner.id, thread_id: open.id, started: true }], next_cursor: 'page-2' }), { status: 200 });
      }
      if (u.endsWith(`/exercises/${EXERCISE}/roster?limit=200&cursor=page-2`)) {
        return new Response(JSON.stringify({ data: [{ name: 'Grace Newcomer', user_id: null, thread_id: null, started: false }], next_cursor: null }), { status: 200 });
      }
      if (u.endsWith(`/threads/${open.id}/grade`)) return new Response(JSON.stringify(grade), { status: 200 });
      return api.fetch(input, init);
    };
    const el = await fixture<ExerciseThread>(html`<exercise-thread
      api-base="http://api.test" exercise-id=${EXERCISE} token=${tokenFor(TEACHER)} .fetch=${fetch} .liveClientFactory=${live.factory}
    ></exercise-thread>`);
    await waitUntil(() => el.status === 'ready');
    await waitUntil(() => inner(el, 'et-thread-switcher')?.shadowRoot?.querySelector('li.not-started'), 'the roster shows', { timeout: 5000 });
    const switcher = inner(el, 'et-thread-switcher');
    expect(switcher.shadowRoot.querySelector('li.not-started')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Grace Newcomer not started');
    expect(switcher.shadowRoot.querySelectorAll('button').length, 'the started learner is listed once, by her thread').to.equal(1);

    await waitUntil(() => inner(el, 'et-grade')?.shadowRoot?.querySelector('[role="status"]'), 'the Grade group shows', { timeout: 5000 });
    const status = () => inner(el, 'et-grade').shadowRoot.querySelector('[role="status"]')!.textContent!.trim();
    await waitUntil(() => status() === 'Saved; sending to the gradebook…', 'the loaded grade is pending');
    // Another thread's event changes nothing here; this thread's moves the status on, without a reload.
    live.live.options!.onGrade!({ ...grade, passback: { state: 'failed', error: 'x' }, thread_id: '00000000-0000-4000-8000-0000000000bb' } as never);
    await aTimeout(50);
    expect(status()).to.equal('Saved; sending to the gradebook…');
    live.live.options!.onGrade!({ ...grade, score: 9, passback: { state: 'sent', error: null }, thread_id: open.id } as never);
    await waitUntil(() => status() === 'Saved and in the gradebook.', 'the passback state follows the live event');
    expect((inner(el, 'et-grade').shadowRoot.querySelector('input') as HTMLInputElement).value, 'another author’s score').to.equal('9');
    await expect(el).to.be.accessible();
  });
});
