import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../widget/src/exercise-thread.ts';
import type { EtComment } from '../../widget/src/elements/et-comment.ts';
import type { ExerciseThread } from '../../widget/src/exercise-thread.ts';
import type { CommentView } from '../../widget/src/lib/types.ts';
import { comment, deepAll, deepButton, EXERCISE, exercise, fakeApi, fakeLive, json, later, ME, PROBLEM, TEACHER, thread, tokenFor } from './fixtures/fake-api.ts';

// The state bugs of issue 13, each through the whole element with a stand-in API and live channel.
// Each of these failed on the element before the split into controllers (commit 0cc8ab8).

type Api = ReturnType<typeof fakeApi>;
type Live = ReturnType<typeof fakeLive>;

async function mount(api: Api, live: Live = fakeLive(), token = tokenFor(ME)): Promise<ExerciseThread> {
  const el = await fixture<ExerciseThread>(html`<exercise-thread
    api-base="http://api.test"
    exercise-id=${EXERCISE}
    token=${token}
    .fetch=${api.fetch}
    .liveClientFactory=${live.factory}
  ></exercise-thread>`);
  await waitUntil(() => el.status === 'ready', 'loads', { timeout: 5000 });
  await settle(el);
  return el;
}

async function settle(el: ExerciseThread): Promise<void> {
  await aTimeout(0);
  await el.updateComplete;
  for (const e of deepAll(el.shadowRoot!, '*')) await (e as Partial<EtComment>).updateComplete;
}

const listed = (el: ExerciseThread) => [...(el.list?.shadowRoot?.querySelectorAll<EtComment>('li > et-comment') ?? [])];
const bodies = (el: ExerciseThread) => listed(el).map((c) => c.comment.body);
const composerLabel = (el: ExerciseThread) => deepAll(el.shadowRoot!, 'et-composer')[0]!.shadowRoot!.querySelector('label')!.textContent!.trim();
const markers = (el: ExerciseThread) => deepAll(el.shadowRoot!, 'et-timeline')[0]!.shadowRoot!.querySelectorAll('.marker');

async function type(el: ExerciseThread, text: string): Promise<HTMLTextAreaElement> {
  const composer = deepAll(el.shadowRoot!, 'et-composer')[0] as HTMLElement & { updateComplete: Promise<unknown> };
  const area = composer.shadowRoot!.querySelector('textarea')!;
  area.value = text;
  area.dispatchEvent(new InputEvent('input', { bubbles: true }));
  await composer.updateComplete;
  return area;
}

describe('exercise-thread state (issue 13)', () => {
  beforeEach(() => localStorage.clear());

  it('moved in the DOM (detached, attached again), it loads again instead of staying on "Loading…"', async () => {
    const api = fakeApi({ comments: [comment({ body: 'still here' })] });
    const el = await mount(api);
    expect(bodies(el)).to.deep.equal(['still here']);
    const parent = el.parentElement!;
    el.remove();
    await aTimeout(10);
    const other = document.createElement('div');
    parent.append(other);
    other.append(el);
    await aTimeout(50);
    await waitUntil(() => el.status === 'ready' && bodies(el).length === 1, 'loads again after the move', { timeout: 3000 });
    expect(bodies(el)).to.deep.equal(['still here']);
    expect(el.shadowRoot!.textContent).to.not.contain('Loading…');
    expect(api.state.requests.filter((r) => r === `GET /exercises/${EXERCISE}`)).to.have.length(2);
  });

  it('an instructor clicking thread A then thread B quickly ends on B, whatever order the answers arrive in', async () => {
    const owner = (id: string, name: string) => ({ id, name });
    const a = thread({ id: '00000000-0000-4000-8000-0000000000a1', owner: owner('u-a', 'Ada'), last_activity_at: '2026-11-22T08:00:00.000Z' });
    const b = thread({ id: '00000000-0000-4000-8000-0000000000b2', owner: owner('u-b', 'Ben'), last_activity_at: '2026-11-22T07:00:00.000Z' });
    const c = thread({ id: '00000000-0000-4000-8000-0000000000c3', owner: owner('u-c', 'Cy'), awaiting_reply: true });
    const api = fakeApi({
      threads: [a, b, c],
      comments: [comment({ thread_id: a.id, body: 'from Ada' }), comment({ thread_id: b.id, body: 'from Ben' }), comment({ thread_id: c.id, body: 'from Cy' })],
    });
    const el = await mount(api, fakeLive(), tokenFor(TEACHER, 'instructor'));
    expect(bodies(el)).to.deep.equal(['from Cy']);
    // A's comments answer late, B's at once.
    api.state.override = async (method, path) => {
      if (path.startsWith(`/threads/${a.id}/comments`)) await later(300);
      return undefined;
    };
    await waitUntil(() => deepAll(el.shadowRoot!, 'et-thread-switcher')[0]?.shadowRoot, 'the switcher loads');
    const button = (name: string) => deepAll(el.shadowRoot!, 'button[part="thread"]').find((x) => x.querySelector('.name')!.textContent === name)!;
    button('Ada').click();
    button('Ben').click();
    await aTimeout(450);
    await settle(el);
    expect(bodies(el)).to.deep.equal(['from Ben']);
    expect(button('Ben').getAttribute('aria-current')).to.equal('true');
  });

  it('the error screen’s Retry retries what failed: the catalogue when the catalogue failed', async () => {
    const api = fakeApi();
    let failures = 1;
    api.state.override = (method, path) =>
      path.startsWith('/exercises?') && failures-- > 0 ? json(503, { type: `${PROBLEM}unavailable`, title: 'Unavailable', status: 503, detail: 'Try later.' }) : undefined;
    const el = await fixture<ExerciseThread>(html`<exercise-thread api-base="http://api.test" token=${tokenFor(ME)} .fetch=${api.fetch} .liveClientFactory=${fakeLive().factory}></exercise-thread>`);
    await waitUntil(() => deepButton(el, 'Retry'), 'the failure shows', { timeout: 3000 });
    deepButton(el, 'Retry')!.click();
    await waitUntil(() => deepButton(el, 'Box step'), 'the catalogue shows after the retry', { timeout: 3000 });
    expect(api.state.requests.filter((r) => r.startsWith('GET /exercises'))).to.deep.equal(['GET /exercises?limit=200', 'GET /exercises?limit=200']);
  });

  it('tells "failed" from "processing" by the problem type, not by the English of its detail', async () => {
    const upload = exercise({ source: { type: 'upload', url: null, youtube_id: null, media_asset_id: '00000000-0000-4000-8000-0000000000a5' } });
    const api = fakeApi({ exercise: upload });
    const problem = (code: string, detail: string) => json(409, { type: `${PROBLEM}${code}`, title: 'Not playable', status: 409, detail });
    api.state.override = (method, path) => (path.endsWith('/playback') ? problem('media-failed', 'Le transcodage a échoué.') : undefined);
    const el = await mount(api);
    await waitUntil(() => el.shadowRoot!.querySelector('.pending-video [role="alert"]'), 'shown as failed', { timeout: 3000 });
    expect(el.shadowRoot!.querySelector('.pending-video')!.textContent).to.contain('could not be processed: Le transcodage a échoué.');

    api.state.override = (method, path) => (path.endsWith('/playback') ? problem('media-processing', 'status: failed? no: still working') : undefined);
    const again = await mount(api);
    await waitUntil(() => again.shadowRoot!.querySelector('.pending-video [role="status"]'), 'shown as processing', { timeout: 3000 });
    expect(again.shadowRoot!.querySelector('.pending-video')!.textContent).to.contain('being processed');
  });

  it('a moderator’s hide and unhide do not make a comment "edited"; the author’s edit does', async () => {
    const t = '2026-11-22T10:00:00.000Z';
    const api = fakeApi({
      comments: [
        comment({ body: 'unhidden again', created_at: t, updated_at: '2026-11-23T09:00:00.000Z', edited_at: null }),
        comment({ body: 'reworded', t_start: 2, created_at: t, updated_at: '2026-11-23T09:00:00.000Z', edited_at: '2026-11-23T09:00:00.000Z' }),
      ],
    });
    const el = await mount(api);
    const edited = listed(el).map((c) => [c.comment.body, c.shadowRoot!.querySelector('header')!.textContent!.includes('edited')]);
    expect(edited).to.deep.equal([
      ['unhidden again', false],
      ['reworded', true],
    ]);
  });

  it('a hidden comment’s author keeps seeing their own words live, as REST shows them', async () => {
    const mine = comment({ body: 'my own words', seq: 5 });
    const live = fakeLive();
    const el = await mount(fakeApi({ comments: [mine] }), live);
    // The room hears the public view: hidden, without its body.
    live.live.options!.onEvent('comment:hidden', { ...mine, seq: 6, hidden: true, body: null });
    await settle(el);
    const shown = listed(el)[0]!;
    expect(shown.comment.hidden).to.equal(true);
    expect(shown.shadowRoot!.querySelector('.body')?.textContent).to.equal('my own words');
    expect(shown.shadowRoot!.textContent).to.contain('hidden by a moderator');
  });

  it('the instructor’s "awaiting reply" badge and counts follow live: on their reply, and on a student’s new comment', async () => {
    const student = { id: 'u-s', name: 'Sol' };
    const t = thread({ id: '00000000-0000-4000-8000-0000000000d4', owner: student, awaiting_reply: true, comment_count: 1 });
    const question: CommentView = comment({ thread_id: t.id, author: { ...student, role: 'learner' }, body: 'Is my knee right?', created_at: '2026-11-22T10:00:00.000Z' });
    const api = fakeApi({ threads: [t], comments: [question] });
    api.state.me = { id: TEACHER, name: 'Maya Okafor', role: 'instructor' };
    const live = fakeLive();
    const el = await mount(api, live, tokenFor(TEACHER, 'instructor'));
    await waitUntil(() => deepAll(el.shadowRoot!, 'et-thread-switcher')[0]?.shadowRoot, 'the switcher loads');
    const meta = () => deepAll(el.shadowRoot!, 'button[part="thread"] .meta')[0]!.textContent!.replace(/\s+/g, ' ').trim();
    expect(meta()).to.contain('awaiting reply');

    listed(el)[0]!.shadowRoot!.querySelector<HTMLButtonElement>('.actions button')!.click(); // Reply
    await settle(el);
    const area = await type(el, 'Yes, well done.');
    area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, composed: true }));
    await waitUntil(() => !meta().includes('awaiting reply'), 'the badge goes without a reload', { timeout: 3000 });
    expect(meta()).to.equal('2 comments');

    live.live.options!.onEvent('comment:created', comment({ thread_id: t.id, seq: 300, author: { ...student, role: 'learner' }, body: 'Thanks!', created_at: new Date().toISOString() }));
    await settle(el);
    expect(meta()).to.equal('3 comments · awaiting reply');
  });

  it('after a reply is sent the composer leaves reply mode, and Escape leaves it too', async () => {
    const api = fakeApi({ comments: [comment({ body: 'question', author: { id: TEACHER, name: 'Maya Okafor', role: 'instructor' } })] });
    const el = await mount(api);
    const reply = () => {
      [...listed(el)[0]!.shadowRoot!.querySelectorAll<HTMLButtonElement>('.actions button')].find((b) => b.textContent!.trim() === 'Reply')!.click();
      return settle(el);
    };
    await reply();
    expect(composerLabel(el)).to.equal('Replying to Maya Okafor');
    const area = await type(el, 'an answer');
    area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, composed: true }));
    await waitUntil(() => api.state.comments.length === 2, 'sent');
    await settle(el);
    expect(composerLabel(el)).to.match(/^Comment at /);

    // Reply to the same comment again: reply mode again, then Escape leaves it.
    await reply();
    expect(composerLabel(el)).to.equal('Replying to Maya Okafor');
    const field = deepAll(el.shadowRoot!, 'et-composer')[0]!.shadowRoot!.querySelector('textarea')!;
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await settle(el);
    expect(composerLabel(el)).to.match(/^Comment at /);
  });

  it('a deleted comment without replies leaves the list and the timeline; with replies it keeps its place with the notice', async () => {
    const gone = comment({ body: null, deleted: true, t_start: 1 });
    const kept = comment({ body: null, deleted: true, t_start: 2 });
    const answer = comment({ parent_id: kept.id, body: 'an answer', t_start: 2 });
    const alive = comment({ body: 'alive', t_start: 3 });
    const live = fakeLive();
    const el = await mount(fakeApi({ comments: [gone, kept, answer, alive] }), live);
    expect(listed(el).map((c) => c.comment.id)).to.deep.equal([kept.id, alive.id]);
    expect(listed(el)[0]!.shadowRoot!.textContent).to.contain('This comment was deleted.');
    expect(markers(el).length).to.equal(2);

    live.live.options!.onEvent('comment:deleted', { ...alive, seq: alive.seq + 50, deleted: true, body: null });
    await settle(el);
    expect(listed(el).map((c) => c.comment.id)).to.deep.equal([kept.id]);
    expect(markers(el).length).to.equal(1);
    // No tab stop is left for it either.
    expect(deepAll(el.shadowRoot!, 'et-timeline')[0]!.shadowRoot!.querySelectorAll('button').length).to.equal(1);
  });

  it('a sent comment shows once while its POST is answering, though its live echo came first', async () => {
    const api = fakeApi();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const answer: { echo?: CommentView } = {};
    // The server's answer is the comment its live echo carried (one id, one seq).
    api.state.override = async (method, path) => {
      if (method !== 'POST' || path !== '/comments') return undefined;
      await held;
      api.state.comments.push(answer.echo!);
      return json(201, answer.echo);
    };
    const live = fakeLive();
    const el = await mount(api, live);
    const area = await type(el, 'Was my turn late?');
    area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, composed: true }));
    await waitUntil(() => bodies(el).includes('Was my turn late?'), 'the pending row shows');
    // Another comment of mine already in the thread is no echo of it.
    live.live.options!.onEvent('comment:created', comment({ seq: 200, author: api.state.me, body: 'Something else', t_start: 0, t_end: 0 }));
    await settle(el);
    expect(bodies(el).filter((b) => b === 'Was my turn late?')).to.have.length(1);
    const t = listed(el).find((c) => c.comment.body === 'Was my turn late?')!.comment;
    const echo = (answer.echo = comment({ seq: 201, author: api.state.me, body: 'Was my turn late?', t_start: t.t_start, t_end: t.t_end }));
    live.live.options!.onEvent('comment:created', echo);
    await settle(el);
    expect(bodies(el).filter((b) => b === 'Was my turn late?')).to.have.length(1);
    expect(listed(el).find((c) => c.comment.body === 'Was my turn late?')!.comment.pending).to.equal(undefined);
    release();
    await waitUntil(() => api.state.comments.length === 1, 'the POST answers');
    await settle(el);
    expect(bodies(el).filter((b) => b === 'Was my turn late?')).to.have.length(1);
  });
});
