// Knex's PostgreSQL dialect, which it loads by name; ours extends it (db/database.ts).
declare module 'knex/lib/dialects/postgres/index.js' {
  import type { Knex } from 'knex';
  const ClientPg: typeof Knex.Client;
  export default ClientPg;
}
