// A page read must keep PostgreSQL's cached plan once a thread has grown: planned anew on every
// read, PostgreSQL did twice the work per page (docs/PERFORMANCE.md, issue 16).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { firstPageStatement } from '../../api/src/comments/comments.repository.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { seeder } from '../helpers/seed-sql.ts';

let db: TestDatabase;
/** The statements' parameters by name: the grown thread, its tenant and owner, and a page of 51. */
let bound: Record<string, string>;
before(async () => {
  db = await freshDatabase();
  const s = seeder(db.knex);
  const tenant = await s.tenant('Plans');
  const instructor = await s.user(tenant, 'Ines', 'instructor');
  const learner = await s.user(tenant, 'Lou', 'learner');
  const thread = await s.thread(tenant, await s.exercise(tenant, 'Grown', [instructor]), learner);
  // A thread of 5,000 comments, and the statistics autovacuum would gather.
  await db.knex.raw(
    `INSERT INTO video_comments (thread_id, author_id, t_start_ms, t_end_ms, body) SELECT ?, ?, g, g, 'c' || g FROM generate_series(1, 5000) g`,
    [thread, learner],
  );
  await db.knex.raw('ANALYZE video_comments');
  bound = { thread, tenant, caller: learner, limit: '51' };
});
after(() => db.close());

/** Prepares `sql` on one connection, runs it `times`, and counts PostgreSQL's generic and custom plans of it. */
async function plansOf(sql: string, parameters: string[], times: number): Promise<{ generic: number; custom: number; rows: number }> {
  return db.knex.transaction(async (trx) => {
    await trx.raw(`PREPARE page_plan_probe AS ${sql}`);
    let rows = 0;
    const args = parameters.map((p) => `'${bound[p]}'`).join(', ');
    for (let i = 0; i < times; i++) rows = (await trx.raw(`EXECUTE page_plan_probe(${args})`)).rows.length;
    const stats = (await trx.raw(`SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'page_plan_probe'`)).rows[0];
    await trx.raw('DEALLOCATE page_plan_probe');
    return { generic: Number(stats.generic_plans), custom: Number(stats.custom_plans), rows };
  });
}

test('a first page of a grown thread keeps its cached plan: its LIMIT is part of the statement', async () => {
  const statement = firstPageStatement('owner', 'all', 51);
  const ours = await plansOf(statement.text, statement.parameters, 12);
  assert.equal(ours.rows, 51);
  // Five custom plans to learn from, then the generic one each time.
  assert.ok(ours.generic >= 6, `generic plans: ${ours.generic}, custom: ${ours.custom}`);
  assert.ok(ours.custom <= 6, `custom plans: ${ours.custom}`);
  // The control: the same statement with `LIMIT $n`, which PostgreSQL costs for a tenth of the
  // thread, is planned afresh every time. If this stops holding, the test above proves nothing.
  const withParameter = statement.text.replace(/LIMIT 51\b/, `LIMIT $${statement.parameters.length + 1}`);
  assert.notEqual(withParameter, statement.text);
  const control = await plansOf(withParameter, [...statement.parameters, 'limit'], 12);
  assert.equal(control.rows, 51);
  assert.equal(control.generic, 0, `the control kept a generic plan: ${JSON.stringify(control)}`);
});
