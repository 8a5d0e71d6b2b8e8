import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestContext } from '../helpers/context.ts';
import type { World } from '../helpers/world.ts';
import { connect, next, record, startLiveWorld, subscribe, type LiveHarness } from './live-helpers.ts';

let ctx: TestContext;
let w: World;
let h: LiveHarness;
let close: () => Promise<void>;

before(async () => ({ ctx, w, h, close } = await startLiveWorld()));
after(() => close());

test('a co-author removed while connected stops receiving the exercise’s threads', async () => {
  const coauthor = await connect(h, w.actors.coauthor.token);
  const owner = await connect(h, w.actors.owner.token);
  assert.ok('ok' in (await subscribe(coauthor, w.threadId)));
  assert.ok('ok' in (await subscribe(owner, w.threadId)));
  const seen = record(coauthor);

  const removed = await ctx.http().delete(`/api/v1/exercises/${w.exerciseId}/authors/${w.actors.coauthor.id}`).set(w.as(w.actors.author));
  assert.equal(removed.status, 204);

  // Listen first: the event is emitted before the HTTP answer is sent.
  const arrived = next(owner, 'comment:created', (c) => c.body === 'after the removal');
  const post = await ctx.http().post('/api/v1/comments').set(w.as(w.actors.owner)).send({ thread_id: w.threadId, t_start: 3, body: 'after the removal' });
  assert.equal(post.status, 201);
  // The owner, still in the room, receives it; by then the former author would have too.
  await arrived;
  assert.deepEqual(seen.filter((e) => e.comment.id === post.body.id), []);
  // And asking to join again is refused by the policy.
  const again = await subscribe(coauthor, w.threadId);
  assert.ok('error' in again && again.error.status === 404);
});
