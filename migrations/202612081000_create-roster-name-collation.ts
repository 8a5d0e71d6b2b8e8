import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // The roster is listed by name, and paged by it: the database orders names as people read them
  // ("Ana" beside "ana", "Émile" before "Zoe", "Learner 2" before "Learner 10"), so a page's
  // cursor compares the way the page was sorted. ICU, which PostgreSQL and PGlite both carry.
  await knex.raw(`CREATE COLLATION roster_name (provider = icu, locale = 'und@colNumeric=yes')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP COLLATION roster_name');
}
