import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Knex } from 'knex';
import { authorScope } from '../../api/src/access/policy.ts';
import { InboxRepository, type InboxFilter, type InboxRow } from '../../api/src/inbox/inbox.repository.ts';
import { freshDatabase, NEEDS_SERVER, type TestDatabase } from '../helpers/database.ts';
import { seedSchool, seeder } from '../helpers/seed-sql.ts';

let db: TestDatabase;
let k: Knex;
let repo: InboxRepository;
let seed: ReturnType<typeof seeder>;
const ids: Record<string, string> = {};
const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute));
const instructor = (userId: string, tenantId = ids.tenant!) => authorScope({ kind: 'user', role: 'instructor', tenantId, userId });

before(async () => {
  db = await freshDatabase();
  k = db.knex;
  repo = new InboxRepository(k);
  seed = seeder(k);
  ids.tenant = await seed.tenant('A');
  ids.otherTenant = await seed.tenant('B');
  ids.ada = await seed.user(ids.tenant, 'Ada Author', 'instructor');
  ids.cole = await seed.user(ids.tenant, 'Cole Coauthor', 'instructor');
  ids.olga = await seed.user(ids.tenant, 'Olga Other', 'instructor');
  ids.foreignInstructor = await seed.user(ids.otherTenant, 'Ada Author', 'instructor');
  for (const name of ['Lena', 'Mo', 'Nia', 'Pat 100%_sure']) ids[name] = await seed.user(ids.tenant, name, 'learner');
  ids.foreignLearner = await seed.user(ids.otherTenant, 'Lena', 'learner');

  ids.swing = await seed.exercise(ids.tenant, 'Swing', [ids.ada, ids.cole]);
  ids.stance = await seed.exercise(ids.tenant, 'Stance', [ids.ada]);
  ids.olgas = await seed.exercise(ids.tenant, 'Olga’s exercise', [ids.olga]);
  ids.foreignExercise = await seed.exercise(ids.otherTenant, 'Swing', [ids.foreignInstructor]);

  // Lena waits longest (since 9:01), then Mo (9:03, in the other exercise); Nia was answered; Pat has written nothing.
  ids.lenaSwing = await seed.thread(ids.tenant, ids.swing, ids.Lena!);
  ids.lenaFirst = await seed.comment(ids.lenaSwing, ids.Lena!, 'Is my grip right?', at(1));
  ids.lenaSecond = await seed.comment(ids.lenaSwing, ids.Lena!, 'And the follow-through?', at(2));
  ids.moStance = await seed.thread(ids.tenant, ids.stance, ids.Mo!);
  await seed.comment(ids.moStance, ids.Mo!, 'Feet too wide?', at(3));
  ids.niaSwing = await seed.thread(ids.tenant, ids.swing, ids.Nia!);
  await seed.comment(ids.niaSwing, ids.Nia!, 'First try', at(0));
  ids.niaReply = await seed.comment(ids.niaSwing, ids.cole, 'Good start: watch your wrists.', at(4));
  ids.patSwing = await seed.thread(ids.tenant, ids.swing, ids['Pat 100%_sure']!);
  ids.olgaThread = await seed.thread(ids.tenant, ids.olgas, ids.Lena!);
  await seed.comment(ids.olgaThread, ids.Lena!, 'For Olga', at(0));
  ids.foreignThread = await seed.thread(ids.otherTenant, ids.foreignExercise, ids.foreignLearner);
  await seed.comment(ids.foreignThread, ids.foreignLearner, 'Other tenant', at(0));
  // The answered and the silent thread: Nia's active later than Pat's.
  await k('personal_exercise_threads').where({ id: ids.niaSwing }).update({ last_activity_at: at(30) });
  await k('personal_exercise_threads').where({ id: ids.patSwing }).update({ last_activity_at: at(20) });
});

after(() => db?.close());

const page = (userId: string, f: Partial<InboxFilter> = {}) => repo.page(instructor(userId), { limit: 50, ...f });
const threadIds = (rows: InboxRow[]) => rows.map((r) => r.id);

describe('inbox: order and state', () => {
  test('waiting threads first, the longest waiting first, across exercises; then the rest, latest activity first', async () => {
    assert.deepEqual(threadIds(await page(ids.ada!)), [ids.lenaSwing, ids.moStance, ids.niaSwing, ids.patSwing]);
  });

  test('a row says since when it waits, where it opens, and its latest message', async () => {
    const [lena] = await page(ids.ada!);
    assert.equal(lena!.awaiting_since?.toISOString(), at(1).toISOString());
    assert.equal(lena!.unanswered_comment_id, ids.lenaFirst);
    assert.equal(lena!.unanswered_t_start_ms, 1000);
    assert.equal(lena!.last_comment_id, ids.lenaSecond);
    assert.equal(lena!.last_comment_excerpt, 'And the follow-through?');
    assert.equal(lena!.last_comment_author_name, 'Lena');
    assert.equal(lena!.exercise_title, 'Swing');
    assert.equal(lena!.owner_name, 'Lena');
    assert.equal(lena!.unread_count, 2);
    const nia = (await page(ids.ada!)).find((r) => r.id === ids.niaSwing)!;
    assert.equal(nia.awaiting_since, null);
    assert.equal(nia.unanswered_comment_id, null);
    assert.equal(nia.last_comment_author_name, 'Cole Coauthor');
    // Cole's own reply is not unread for Cole; for Ada both comments are.
    assert.equal(nia.unread_count, 2);
    assert.equal((await page(ids.cole!)).find((r) => r.id === ids.niaSwing)!.unread_count, 1);
  });

  test("a reply ends the wait; the student's next comment starts a new one; deleting the reply recounts", async () => {
    const t = await seed.thread(ids.tenant!, ids.stance!, ids.Nia!);
    const first = await seed.comment(t, ids.Nia!, 'one', at(5));
    const row = async () => (await repo.findOne(instructor(ids.ada!), t))!;
    assert.equal((await row()).awaiting_since?.toISOString(), at(5).toISOString());
    const reply = await seed.comment(t, ids.ada!, 'answer', at(6));
    assert.equal((await row()).awaiting_since, null);
    assert.equal((await row()).last_comment_id, reply);
    await seed.comment(t, ids.Nia!, 'two', at(7));
    assert.equal((await row()).awaiting_since?.toISOString(), at(7).toISOString());
    await k('video_comments').where({ id: reply }).update({ deleted_at: k.fn.now() });
    // With the reply gone, Nia has waited since her first comment.
    assert.equal((await row()).awaiting_since?.toISOString(), at(5).toISOString());
    assert.equal((await row()).unanswered_comment_id, first);
    await k('personal_exercise_threads').where({ id: t }).delete();
  });

  test('done ends the wait until the student writes again, for every author', async () => {
    const t = await seed.thread(ids.tenant!, ids.swing!, ids.Mo!);
    await seed.comment(t, ids.Mo!, 'thanks!', at(8));
    assert.equal(await repo.markDone(instructor(ids.ada!), t), true);
    assert.equal((await repo.findOne(instructor(ids.cole!), t))!.awaiting_since, null);
    assert.ok((await repo.findOne(instructor(ids.cole!), t))!.done_at);
    // A comment deleted after "done" recounts without undoing it.
    const again = await seed.comment(t, ids.Mo!, 'one more question', new Date());
    assert.ok((await repo.findOne(instructor(ids.ada!), t))!.awaiting_since);
    await k('video_comments').where({ id: again }).update({ deleted_at: k.fn.now() });
    assert.equal((await repo.findOne(instructor(ids.ada!), t))!.awaiting_since, null);
    await k('personal_exercise_threads').where({ id: t }).delete();
  });

  test('done is refused (nothing written) outside the caller’s inbox', async () => {
    assert.equal(await repo.markDone(instructor(ids.olga!), ids.lenaSwing!), false);
    assert.equal(await repo.markDone(instructor(ids.ada!, ids.otherTenant), ids.lenaSwing!), false);
    assert.equal(await repo.markDone(authorScope({ kind: 'user', role: 'learner', tenantId: ids.tenant!, userId: ids.Lena! }), ids.lenaSwing!), false);
    assert.ok((await repo.findOne(instructor(ids.ada!), ids.lenaSwing!))!.awaiting_since);
  });

  test('a hidden latest comment is flagged, for the service to withhold', async () => {
    const t = await seed.thread(ids.tenant!, ids.stance!, ids.Lena!);
    const c = await seed.comment(t, ids.Lena!, 'rude words', at(9));
    await k('video_comments').where({ id: c }).update({ hidden_at: k.fn.now() });
    assert.equal((await repo.findOne(instructor(ids.ada!), t))!.last_comment_hidden, true);
    await k('personal_exercise_threads').where({ id: t }).delete();
  });
});

describe('inbox: who sees what', () => {
  test('a co-author sees the shared exercise only; another instructor only their own; another tenant nothing of ours', async () => {
    assert.deepEqual(threadIds(await page(ids.cole!)), [ids.lenaSwing, ids.niaSwing, ids.patSwing]);
    assert.deepEqual(threadIds(await page(ids.olga!)), [ids.olgaThread]);
    assert.deepEqual(threadIds(await page(ids.foreignInstructor!, {})), []);
    assert.deepEqual(threadIds(await repo.page(instructor(ids.foreignInstructor!, ids.otherTenant), { limit: 50 })), [ids.foreignThread]);
    // A forged scope (our instructor in the other tenant) finds nothing.
    assert.deepEqual(threadIds(await repo.page(instructor(ids.ada!, ids.otherTenant), { limit: 50 })), []);
  });

  test('learners, moderators and API keys have no inbox', async () => {
    for (const p of [
      { kind: 'user', role: 'learner', tenantId: ids.tenant!, userId: ids.Lena! },
      { kind: 'user', role: 'moderator', tenantId: ids.tenant!, userId: ids.ada! },
      { kind: 'api_key', tenantId: ids.tenant!, keyId: 'k' },
    ] as const) {
      assert.deepEqual(await repo.page(authorScope(p), { limit: 50 }), []);
      assert.equal(await repo.findOne(authorScope(p), ids.lenaSwing!), undefined);
    }
  });

  test('an archived exercise leaves the inbox', async () => {
    await k('exercise_videos').where({ id: ids.stance }).update({ archived_at: k.fn.now() });
    try {
      assert.deepEqual(threadIds(await page(ids.ada!)), [ids.lenaSwing, ids.niaSwing, ids.patSwing]);
    } finally {
      await k('exercise_videos').where({ id: ids.stance }).update({ archived_at: null });
    }
  });
});

describe('inbox: filters and paging', () => {
  test('by exercise, by course, by student name (wildcards as typed), by waiting', async () => {
    assert.deepEqual(threadIds(await page(ids.ada!, { exerciseId: ids.stance })), [ids.moStance]);
    const platform = await seed.insert('lti_platforms', {
      tenant_id: ids.tenant,
      issuer: 'https://lms.example',
      client_id: 'tool',
      auth_url: 'https://lms.example/auth',
      token_url: 'https://lms.example/token',
      jwks_url: 'https://lms.example/jwks',
    });
    const course = await seed.insert('lti_contexts', { tenant_id: ids.tenant, platform_id: platform, context_id: 'course-1', title: 'Golf 101' });
    await k('lti_context_exercises').insert({ tenant_id: ids.tenant, context_id: course, exercise_video_id: ids.stance });
    assert.deepEqual(threadIds(await page(ids.ada!, { contextId: course })), [ids.moStance]);
    assert.deepEqual(threadIds(await page(ids.olga!, { contextId: course })), []);
    // The "Course" filter's options: the courses holding an exercise the caller authors, no other.
    assert.deepEqual(await repo.courses(instructor(ids.ada!)), [{ id: course, title: 'Golf 101' }]);
    assert.deepEqual(await repo.courses(instructor(ids.olga!)), []);
    assert.deepEqual(threadIds(await page(ids.ada!, { studentName: 'LEN' })), [ids.lenaSwing]);
    assert.deepEqual(threadIds(await page(ids.ada!, { studentName: '100%_' })), [ids.patSwing]);
    assert.deepEqual(threadIds(await page(ids.ada!, { studentName: '%' })), [ids.patSwing]);
    assert.deepEqual(threadIds(await page(ids.ada!, { awaiting: true })), [ids.lenaSwing, ids.moStance]);
    assert.deepEqual(threadIds(await page(ids.ada!, { awaiting: false })), [ids.niaSwing, ids.patSwing]);
  });

  test('pages of one walk the whole order once, across the waiting and the rest', async () => {
    const all = threadIds(await page(ids.ada!));
    const walked: string[] = [];
    let last: InboxRow | undefined;
    for (;;) {
      const after = last && (last.awaiting_cursor ? { awaiting: true as const, at: last.awaiting_cursor, id: last.id } : { awaiting: false as const, at: last.activity_cursor, id: last.id });
      const rows = await page(ids.ada!, { limit: 1, after });
      if (!rows.length) break;
      walked.push(rows[0]!.id);
      last = rows[0];
    }
    assert.deepEqual(walked, all);
    assert.equal(all.length, 4);
  });
});

describe('inbox: the plan at scale', { skip: NEEDS_SERVER }, () => {
  test('with 10,000 threads, the first page reads no table sequentially', async () => {
    const n = await seedSchool(k, ids.tenant!);
    assert.ok(n >= 10_000, `seeded ${n} threads`);
    const scope = instructor(await scaleInstructor());
    const rows = await repo.page(scope, { limit: 25 });
    assert.equal(rows.length, 25);
    const plan = await repo.explainPage(scope, { limit: 25 });
    const scans = nodes(plan).map((node) => `${node['Node Type']} ${node['Relation Name'] ?? ''}`);
    assert.deepEqual(scans.filter((s) => s.startsWith('Seq Scan')), [], outline(plan));
    assert.ok(scans.some((s) => /^(Index|Bitmap Heap) Scan personal_exercise_threads/.test(s)), outline(plan));
  });
});

async function scaleInstructor(): Promise<string> {
  const r = await k('users').where({ external_id: 'scale-instructor-7' }).first('id');
  return (r as { id: string }).id;
}

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; 'Plan Rows'?: number; 'Total Cost'?: number; Filter?: string; Plans?: PlanNode[] };

/** The plan as an indented outline, for the failure message. */
function outline(plan: unknown): string {
  const lines: string[] = [];
  const walk = (node: PlanNode, depth: number) => {
    lines.push(`${'  '.repeat(depth)}${node['Node Type']} ${node['Relation Name'] ?? ''} ${node['Index Name'] ?? ''} rows=${node['Plan Rows'] ?? '?'} cost=${node['Total Cost'] ?? '?'} ${node.Filter ?? ''}`);
    for (const child of node.Plans ?? []) walk(child, depth + 1);
  };
  for (const root of plan as { Plan: PlanNode }[]) walk(root.Plan, 0);
  return lines.join('\n');
}
function nodes(plan: unknown): PlanNode[] {
  const out: PlanNode[] = [];
  const walk = (node: PlanNode) => {
    out.push(node);
    for (const child of node.Plans ?? []) walk(child);
  };
  for (const root of plan as { Plan: PlanNode }[]) walk(root.Plan);
  return out;
}
