import assert from 'node:assert/strict';
import type { Knex } from 'knex';

/** Asserts the database refused a statement with this SQLSTATE (and a message matching `pattern`). */
export async function refusedWith(promise: Promise<unknown>, code: string, pattern?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: { code?: string; message: string }) => {
    assert.equal(error.code, code, error.message);
    if (pattern) assert.match(error.message, pattern);
    return true;
  });
}

/**
 * Rows written straight into the database (past the API) for repository tests: a tenant, its
 * users, exercises with their authors, threads and comments. Each returns the new row's id.
 */
export function seeder(k: Knex) {
  const insert = async (table: string, row: Record<string, unknown>): Promise<string> => {
    const [r] = await k(table).insert(row).returning('id');
    return (r as { id: string }).id;
  };
  return {
    insert,
    tenant: (name: string) => insert('tenants', { name }),
    user: (tenant: string, name: string, role: 'learner' | 'instructor' | 'moderator') =>
      insert('users', { tenant_id: tenant, external_id: `${name}-${role}`, display_name: name, role }),
    async exercise(tenant: string, title: string, authors: string[]): Promise<string> {
      const id = await insert('exercise_videos', {
        tenant_id: tenant,
        creator_id: authors[0],
        title,
        source_type: 'url',
        source_url: 'https://media.example/a.mp4',
        duration_ms: 600_000,
      });
      await k('exercise_authors').insert(authors.map((user_id) => ({ tenant_id: tenant, exercise_video_id: id, user_id })));
      return id;
    },
    thread: (tenant: string, exercise: string, owner: string) => insert('personal_exercise_threads', { tenant_id: tenant, exercise_video_id: exercise, owner_id: owner }),
    comment: (thread: string, author: string, body: string, createdAt?: Date) =>
      insert('video_comments', { thread_id: thread, author_id: author, t_start_ms: 1000, t_end_ms: 2000, body, ...(createdAt ? { created_at: createdAt } : {}) }),
  };
}

/**
 * A school's worth of data: 100 instructors with five exercises each, 2,000 learners with five
 * threads each (10,000), two or three comments per thread, some answered, some read. Statistics
 * and the visibility map are brought up to date as autovacuum would, so the planner knows the tables' sizes.
 */
export async function seedSchool(knex: Knex, tenant: string): Promise<number> {
  await knex.raw(
    `INSERT INTO users (tenant_id, external_id, display_name, role)
     SELECT :tenant, 'scale-instructor-' || i, 'Instructor ' || i, 'instructor' FROM generate_series(1, 100) i`,
    { tenant },
  );
  await knex.raw(
    `INSERT INTO users (tenant_id, external_id, display_name, role)
     SELECT :tenant, 'scale-learner-' || i, 'Learner ' || i, 'learner' FROM generate_series(1, 2000) i`,
    { tenant },
  );
  await knex.raw(
    `INSERT INTO exercise_videos (tenant_id, creator_id, title, source_type, source_url, duration_ms)
     SELECT :tenant, u.id, 'Exercise ' || u.external_id || '-' || j, 'url', 'https://media.example/x.mp4', 600000
       FROM users u CROSS JOIN generate_series(1, 5) j WHERE u.external_id LIKE 'scale-instructor-%'`,
    { tenant },
  );
  await knex.raw(`INSERT INTO exercise_authors (tenant_id, exercise_video_id, user_id) SELECT tenant_id, id, creator_id FROM exercise_videos WHERE title LIKE 'Exercise scale-%'`);
  // Learner n takes five consecutive exercises of the 500, so every exercise has 20 students.
  await knex.raw(
    `WITH l AS (SELECT id, row_number() OVER (ORDER BY external_id) - 1 AS n FROM users WHERE external_id LIKE 'scale-learner-%'),
          e AS (SELECT id, row_number() OVER (ORDER BY title) - 1 AS n FROM exercise_videos WHERE title LIKE 'Exercise scale-%')
     INSERT INTO personal_exercise_threads (tenant_id, exercise_video_id, owner_id)
     SELECT :tenant, e.id, l.id FROM l CROSS JOIN generate_series(0, 4) k JOIN e ON e.n = (l.n * 5 + k) % 500`,
    { tenant },
  );
  await knex.raw(
    `INSERT INTO video_comments (thread_id, author_id, t_start_ms, t_end_ms, body, created_at)
     SELECT t.id, t.owner_id, 1000 * k, 1000 * k + 500, 'Question ' || k, now() - make_interval(mins => (hashtext(t.id::text) % 5000 + 5000) + 10 * k)
       FROM personal_exercise_threads t CROSS JOIN generate_series(1, 2) k WHERE t.tenant_id = :tenant`,
    { tenant },
  );
  await knex.raw(
    `INSERT INTO video_comments (thread_id, author_id, t_start_ms, t_end_ms, body)
     SELECT t.id, e.creator_id, 3000, 3500, 'Answer'
       FROM personal_exercise_threads t JOIN exercise_videos e ON e.id = t.exercise_video_id
      WHERE t.tenant_id = :tenant AND e.title LIKE 'Exercise scale-%' AND hashtext(t.id::text) % 3 = 0`,
    { tenant },
  );
  await knex.raw(
    `INSERT INTO thread_reads (thread_id, user_id, last_read_seq)
     SELECT t.id, a.user_id, 1 FROM personal_exercise_threads t JOIN exercise_authors a ON a.exercise_video_id = t.exercise_video_id
      WHERE t.tenant_id = :tenant AND hashtext(t.id::text) % 2 = 0`,
    { tenant },
  );
  await knex.raw('VACUUM ANALYZE');
  const r = await knex('personal_exercise_threads').count<{ n: string }[]>({ n: '*' });
  return Number(r[0]!.n);
}
