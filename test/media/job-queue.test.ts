import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { JobQueue } from '../../api/src/jobs/job-queue.ts';
import { freshDatabase, SERVER_URL, type TestDatabase } from '../helpers/database.ts';

// pg-boss on the app's own database: on the embedded engine it shares PGlite's single session.

let db: TestDatabase;
let queue: JobQueue;

before(async () => {
  db = await freshDatabase();
  queue = new JobQueue(db, { pollingIntervalSeconds: 0.5, onError: () => {} });
  await queue.start([{ name: 'echo', retryLimit: 2, retryDelaySeconds: 0, expireInSeconds: 30 }]);
});

after(async () => {
  await queue.stop();
  await db.close();
});

test('a job that throws is retried and then completes', async () => {
  const seen: number[] = [];
  const done = new Promise<void>((resolve) => {
    void queue.work<{ n: number }>('echo', async (job) => {
      seen.push(job.retryCount);
      if (job.retryCount === 0) throw new Error('worker died mid-way');
      resolve();
    });
  });
  await queue.send('echo', { n: 1 });
  await done;
  assert.deepEqual(seen, [0, 1]);
});

const EMBEDDED_ONLY = SERVER_URL ? 'only the embedded engine shares one session with Knex' : false;

test('queue statements wait for an open transaction instead of running inside it', { skip: EMBEDDED_ONLY }, async () => {
  let sent = false;
  await db.knex.transaction(async (trx) => {
    await trx.raw('select 1');
    const sending = queue.send('echo', { n: 2 }).then(() => {
      sent = true;
    });
    await new Promise((r) => setTimeout(r, 200));
    // Still queued behind this transaction: it cannot have become part of it.
    assert.equal(sent, false);
    await trx.raw('select 2');
    void sending;
  });
  // After commit the queue proceeds.
  for (let i = 0; i < 50 && !sent; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(sent, true);
});
