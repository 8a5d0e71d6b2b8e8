import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { ExportComment } from '../../api/src/exports/export-rows.ts';
import { ExportsRepository } from '../../api/src/exports/exports.repository.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { makeWorld, type World } from '../helpers/world.ts';

let ctx: TestContext;
let w: World;
let repo: ExportsRepository;

async function all(pages: AsyncIterable<readonly ExportComment[]>): Promise<{ rows: ExportComment[]; sizes: number[] }> {
  const rows: ExportComment[] = [];
  const sizes: number[] = [];
  for await (const page of pages) {
    rows.push(...page);
    sizes.push(page.length);
  }
  return { rows, sizes };
}

const post = async (actor: { token: string }, body: Record<string, unknown>) => {
  const res = await ctx.http().post('/api/v1/comments').set(w.as(actor as World['actors']['owner'])).send({ thread_id: w.threadId, ...body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id as string;
};

before(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  repo = new ExportsRepository(ctx.db.knex);
});
after(() => ctx.close());

test('keyset pages: every shown comment once, by start time, replies right after their parent, hidden and deleted left out', async () => {
  // The world holds the owner's comment at 1.5–3 s and the author's reply to it.
  const late = await post(w.actors.owner, { t_start: 40, body: 'late point' });
  const early = await post(w.actors.owner, { t_start: 0.25, t_end: 0.5, body: 'early' });
  const tie = await post(w.actors.owner, { t_start: 1.5, t_end: 2, body: 'same start, later' });
  const replyToLate = await post(w.actors.author, { parent_id: late, body: 'reply to the late one' });
  const secondReply = await post(w.actors.owner, { parent_id: w.commentId, body: 'second reply' });
  const gone = await post(w.actors.owner, { t_start: 5, body: 'to be deleted' });
  const hidden = await post(w.actors.owner, { t_start: 6, body: 'to be hidden' });
  assert.equal((await ctx.http().delete(`/api/v1/comments/${gone}`).set(w.as(w.actors.owner))).status, 204);
  await ctx.db.knex('video_comments').where({ id: hidden }).update({ hidden_at: ctx.db.knex.fn.now() });

  const { rows, sizes } = await all(repo.comments({ threadId: w.threadId }, 2));
  assert.deepEqual(rows.map((r) => r.id), [early, w.commentId, w.replyId, secondReply, tie, late, replyToLate]);
  assert.deepEqual(sizes, [2, 2, 2, 1]);
  const reply = rows.find((r) => r.id === w.replyId)!;
  assert.equal(reply.parent_id, w.commentId);
  assert.equal(reply.parent_exported, true);
  assert.equal(reply.author_name, 'Ada Author');
  assert.equal(reply.author_role, 'instructor');
  assert.equal(reply.student_name, 'Olivia Owner');
  assert.deepEqual([rows[1]!.t_start_ms, rows[1]!.t_end_ms], [1500, 3000]);
  assert.match(rows[0]!.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  // One page, or many: the same rows.
  assert.deepEqual((await all(repo.comments({ threadId: w.threadId }, 500))).rows, rows);
});

test('an exercise export spans its threads, thread by thread', async () => {
  const other = await w.mint(w.tenantA.apiKey, 'second-learner', 'learner', 'Second Learner');
  const t2 = await ctx.http().post('/api/v1/threads').set(w.as(other)).send({ exercise_video_id: w.exerciseId });
  assert.equal(t2.status, 201);
  const c2 = await ctx.http().post('/api/v1/comments').set(w.as(other)).send({ thread_id: t2.body.id, t_start: 0, body: 'second thread' });
  assert.equal(c2.status, 201);
  const { rows } = await all(repo.comments({ exerciseId: w.exerciseId }, 3));
  const threads = rows.map((r) => r.thread_id);
  assert.deepEqual([...new Set(threads)], [w.threadId, t2.body.id]);
  assert.equal(rows.at(-1)!.id, c2.body.id);
  assert.equal(rows.at(-1)!.student_name, 'Second Learner');
});
