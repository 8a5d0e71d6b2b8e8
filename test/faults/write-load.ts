import assert from 'node:assert/strict';
import type { Knex } from 'knex';

// Comment writers as a careful client writes: each comment has an Idempotency-Key and is retried,
// on the next API process after a network error and after a pause on a 503, until acknowledged.

export interface Answer {
  /** When the attempt started (epoch ms) and how long it took. */
  at: number;
  ms: number;
  /** The HTTP status, or the network error's code. */
  status: number | string;
  retryAfter: string | null;
}

export interface WriteLoad {
  /** Idempotency-Key → the acknowledged comment's id. */
  readonly acked: Map<string, string>;
  readonly answers: Answer[];
  /** Comments given up on (never acknowledged within the budget). */
  readonly abandoned: string[];
  /** Stops starting comments; resolves once every comment started is acknowledged or given up. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function writeLoad(o: { nodes: () => string[]; token: string; threadId: string; prefix: string; writers?: number; giveUpMs?: number }): WriteLoad {
  const acked = new Map<string, string>();
  const answers: Answer[] = [];
  const abandoned: string[] = [];
  let running = true;

  async function writer(n: number): Promise<void> {
    let node = n;
    for (let i = 0; running; i++) {
      const key = `${o.prefix}-${n}-${i}`;
      const payload = JSON.stringify({ thread_id: o.threadId, t_start: i % 60, body: `${o.prefix} writer ${n} comment ${i}` });
      const giveUpAt = Date.now() + (o.giveUpMs ?? 45_000);
      for (;;) {
        const list = o.nodes();
        const base = list[node % list.length]!;
        const at = Date.now();
        try {
          const res = await fetch(`${base}/api/v1/comments`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${o.token}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
            body: payload,
            signal: AbortSignal.timeout(15_000),
          });
          const json = (await res.json().catch(() => undefined)) as { id?: string } | undefined;
          answers.push({ at, ms: Date.now() - at, status: res.status, retryAfter: res.headers.get('retry-after') });
          if ((res.status === 201 || res.status === 200) && json?.id) {
            acked.set(key, json.id);
            break;
          }
          assert.ok(res.status >= 500 || res.status === 429, `a refusal no retry can mend: ${res.status} ${JSON.stringify(json)}`);
        } catch (error) {
          if (error instanceof assert.AssertionError) throw error;
          const cause = (error as { cause?: { code?: string } }).cause;
          answers.push({ at, ms: Date.now() - at, status: cause?.code ?? (error as Error).name, retryAfter: null });
          // The process may be gone: the next attempt goes to another.
          node++;
        }
        if (Date.now() > giveUpAt) {
          abandoned.push(key);
          break;
        }
        // A real client would honour Retry-After (checked by the tests); the suite keeps its budget.
        await sleep(150);
      }
    }
  }

  const done = Promise.all(Array.from({ length: o.writers ?? 4 }, (_x, n) => writer(n)));
  return {
    acked,
    answers,
    abandoned,
    async stop() {
      running = false;
      await done;
    },
  };
}

/** Every acknowledged comment is in the database exactly once, under the id it was acknowledged with. */
export async function assertExactlyOnce(knex: Knex, load: WriteLoad, prefix: string): Promise<void> {
  assert.deepEqual(load.abandoned, [], 'every comment started was acknowledged in the end');
  assert.ok(load.acked.size > 0, 'the load wrote something');
  const rows = await knex('video_comments').whereLike('idempotency_key', `${prefix}-%`).select('idempotency_key', 'id');
  const byKey = new Map<string, string[]>();
  for (const r of rows as { idempotency_key: string; id: string }[]) byKey.set(r.idempotency_key, [...(byKey.get(r.idempotency_key) ?? []), r.id]);
  for (const [key, id] of load.acked) assert.deepEqual(byKey.get(key), [id], `comment ${key}`);
  assert.equal(rows.length, load.acked.size, 'no comment beyond the acknowledged ones');
}

export function countBy(answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) counts[String(a.status)] = (counts[String(a.status)] ?? 0) + 1;
  return counts;
}
