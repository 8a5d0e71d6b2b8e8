import type { Knex } from 'knex';

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
