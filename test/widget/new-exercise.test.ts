import { aTimeout, expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../widget/src/exercise-thread.ts';
import type { ExerciseThread, LiveClient, LiveClientOptions } from '../../widget/src/exercise-thread.ts';
import type { EtVideoSurface } from '../../widget/src/elements/et-video-surface.ts';
import type { ExerciseView } from '../../widget/src/lib/types.ts';
import { PartError, type PutPart } from '../../widget/src/lib/uploader.ts';
import { ME, TEACHER } from './fixtures/comments.ts';

// Without exercise-id: an instructor's exercises and the new-exercise form with an upload that
// survives a dropped connection; the new exercise shows "processing" until the live status says
// ready, then plays; a learner picks from the catalogue. The API is an in-page stand-in.

const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
const tokenFor = (sub: string, role: string) => `${b64({ alg: 'HS256' })}.${b64({ sub, role })}.sig`;
const ASSET = '00000000-0000-4000-8000-0000000000a5';
const HLS = new URL('/embed-demo/media/hls/index.m3u8', location.href).href;

function exercise(over: Partial<ExerciseView> = {}): ExerciseView {
  return {
    id: '00000000-0000-4000-8000-0000000000e1',
    title: 'Box step',
    description: '',
    source: { type: 'url', url: 'https://cdn.example/a.mp4', youtube_id: null, media_asset_id: null },
    duration: 8,
    metadata: {},
    creator_id: TEACHER,
    author_ids: [TEACHER],
    archived: false,
    created_at: '',
    updated_at: '',
    ...over,
  };
}

function fakeApi() {
  const state = {
    exercises: [exercise(), exercise({ id: '00000000-0000-4000-8000-0000000000e2', title: 'Someone else’s', creator_id: ME, author_ids: [ME] })],
    requests: [] as string[],
    bodies: new Map<string, unknown>(),
    ready: false,
    playbacks: 0,
    puts: [] as string[],
    dropOnce: new Set(['part-2']),
  };
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const upload = (parts: number[], uploaded: { part_number: number; etag: string; size: number }[] | null) => ({
    id: 'up-1', status: 'pending', size: 10, part_size: 5, part_count: 2, expires_at: '',
    parts: parts.map((n) => ({ part_number: n, url: `https://storage.test/part-${n}?sig=${state.requests.length}` })),
    uploaded_parts: uploaded,
  });
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    const path = url.pathname.replace('/api/v1', '');
    const method = init.method ?? 'GET';
    state.requests.push(`${method} ${path}`);
    if (init.body) state.bodies.set(`${method} ${path}`, JSON.parse(String(init.body)));
    if (method === 'GET' && path === '/exercises') return json(200, { data: state.exercises, next_cursor: null });
    if (method === 'POST' && path === '/media/uploads') return json(201, upload([1, 2], []));
    if (method === 'GET' && path === '/media/uploads/up-1') return json(200, upload([2], [{ part_number: 1, etag: '"e1"', size: 5 }]));
    if (method === 'POST' && path === '/media/uploads/up-1/complete') return json(202, { id: ASSET, status: 'uploaded' });
    if (method === 'POST' && path === '/exercises') {
      const body = JSON.parse(String(init.body)) as { title: string; source: { media_asset_id: string } };
      const ex = exercise({ id: '00000000-0000-4000-8000-0000000000e3', title: body.title, source: { type: 'upload', url: null, youtube_id: null, media_asset_id: body.source.media_asset_id } });
      state.exercises.push(ex);
      return json(201, ex);
    }
    const one = /^\/exercises\/([^/]+)(\/playback)?$/.exec(path);
    if (method === 'GET' && one) {
      const ex = state.exercises.find((e) => e.id === one[1]);
      if (!ex) return json(404, { title: 'Not found', status: 404 });
      if (!one[2]) return json(200, ex);
      state.playbacks++;
      if (ex.source.type === 'upload' && !state.ready) return json(409, { type: 'https://exercise-threads.dev/problems/media-processing', title: 'Video not ready', status: 409, detail: 'The video is not playable yet (status: processing).' });
      return json(200, ex.source.type === 'upload' ? { type: 'hls', url: `${HLS}?token=${state.playbacks}`, expires_at: '' } : { type: 'mp4', url: ex.source.url });
    }
    if (method === 'GET' && path === '/threads') return json(200, { data: [], next_cursor: null });
    if (method === 'POST' && path === '/threads') return json(200, { id: '00000000-0000-4000-8000-0000000000aa', exercise_video_id: one?.[1] ?? '', owner: { id: ME, name: 'Sam' }, comment_count: 0, unread_count: 0, awaiting_reply: false, last_activity_at: '', created_at: '' });
    if (method === 'GET' && path.endsWith('/comments')) return json(200, { data: [], next_cursor: null });
    return json(404, { title: 'Not found', status: 404, detail: `${method} ${path}` });
  };
  /** Storage's part PUTs: part 2's first attempt drops mid-way. */
  const putPart: PutPart = async (url, body, onProgress) => {
    const name = new URL(url).pathname.slice(1);
    state.puts.push(name);
    onProgress(Math.floor(body.size / 2));
    if (state.dropOnce.delete(name)) throw new PartError(0);
    onProgress(body.size);
    return `"e${name.slice(-1)}"`;
  };
  return { state, fetch, putPart };
}

function fakeLive() {
  const live = { options: undefined as LiveClientOptions | undefined };
  const factory = (options: LiveClientOptions): LiveClient => {
    live.options = options;
    return { subscribe: async () => {}, unsubscribe: async () => {}, lastSeq: () => 0, close: () => {} };
  };
  return { live, factory };
}

type Inner = HTMLElement & { shadowRoot: ShadowRoot; updateComplete: Promise<boolean> };
const inner = (root: Element, tag: string) => root.shadowRoot!.querySelector(tag) as Inner;

describe('exercise-thread without exercise-id', () => {
  beforeEach(() => localStorage.clear());

  it('an instructor sees their exercises, uploads a file through a dropped connection, creates the exercise, sees it processing, then playing', async () => {
    const api = fakeApi();
    const live = fakeLive();
    const el = await fixture<ExerciseThread>(html`<exercise-thread
      api-base="http://api.test" token=${tokenFor(TEACHER, 'instructor')} .fetch=${api.fetch} .putPart=${api.putPart} .liveClientFactory=${live.factory}
    ></exercise-thread>`);
    await waitUntil(() => el.status === 'ready' && inner(el, 'et-new-exercise'), 'the catalogue loads');
    const list = inner(el, 'et-exercise-list');
    const form = inner(el, 'et-new-exercise');
    await list.updateComplete;
    await form.updateComplete;
    expect([...list.shadowRoot.querySelectorAll('button')].map((b) => b.textContent!.trim())).to.deep.equal(['Box step']);
    const create = form.shadowRoot.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    expect(create.disabled, 'no upload yet').to.equal(true);
    await expect(el).to.be.accessible();

    // Pick a 10-byte file: two 5-byte parts; the second drops.
    const upload = inner(form, 'et-upload');
    await upload.updateComplete;
    const input = upload.shadowRoot.querySelector<HTMLInputElement>('input[type="file"]')!;
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(10)], 'swing.mp4', { type: 'video/mp4' }));
    input.files = dt.files;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await waitUntil(() => el.uploadProgress?.state === 'paused', 'the dropped part stops the upload');
    await upload.updateComplete;
    expect(upload.shadowRoot.querySelector('progress')!.value).to.equal(5);
    expect(upload.shadowRoot.querySelector('[role="alert"]')!.textContent).to.contain('The connection dropped.');

    // Resume: the API lists the part storage holds; only part 2 goes up again, with a fresh URL.
    upload.shadowRoot.querySelector<HTMLButtonElement>('button')!.click();
    await waitUntil(() => el.uploadProgress?.state === 'done', 'the upload completes');
    expect(api.state.puts).to.deep.equal(['part-1', 'part-2', 'part-2']);
    expect(api.state.requests).to.include('GET /media/uploads/up-1');
    expect(api.state.bodies.get('POST /media/uploads/up-1/complete')).to.deep.equal({ parts: [{ part_number: 1, etag: '"e1"' }, { part_number: 2, etag: '"e2"' }] });
    await form.updateComplete;
    expect(create.disabled).to.equal(false);

    form.shadowRoot.querySelector<HTMLInputElement>('input[name="title"]')!.value = 'Golf swing';
    create.click();
    await waitUntil(() => el.exercise?.title === 'Golf swing' && el.playback?.state === 'processing', 'the new exercise opens, processing');
    expect(api.state.bodies.get('POST /exercises')).to.deep.equal({ title: 'Golf swing', source: { type: 'upload', media_asset_id: ASSET } });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.pending-video [role="status"]')!.textContent).to.contain('being processed');
    expect(el.shadowRoot!.querySelector('et-video-surface')).to.equal(null);

    // The live channel says the asset is ready: the signed HLS URL plays.
    api.state.ready = true;
    live.live.options!.onMediaStatus!({ media_asset_id: ASSET, status: 'ready', error: null });
    await waitUntil(() => el.playback?.state === 'play', 'playable');
    await el.updateComplete;
    const surface = el.shadowRoot!.querySelector<EtVideoSurface>('et-video-surface')!;
    expect([surface.kind, surface.src]).to.deep.equal(['hls', `${HLS}?token=${api.state.playbacks}`]);
    const player = await surface.ready;
    expect(player).to.not.equal(undefined);

    // The signature expires mid-video: a fresh URL goes to the same player (nothing re-attached).
    const before = api.state.playbacks;
    surface.dispatchEvent(new CustomEvent('et-source-expired', { detail: { time: 1 }, bubbles: true, composed: true }));
    await waitUntil(() => surface.src === `${HLS}?token=${before + 1}`, 'a fresh URL');
    await aTimeout(0);
    expect(surface.player).to.equal(player);
    expect((player as unknown as { renewals: number }).renewals).to.equal(1);

    // Back to the list.
    el.shadowRoot!.querySelector<HTMLButtonElement>('button.back')!.click();
    await waitUntil(() => el.status === 'ready' && !el.exercise && inner(el, 'et-exercise-list'));
    const again = inner(el, 'et-exercise-list');
    await again.updateComplete;
    expect([...again.shadowRoot.querySelectorAll('button')].map((b) => b.textContent!.trim())).to.deep.equal(['Box step', 'Golf swing']);
  });

  it('a learner picks from the catalogue, without the form, in French', async () => {
    const api = fakeApi();
    const el = await fixture<ExerciseThread>(html`<exercise-thread
      api-base="http://api.test" lang="fr" token=${tokenFor(ME, 'learner')} .fetch=${api.fetch} .liveClientFactory=${fakeLive().factory}
    ></exercise-thread>`);
    await waitUntil(() => el.status === 'ready' && inner(el, 'et-exercise-list'), 'the catalogue loads');
    expect(inner(el, 'et-new-exercise')).to.equal(null);
    const list = inner(el, 'et-exercise-list');
    await list.updateComplete;
    expect(list.shadowRoot.querySelector('h2')!.textContent).to.equal('Choisissez un exercice');
    const buttons = [...list.shadowRoot.querySelectorAll('button')];
    expect(buttons).to.have.length(2);
    setTimeout(() => buttons[0]!.click());
    await oneEvent(el, 'thread-changed');
    expect(el.exercise!.title).to.equal('Box step');
    expect(api.state.requests).to.include(`GET /exercises/${exercise().id}/playback`);
    await waitUntil(() => el.playback?.state === 'play');
    expect(el.playback).to.include({ kind: 'file', src: 'https://cdn.example/a.mp4' });
  });
});
