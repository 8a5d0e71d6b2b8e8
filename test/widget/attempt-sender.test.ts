import { expect } from '@open-wc/testing';
import { ApiClient } from '../../widget/src/lib/api-client.ts';
import { keepTake, pendingTakes, sendTake } from '../../widget/src/lib/attempt-sender.ts';
import { loadTake, updateTake } from '../../widget/src/lib/take-store.ts';
import type { UploadProgress } from '../../widget/src/lib/types.ts';
import { PartError, type PutPart } from '../../widget/src/lib/uploader.ts';
import { json } from './fixtures/fake-api.ts';

const THREAD = '00000000-0000-4000-8000-0000000000aa';
const attempt = (status = 'pending') => ({
  id: 'att-1',
  thread_id: THREAD,
  number: 1,
  media_asset_id: 'asset-1',
  status,
  error: null,
  duration: null,
  frame_rate: null,
  sync_offset: 0,
  playable: status !== 'pending',
  feedback_at: null,
  created_at: '',
  updated_at: '',
});

/**
 * The API's edge for one attempt's upload in two 5-byte parts: storage holds what was PUT. Its
 * attempts POST keeps Idempotency-Keys as the API does (a known key answers the same attempt);
 * `lostAnswers`: that many POSTs make their attempt but their answer never arrives (the page reloads).
 */
function fakeApi(opts: { uploadGone?: boolean; attemptStatus?: string; lostAnswers?: number; replayStatus?: string } = {}) {
  const state = { posts: [] as string[], keys: [] as (string | null)[], made: new Set<string>(), stored: new Map<number, string>(), completed: 0, requests: [] as string[] };
  let lost = opts.lostAnswers ?? 0;
  const view = () => ({
    id: 'up-1',
    status: 'pending',
    size: 10,
    part_size: 5,
    part_count: 2,
    expires_at: '',
    parts: [1, 2].filter((n) => !state.stored.has(n)).map((n) => ({ part_number: n, url: `https://storage.test/part-${n}` })),
    uploaded_parts: [...state.stored].map(([part_number, etag]) => ({ part_number, etag, size: 5 })),
  });
  const api = new ApiClient({
    apiBase: 'http://api.test',
    token: () => 't',
    refreshToken: async () => undefined,
    fetch: async (input, init) => {
      const path = new URL(String(input)).pathname.replace('/api/v1', '');
      const method = init?.method ?? 'GET';
      state.requests.push(`${method} ${path}`);
      if (method === 'POST' && path === `/threads/${THREAD}/attempts`) {
        state.posts.push(path);
        const key = new Headers(init?.headers).get('idempotency-key');
        state.keys.push(key);
        const replay = key !== null && state.made.has(key);
        if (key !== null) state.made.add(key);
        if (lost-- > 0) throw new TypeError('Failed to fetch');
        return json(201, { attempt: attempt(replay ? opts.replayStatus : undefined), upload: view() });
      }
      if (method === 'GET' && path === '/media/uploads/up-1') return opts.uploadGone ? json(404, { title: 'Not found', status: 404 }) : json(200, view());
      if (method === 'POST' && path === '/media/uploads/up-1/complete') {
        state.completed++;
        return json(202, { id: 'asset-1', status: 'uploaded' });
      }
      if (method === 'GET' && path === '/attempts/att-1') return json(200, attempt(opts.attemptStatus ?? 'uploaded'));
      return json(404, { title: 'Not found', status: 404, detail: `${method} ${path}` });
    },
  });
  return { api, state };
}

/** Storage's PUTs: the listed parts fail as a dropped connection does. */
function storage(state: { stored: Map<number, string> }, failing: number[] = []) {
  const puts: number[] = [];
  const put: PutPart = async (url, body, onProgress) => {
    const n = Number(url.slice(-1));
    puts.push(n);
    if (failing.includes(n)) throw new PartError(0);
    onProgress(body.size);
    state.stored.set(n, `"e${n}"`);
    return `"e${n}"`;
  };
  return { put, puts };
}

const file = () => new File([new Uint8Array(10)], 'attempt.webm', { type: 'video/webm' });

describe('sending a take', () => {
  let scope = '';
  beforeEach(() => {
    scope = `test:${Math.random()}`;
  });

  it('kept in IndexedDB, it resumes after an interruption with only the missing part, creates one attempt, and is forgotten once complete', async () => {
    const { api, state } = fakeApi();
    const take = await keepTake(scope, THREAD, file());
    expect((await pendingTakes(scope, THREAD)).map((t) => t.key)).to.deep.equal([take.key]);

    // Part 2's connection drops on every try: after the backoff's retries, the sending pauses.
    const first = storage(state, [2]);
    const progress: UploadProgress[] = [];
    let created = 0;
    let error: unknown;
    await sendTake(take.key, { api, putPart: first.put, retryMinMs: 1, onProgress: (p) => progress.push(p), onCreated: () => created++ }).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(PartError);
    expect(first.puts).to.deep.equal([1, 2, 2, 2, 2, 2]);
    expect(progress.at(-1)).to.include({ state: 'paused', loaded: 5, total: 10 });
    const kept = (await pendingTakes(scope, THREAD))[0]!;
    expect([kept.attemptId, kept.uploadId]).to.deep.equal(['att-1', 'up-1']);

    // As after a reload: the same take from IndexedDB, the upload resumed, part 1 not sent again.
    const second = storage(state);
    const sent = await sendTake(take.key, { api, putPart: second.put, onProgress: (p) => progress.push(p), onCreated: () => created++ });
    expect(second.puts).to.deep.equal([2]);
    expect(sent?.id).to.equal('att-1');
    expect(state.posts, 'one attempt created').to.have.length(1);
    expect(created).to.equal(1);
    expect(state.completed).to.equal(1);
    expect(progress.at(-1)!.state).to.equal('done');
    expect(await pendingTakes(scope, THREAD)).to.deep.equal([]);
  });

  it('the take’s key is kept with it before the POST and sent as Idempotency-Key on every try: a reload before the answer replays the same attempt', async () => {
    const { api, state } = fakeApi({ lostAnswers: 1 });
    const take = await keepTake(scope, THREAD, file());
    // In IndexedDB before anything went to the network.
    expect((await loadTake(take.key))?.key).to.equal(take.key);
    expect(state.requests).to.deep.equal([]);

    // The POST reaches the API, which makes the attempt; its answer is lost to a reload.
    const { put, puts } = storage(state);
    let error: unknown;
    await sendTake(take.key, { api, putPart: put, onProgress: () => {}, onCreated: () => {} }).catch((e: unknown) => (error = e));
    expect(error).to.be.instanceOf(Error);
    expect((await loadTake(take.key))?.attemptId, 'the answer never came').to.equal(undefined);
    expect(puts).to.deep.equal([]);

    // After the reload: the take from IndexedDB, the same key again; the API answers the same attempt.
    const created: string[] = [];
    const sent = await sendTake(take.key, { api, putPart: put, onProgress: () => {}, onCreated: (a) => created.push(a.id) });
    expect(state.keys).to.deep.equal([take.key, take.key]);
    expect(state.made.size, 'one attempt on the API').to.equal(1);
    expect(created).to.deep.equal(['att-1']);
    expect(sent?.id).to.equal('att-1');
    expect(puts).to.deep.equal([1, 2]);
    expect(state.completed).to.equal(1);
    expect(await pendingTakes(scope, THREAD)).to.deep.equal([]);
  });

  it('a replay whose upload completed meanwhile (another tab sent it) is not sent again', async () => {
    const { api, state } = fakeApi({ lostAnswers: 1, replayStatus: 'uploaded' });
    const take = await keepTake(scope, THREAD, file());
    const { put, puts } = storage(state);
    await sendTake(take.key, { api, putPart: put, onProgress: () => {}, onCreated: () => {} }).catch(() => {});
    const sent = await sendTake(take.key, { api, putPart: put, onProgress: () => {}, onCreated: () => {} });
    expect(sent?.status).to.equal('uploaded');
    expect(state.keys).to.deep.equal([take.key, take.key]);
    expect(puts).to.deep.equal([]);
    expect(state.completed).to.equal(0);
    expect(await pendingTakes(scope, THREAD)).to.deep.equal([]);
  });

  it('two sends of one take at once (two tabs) make one attempt', async () => {
    const { api, state } = fakeApi();
    const take = await keepTake(scope, THREAD, file());
    const { put } = storage(state);
    const options = { api, putPart: put, onProgress: () => {}, onCreated: () => {} };
    const [a, b] = await Promise.all([sendTake(take.key, options), sendTake(take.key, options)]);
    expect([a, b].filter(Boolean)).to.have.length(1);
    expect(state.posts).to.have.length(1);
    expect(state.completed).to.equal(1);
  });

  it('a take whose upload completed just before the tab closed is not sent again', async () => {
    const { api, state } = fakeApi({ uploadGone: true, attemptStatus: 'processing' });
    const take = await keepTake(scope, THREAD, file());
    await updateTake(take.key, { attemptId: 'att-1', uploadId: 'up-1' });
    const { put, puts } = storage(state);
    const sent = await sendTake(take.key, { api, putPart: put, onProgress: () => {}, onCreated: () => {} });
    expect(sent?.status).to.equal('processing');
    expect(state.posts).to.deep.equal([]);
    expect(puts).to.deep.equal([]);
    expect(await pendingTakes(scope, THREAD)).to.deep.equal([]);
  });
});
