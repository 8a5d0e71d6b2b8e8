// Concurrent creates go to PostgreSQL together, as one statement (issue 16). Each comment keeps
// its own caller's scope, checks and answer; one that fails in the statement is tried again alone,
// and the rest are written. Started in one tick, creates are one batch; `xmin` (the writing
// transaction) shows which went together.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { UserPrincipal } from '../../api/src/auth/principal.ts';
import { CommentsRepository, type NewComment } from '../../api/src/comments/comments.repository.ts';
import { NotFoundError, ValidationError } from '../../api/src/errors/domain-errors.ts';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { makeWorld, type World } from '../helpers/world.ts';

let ctx: TestContext;
let w: World;
let otherThreadId: string;
const learner = (id: string, tenantId = w.tenantA.tenant.id): UserPrincipal => ({ kind: 'user', tenantId, userId: id, role: 'learner' });
/** A comment as the service hands it to the repository (times in ms, no key). */
const newComment = (author: string, thread: string, body: string, start: number, end: number, parent: string | null = null): NewComment => ({
  thread_id: thread, author_id: author, t_start_ms: start, t_end_ms: end, body, drawing: null, parent_id: parent, attempt_id: null,
  idempotency_key: null, idempotency_fingerprint: null,
});
const transactions = async (ids: string[]) =>
  (await ctx.db.knex.raw<{ rows: { x: string }[] }>('SELECT DISTINCT xmin::text AS x FROM video_comments WHERE id = ANY (?)', [ids])).rows.length;

before(async () => {
  ctx = await createTestContext();
  w = await makeWorld(ctx);
  const res = await ctx.http().post('/api/v1/threads').set(w.as(w.actors.otherLearner)).send({ exercise_video_id: w.exerciseId });
  assert.equal(res.status, 201);
  otherThreadId = res.body.id;
});
after(() => ctx.close());

test('creates started together are written by one statement; each keeps its own scope, times and answer', async () => {
  const before = Number((await ctx.db.knex('video_comments').count({ n: '*' }))[0]!.n);
  const [own, other, intruder, late, foreign] = await Promise.allSettled([
    ctx.c.comments.create(learner(w.actors.owner.id), { thread_id: w.threadId, t_start: 4, body: 'mine' }),
    ctx.c.comments.create(learner(w.actors.otherLearner.id), { thread_id: otherThreadId, t_start: 5, body: 'also mine' }),
    // Another learner's thread, in the same statement as its owner's comment.
    ctx.c.comments.create(learner(w.actors.otherLearner.id), { thread_id: w.threadId, t_start: 6, body: 'INTRUDER' }),
    ctx.c.comments.create(learner(w.actors.owner.id), { thread_id: w.threadId, t_start: 59, t_end: 61, body: 'past the end' }),
    ctx.c.comments.create(learner(w.actors.foreign.id, w.tenantB.tenant.id), { thread_id: w.threadId, t_start: 7, body: 'FOREIGN' }),
  ]);
  assert.equal(own.status, 'fulfilled');
  assert.equal(other.status, 'fulfilled');
  assert.equal(own.value.body, 'mine');
  assert.equal(own.value.thread_id, w.threadId);
  assert.equal(other.value.body, 'also mine');
  assert.equal(other.value.thread_id, otherThreadId);
  assert.equal(await transactions([own.value.id, other.value.id]), 1, 'both were written by one statement');
  assert.ok(intruder.status === 'rejected' && intruder.reason instanceof NotFoundError, String(intruder.status === 'rejected' && intruder.reason));
  assert.ok(foreign.status === 'rejected' && foreign.reason instanceof NotFoundError);
  assert.ok(late.status === 'rejected' && late.reason instanceof ValidationError);
  assert.equal((late.reason as ValidationError).errors?.[0]?.field, 't_end');
  const after = Number((await ctx.db.knex('video_comments').count({ n: '*' }))[0]!.n);
  assert.equal(after, before + 2, 'only the two comments in scope were written');
  assert.equal((await ctx.db.knex('video_comments').whereIn('body', ['INTRUDER', 'FOREIGN', 'past the end'])).length, 0);
  // Each thread's sequence and inbox state moved by its own comment only.
  const threads = await ctx.db.knex('personal_exercise_threads').whereIn('id', [w.threadId, otherThreadId]).select('id', 'last_comment_id');
  assert.deepEqual(Object.fromEntries(threads.map((t) => [t.id, t.last_comment_id])), { [w.threadId]: own.value.id, [otherThreadId]: other.value.id });
});

test('the same idempotency key twice in one batch writes one comment, and both answers are it', async () => {
  const input = { thread_id: w.threadId, t_start: 8, body: 'sent twice' };
  const [a, b] = await Promise.all([
    ctx.c.comments.create(learner(w.actors.owner.id), input, 'batch-key-1'),
    ctx.c.comments.create(learner(w.actors.owner.id), input, 'batch-key-1'),
  ]);
  assert.equal(a.id, b.id);
  assert.equal((await ctx.db.knex('video_comments').where({ idempotency_key: 'batch-key-1' })).length, 1);
});

test('a comment the database refuses inside a batch fails alone; the others are written', async () => {
  // A second repository on the same database: the rules the batch meets are the database's own.
  const repo = new CommentsRepository(ctx.db);
  const scope = { kind: 'owner', tenantId: w.tenantA.tenant.id, userId: w.actors.owner.id } as const;
  const comment = (body: string, start: number, end: number) => newComment(w.actors.owner.id, w.threadId, body, start, end);
  const [first, refused, last] = await Promise.allSettled([
    repo.insertInScope(scope, comment('first', 1000, 1000)),
    // Ends before it starts: the table's CHECK refuses it (the service would have said 422 first).
    repo.insertInScope(scope, comment('REFUSED', 3000, 2000)),
    repo.insertInScope(scope, comment('last', 2000, 2500)),
  ]);
  assert.ok(refused.status === 'rejected');
  assert.equal((refused.reason as { code?: string }).code, '23514');
  assert.ok(first.status === 'fulfilled' && first.value.inserted);
  assert.ok(last.status === 'fulfilled' && last.value.inserted);
  assert.equal(first.value.inserted.body, 'first');
  assert.equal(last.value.inserted.body, 'last');
  assert.equal((await ctx.db.knex('video_comments').where({ body: 'REFUSED' })).length, 0);
  assert.equal((await ctx.db.knex('video_comments').whereIn('id', [first.value.inserted.id, last.value.inserted.id])).length, 2);
});

test('many learners posting at once over HTTP, each request sent twice: every comment is written once, answered to both, in its own thread', async () => {
  const learners = await Promise.all(Array.from({ length: 6 }, (_, i) => w.mint(w.tenantA.apiKey, `batch-learner-${i}`, 'learner')));
  const threads = await Promise.all(
    learners.map(async (l) => {
      const res = await ctx.http().post('/api/v1/threads').set(w.as(l)).send({ exercise_video_id: w.exerciseId });
      assert.equal(res.status, 201);
      return res.body.id as string;
    }),
  );
  const sends = learners.flatMap((l, i) =>
    Array.from({ length: 5 }, (_, k) => ({ l, key: `http-${i}-${k}`, body: { thread_id: threads[i], t_start: k, body: `learner ${i} comment ${k}` } })),
  );
  // Each request twice, all at once: the second is a retry racing the first.
  const answers = await Promise.all(
    [...sends, ...sends].map((s) => ctx.http().post('/api/v1/comments').set(w.as(s.l)).set('Idempotency-Key', s.key).send(s.body)),
  );
  for (const a of answers) assert.ok(a.status === 201 || a.status === 200, `${a.status} ${JSON.stringify(a.body)}`);
  for (const [i, s] of sends.entries()) {
    assert.equal(answers[i]!.body.id, answers[i + sends.length]!.body.id, 'the retry is answered with the same comment');
    assert.equal(answers[i]!.body.thread_id, s.body.thread_id);
    assert.equal(answers[i]!.body.body, s.body.body);
  }
  for (const [i, thread] of threads.entries()) {
    const rows = await ctx.db.knex('video_comments').where({ thread_id: thread }).orderBy('seq').select('seq', 'body', 'author_id');
    assert.equal(rows.length, 5, 'each comment once');
    assert.ok(rows.every((r) => r.author_id === learners[i]!.id));
    assert.deepEqual(rows.map((r) => r.seq), [1, 2, 3, 4, 5], 'one seq each, none lost to a failed batch');
  }
});

test('an instructor’s reply and comments written together: one statement, each on its own parent, thread and time', async () => {
  // Through the repository, as the service calls it once a reply's parent is checked (which the
  // service awaits first, so its replies join whichever batch is then forming).
  const repo = new CommentsRepository(ctx.db);
  const scope = { kind: 'owner-or-author', tenantId: w.tenantA.tenant.id, userId: w.actors.author.id } as const;
  const comment = (thread: string, body: string, start: number, end: number, parent: string | null = null) => newComment(w.actors.author.id, thread, body, start, end, parent);
  const [reply, other, plain] = await Promise.all([
    repo.insertInScope(scope, comment(w.threadId, 'answered at its moment', 1500, 3000, w.commentId)),
    repo.insertInScope(scope, comment(otherThreadId, 'a note in the other thread', 9000, 11000)),
    repo.insertInScope(scope, comment(w.threadId, 'and one more', 20000, 20000)),
  ]);
  const rows = [reply.inserted!, other.inserted!, plain.inserted!];
  assert.equal(await transactions(rows.map((r) => r.id)), 1, 'one statement');
  assert.deepEqual(rows.map((r) => [r.thread_id, r.parent_id, r.t_start_ms, r.t_end_ms]), [
    [w.threadId, w.commentId, 1500, 3000],
    [otherThreadId, null, 9000, 11000],
    [w.threadId, null, 20000, 20000],
  ]);
  assert.ok(rows.every((r) => r.author_role === 'instructor' && r.author_name === 'Ada Author'));
  assert.notEqual(reply.inserted!.seq, plain.inserted!.seq, 'one thread, two seqs');
});
