import assert from 'node:assert/strict';
import { format } from 'node:util';
import { test } from 'node:test';
import pg from 'pg';
import { logError, loggable } from '../../../api/src/core/loggable.ts';

// Background errors (the job queue, Redis, the live channel) are logged by default sinks. A pg
// error as pg-boss hands it over carries its client: the connection's password and cancel key.

const PASSWORD = 'hunter2-not-for-logs';
const CANCEL_KEY = 987654321;

function pgBossError(): Error {
  const e = new pg.DatabaseError('terminating connection due to administrator command', 116, 'error');
  Object.assign(e, {
    code: '57P01',
    routine: 'ProcessInterrupts',
    client: { connectionParameters: { user: 'postgres', password: PASSWORD, database: 'et' }, secretKey: CANCEL_KEY },
  });
  return e;
}

function printed(run: () => void): string {
  const original = console.error;
  const lines: string[] = [];
  console.error = (...args: unknown[]) => void lines.push(format(...args));
  try {
    run();
  } finally {
    console.error = original;
  }
  return lines.join('\n');
}

test('a database error is logged by its code, text and frames, never with its client', () => {
  const out = printed(() => logError('Job queue error')(pgBossError()));
  assert.match(out, /^Job queue error:/);
  assert.match(out, /57P01/);
  assert.match(out, /terminating connection due to administrator command/);
  assert.match(out, /ProcessInterrupts/);
  assert.doesNotMatch(out, new RegExp(PASSWORD));
  assert.doesNotMatch(out, new RegExp(String(CANCEL_KEY)));
  assert.doesNotMatch(out, /connectionParameters|secretKey/);
});

test('a cause is summarised the same way, and a thrown object is named, not dumped', () => {
  const wrapped = new Error('the transcode job failed', { cause: pgBossError() });
  const summary = JSON.stringify(loggable(wrapped));
  assert.match(summary, /the transcode job failed/);
  assert.match(summary, /"cause":\{"name":"error","message":"terminating connection/);
  assert.doesNotMatch(summary, new RegExp(PASSWORD));
  assert.equal(loggable({ password: PASSWORD }), 'non-error value ([object Object])');
  assert.equal(loggable('plain words'), 'plain words');
});

test('Knex’s statement text (with the values a client sent) stays out of a database error’s line', () => {
  const e = Object.assign(new Error('insert into "video_comments" ("body") values ($1) - duplicate key value violates unique constraint'), { code: '23505', routine: '_bt_check_unique' });
  assert.deepEqual(
    { ...(loggable(e) as object), stack: undefined },
    { name: 'Error', message: 'duplicate key value violates unique constraint', code: '23505', routine: '_bt_check_unique', stack: undefined },
  );
});
