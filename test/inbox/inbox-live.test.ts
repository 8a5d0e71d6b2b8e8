import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { InboxItemView } from '../../api/src/contract/inbox.ts';
import type { TestContext } from '../helpers/context.ts';
import type { World } from '../helpers/world.ts';
import { connect, fence, next, startLiveWorld, type ClientSocket, type LiveHarness } from '../live/live-helpers.ts';

// inbox:updated: each instructor whose inbox holds the thread hears of its changes, nobody else.

let ctx: TestContext;
let w: World;
let h: LiveHarness;
let close: () => Promise<void>;

before(async () => ({ ctx, w, h, close } = await startLiveWorld()));
after(() => close());

function heard(socket: ClientSocket): InboxItemView[] {
  const seen: InboxItemView[] = [];
  socket.on('inbox:updated', (item) => seen.push(item));
  return seen;
}

const post = (token: string, body: object) => ctx.http().post('/api/v1/comments').set({ Authorization: `Bearer ${token}` }).send(body);

test("a learner's comment reaches the exercise's authors' inboxes as waiting; a reply clears it; other instructors hear nothing", { timeout: 60_000 }, async () => {
  const author = await connect(h, w.actors.author.token);
  const coauthor = await connect(h, w.actors.coauthor.token);
  const outsiders = [await connect(h, w.actors.otherInstructor.token), await connect(h, w.actors.foreignInstructor.token), await connect(h, w.actors.otherLearner.token)];
  const outsiderHeard = outsiders.map(heard);
  const owner = await connect(h, w.actors.owner.token);
  const ownerHeard = heard(owner);

  const waiting = next<InboxItemView>(author, 'inbox:updated', (i) => i.awaiting_reply);
  const coWaiting = next<InboxItemView>(coauthor, 'inbox:updated', (i) => i.awaiting_reply);
  const learner = await post(w.actors.owner.token, { thread_id: w.threadId, t_start: 4, body: 'Is my posture better now?' });
  assert.equal(learner.status, 201, learner.text);
  const item = await waiting;
  assert.equal(item.id, w.threadId);
  assert.equal(item.last_message?.excerpt, 'Is my posture better now?');
  assert.equal(item.oldest_unanswered?.comment_id, learner.body.id);
  assert.ok(item.unread_count >= 1);
  assert.equal((await coWaiting).id, w.threadId);

  const cleared = next<InboxItemView>(author, 'inbox:updated', (i) => !i.awaiting_reply);
  const reply = await post(w.actors.author.token, { thread_id: w.threadId, parent_id: learner.body.id, body: 'Yes, much better.' });
  assert.equal(reply.status, 201, reply.text);
  const after = await cleared;
  assert.equal(after.awaiting_since, null);
  assert.equal(after.last_message?.comment_id, reply.body.id);

  await ctx.c.live.settled();
  for (const s of [...outsiders, owner]) await fence(s);
  assert.deepEqual(outsiderHeard, [[], [], []]);
  assert.deepEqual(ownerHeard, []);
});

test('an author marking a thread done clears it live in the co-author’s inbox; outsiders hear nothing', { timeout: 60_000 }, async () => {
  const coauthor = await connect(h, w.actors.coauthor.token);
  const outsider = await connect(h, w.actors.otherInstructor.token);
  const outsiderHeard = heard(outsider);
  const waiting = next<InboxItemView>(coauthor, 'inbox:updated', (i) => i.awaiting_reply);
  const learner = await post(w.actors.owner.token, { thread_id: w.threadId, t_start: 6, body: 'And my hands?' });
  assert.equal(learner.status, 201, learner.text);
  await waiting;

  const cleared = next<InboxItemView>(coauthor, 'inbox:updated', (i) => !i.awaiting_reply);
  const done = await ctx.http().post(`/api/v1/threads/${w.threadId}/done`).set(w.as(w.actors.author));
  assert.equal(done.status, 200, done.text);
  const item = await cleared;
  assert.equal(item.id, w.threadId);
  assert.equal(item.awaiting_since, null);
  assert.ok(item.done_at, 'the co-author sees when it was marked done');

  await ctx.c.live.settled();
  await fence(outsider);
  assert.deepEqual(outsiderHeard, []);
});
