import type { Knex } from 'knex';
import { ServerClient } from './database.ts';
import type { Queryable } from './types.ts';
import { unavailableOr } from './unavailable.ts';

type Params = Record<string, unknown>;

/**
 * A hot statement, compiled once. Its `:named` parameters become `$n` when it is defined, and on
 * the pg driver it runs as a named prepared statement straight on a pooled connection:
 * PostgreSQL plans it once per connection, and Node skips Knex's per-call SQL formatting (together
 * a measurable share of a request). Transactions and the embedded engine go through `knex.raw`.
 * The name must always stand for the same SQL text.
 */
export class Statement<Row> {
  /** The SQL with `$n` placeholders, as PostgreSQL prepares it. */
  readonly text: string;
  /** The `:named` parameter behind each `$n`, in order. */
  readonly parameters: string[];
  private readonly knexSql: string;

  constructor(
    readonly name: string,
    sql: string,
  ) {
    const order: string[] = [];
    // `(?<!:)` leaves PostgreSQL's `::type` casts alone.
    const numbered = sql.replace(/(?<!:):([A-Za-z_]\w*)/g, (_m, key: string) => {
      let at = order.indexOf(key);
      if (at < 0) at = order.push(key) - 1;
      return `$${at + 1}`;
    });
    this.text = numbered;
    this.parameters = order;
    // Knex binds `:named` parameters itself.
    this.knexSql = sql;
  }

  private values(params: Params): unknown[] {
    return this.parameters.map((key) => {
      if (!(key in params)) throw new Error(`Statement ${this.name}: no value for :${key}`);
      return params[key];
    });
  }

  async rows(db: Queryable, params: Params): Promise<Row[]> {
    const direct = !db.isTransaction && db.client instanceof ServerClient;
    if (direct) {
      const client = db.client as Knex.Client;
      const connection = (await client.acquireConnection()) as { query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: Row[] }> };
      try {
        return (await connection.query({ name: this.name, text: this.text, values: this.values(params) })).rows;
      } catch (error) {
        throw unavailableOr(error);
      } finally {
        await client.releaseConnection(connection);
      }
    }
    const result = await db.raw<{ rows: Row[] }>(this.knexSql, params as Knex.ValueDict).options({ name: this.name });
    return result.rows;
  }
}

/** Statements that differ by a small key (a scope kind, a first or later page), each compiled once. */
export function statementFamily<K extends string, Row>(prefix: string, sql: (key: K) => string): (key: K) => Statement<Row> {
  const compiled = new Map<K, Statement<Row>>();
  return (key) => {
    let statement = compiled.get(key);
    if (!statement) compiled.set(key, (statement = new Statement<Row>(`${prefix}_${key}`, sql(key))));
    return statement;
  };
}
