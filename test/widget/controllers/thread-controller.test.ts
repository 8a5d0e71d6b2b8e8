import { expect, waitUntil } from '@open-wc/testing';
import { SessionController } from '../../../widget/src/controllers/session-controller.ts';
import { ThreadController } from '../../../widget/src/controllers/thread-controller.ts';
import type { LiveClient, LiveClientOptions } from '../../../widget/src/lib/live-client.ts';
import { comment, EXERCISE, fakeApi, fakeLive, later, ME, TEACHER, thread, tokenFor } from '../fixtures/fake-api.ts';
import { fakeHost, flush } from '../fixtures/fake-host.ts';

function setup(api: ReturnType<typeof fakeApi>, live = fakeLive(), token = tokenFor(ME)) {
  const host = fakeHost({ token, exerciseId: EXERCISE, threadId: '', liveClientFactory: live.factory as ((o: LiveClientOptions) => LiveClient) | undefined });
  host.fetch = api.fetch;
  const session = new SessionController(host);
  const opened: string[] = [];
  const changed: string[] = [];
  host.addEventListener('thread-changed', (e) => changed.push(e.detail.threadId));
  const controller = new ThreadController(host, session, { onOpened: (t) => opened.push(t.id) });
  return { host, controller, live, opened, changed };
}

describe('ThreadController', () => {
  it('loads the exercise and the learner’s thread, subscribes live from its highest seq, and marks it read', async () => {
    const api = fakeApi({ comments: [comment({ seq: 7 }), comment({ seq: 3 })] });
    const { host, controller, live, changed } = setup(api);
    await waitUntil(() => controller.status === 'ready', 'ready');
    expect(controller.exercise!.id).to.equal(EXERCISE);
    expect([...controller.comments].map((c) => c.seq).sort()).to.deep.equal([3, 7]);
    await waitUntil(() => live.live.subscribed.length === 1);
    expect(live.live.subscribed[0]).to.deep.equal([thread().id, 7]);
    expect(changed).to.deep.equal([thread().id]);
    await waitUntil(() => api.state.requests.some((r) => r.endsWith('/read')), 'marked read');
    host.remove();
  });

  it('latest call wins: a thread chosen later opens even when an earlier choice answers last', async () => {
    const a = thread({ id: 'a0000000-0000-4000-8000-000000000000', owner: { id: 'x', name: 'A' }, awaiting_reply: true });
    const b = thread({ id: 'b0000000-0000-4000-8000-000000000000', owner: { id: 'y', name: 'B' } });
    const api = fakeApi({ threads: [a, b], comments: [comment({ thread_id: a.id, body: 'A' }), comment({ thread_id: b.id, body: 'B' })] });
    const signals: AbortSignal[] = [];
    const slow = api.fetch;
    api.fetch = async (input, init) => {
      if (String(input).includes(`/threads/${b.id}/comments`) && init?.signal) signals.push(init.signal);
      if (String(input).includes(`/threads/${b.id}/comments`)) await later(200);
      return slow(input, init);
    };
    const { host, controller } = setup(api, fakeLive(), tokenFor(TEACHER, 'instructor'));
    await waitUntil(() => controller.status === 'ready');
    expect(controller.thread!.id).to.equal(a.id);
    controller.select(b.id);
    await flush(host);
    controller.select(a.id);
    await later(300);
    await flush(host);
    expect(controller.thread!.id).to.equal(a.id);
    expect([...controller.comments].map((c) => c.body)).to.deep.equal(['A']);
    expect(signals[0]!.aborted, 'the superseded request was cancelled').to.equal(true);
    host.remove();
  });

  it('disconnected, it cancels its load and closes the live channel; connected again, it loads afresh', async () => {
    const api = fakeApi();
    const live = fakeLive();
    const { host, controller } = setup(api, live);
    await waitUntil(() => controller.status === 'ready');
    host.remove();
    expect(live.live.closed).to.equal(1);
    document.body.append(host);
    await waitUntil(() => controller.status === 'ready' && api.state.requests.filter((r) => r === `GET /exercises/${EXERCISE}`).length === 2, 'reloaded');
    host.remove();
  });

  it('keeps a hidden comment’s body for its author when the live room sends it without', async () => {
    const mine = comment({ seq: 4, body: 'mine' });
    const theirs = comment({ seq: 5, body: 'theirs', author: { id: TEACHER, name: 'T', role: 'instructor' } });
    const live = fakeLive();
    const { host, controller } = setup(fakeApi({ comments: [mine, theirs] }), live);
    await waitUntil(() => controller.status === 'ready' && live.live.options);
    live.live.options!.onEvent('comment:hidden', { ...mine, seq: 6, hidden: true, body: null });
    live.live.options!.onEvent('comment:hidden', { ...theirs, seq: 7, hidden: true, body: null });
    expect([controller.comment(mine.id)!.body, controller.comment(theirs.id)!.body]).to.deep.equal(['mine', null]);
    host.remove();
  });

  it('retries what failed', async () => {
    const api = fakeApi();
    let fail = true;
    api.state.override = (method, path) => (fail && path === `/exercises/${EXERCISE}` ? new Response('{}', { status: 500 }) : undefined);
    const { host, controller } = setup(api);
    await waitUntil(() => controller.status === 'error');
    fail = false;
    controller.retry();
    await waitUntil(() => controller.status === 'ready');
    host.remove();
  });
});
