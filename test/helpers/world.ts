import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { createTestContext, type TestContext } from './context.ts';

export interface Actor {
  token: string;
  id: string;
}

/**
 * Two tenants and every relation a caller can have to a thread, made through the public API:
 * the owner learner, another learner, the exercise's creator and co-author, an instructor who is
 * not an author, a moderator, and a learner of another tenant.
 */
export async function makeWorld(ctx: TestContext) {
  const a = await ctx.c.tenants.create({ name: 'Tenant A', allowedOrigins: ['https://lms-a.example'] });
  const b = await ctx.c.tenants.create({ name: 'Tenant B', allowedOrigins: ['https://lms-b.example'] });
  const mint = async (apiKey: string, external_id: string, role: string, name = external_id): Promise<Actor> => {
    const res = await ctx.http().post('/api/v1/tokens').auth(apiKey, { type: 'bearer' }).send({ user: { external_id, name, role } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return { token: res.body.access_token, id: res.body.user.id };
  };
  const actors = {
    owner: await mint(a.apiKey, 'owner', 'learner', 'Olivia Owner'),
    otherLearner: await mint(a.apiKey, 'other-learner', 'learner'),
    author: await mint(a.apiKey, 'author', 'instructor', 'Ada Author'),
    coauthor: await mint(a.apiKey, 'coauthor', 'instructor'),
    otherInstructor: await mint(a.apiKey, 'other-instructor', 'instructor'),
    moderator: await mint(a.apiKey, 'moderator', 'moderator'),
    foreign: await mint(b.apiKey, 'owner', 'learner'),
    foreignInstructor: await mint(b.apiKey, 'author', 'instructor'),
  };
  const as = (actor: Actor | string) => ({ Authorization: `Bearer ${typeof actor === 'string' ? actor : actor.token}` });

  const ex = await ctx.http().post('/api/v1/exercises').set(as(actors.author)).send({ title: 'Box step', source: { type: 'url', url: 'https://media.example/box.mp4' }, duration: 60 });
  assert.equal(ex.status, 201, JSON.stringify(ex.body));
  const added = await ctx.http().post(`/api/v1/exercises/${ex.body.id}/authors`).set(as(actors.author)).send({ user_id: actors.coauthor.id });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  const thread = await ctx.http().post('/api/v1/threads').set(as(actors.owner)).send({ exercise_video_id: ex.body.id });
  assert.equal(thread.status, 201, JSON.stringify(thread.body));
  const comment = await ctx.http().post('/api/v1/comments').set(as(actors.owner)).send({ thread_id: thread.body.id, t_start: 1.5, t_end: 3, body: 'SECRET-OWNER-COMMENT' });
  assert.equal(comment.status, 201, JSON.stringify(comment.body));
  const reply = await ctx.http().post('/api/v1/comments').set(as(actors.author)).send({ thread_id: thread.body.id, parent_id: comment.body.id, body: 'SECRET-AUTHOR-REPLY' });
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  return {
    tenantA: a,
    tenantB: b,
    actors,
    as,
    exerciseId: ex.body.id as string,
    threadId: thread.body.id as string,
    commentId: comment.body.id as string,
    replyId: reply.body.id as string,
    mint,
  };
}

export type World = Awaited<ReturnType<typeof makeWorld>>;

/** A test file's fresh app and world, made before its first test and closed after its last. */
export function useWorld(ready: (ctx: TestContext, world: World) => void, overrides: Record<string, string> = {}): void {
  let ctx: TestContext | undefined;
  before(async () => {
    ctx = await createTestContext(overrides);
    ready(ctx, await makeWorld(ctx));
  });
  after(() => ctx?.close());
}
