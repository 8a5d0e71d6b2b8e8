import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LrsError, sendStatements } from '../../api/src/xapi/lrs-client.ts';
import { commentStatement, EXTENSIONS, statementId, VERBS, VIDEO_PROFILE, videoStatement, type PlayerEvent, type StatementScope } from '../../api/src/xapi/statements.ts';
import { startLrsStandIn, type LrsStandIn } from '../helpers/lrs-stand-in.ts';

const scope: StatementScope = {
  toolUrl: 'https://tool.example',
  tenantId: '00000000-0000-4000-8000-00000000000a',
  user: { id: '00000000-0000-4000-8000-0000000000b1', externalId: 'lms-user-17', name: 'Sam Rivera' },
  exercise: { id: '00000000-0000-4000-8000-0000000000e1', title: 'Box step', duration_ms: 60_000 },
};
const session = '00000000-0000-4000-8000-0000000000c1';
const event = (n: number, patch: Partial<PlayerEvent>): PlayerEvent => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: 'played',
  at: `2026-12-01T10:00:${String(n).padStart(2, '0')}.000Z`,
  session_id: session,
  ...patch,
});
const events: PlayerEvent[] = [
  event(1, { type: 'initialized' }),
  event(2, { type: 'played', time: 0 }),
  event(3, { type: 'seeked', from: 4.25, to: 30 }),
  event(4, { type: 'paused', time: 31.5, progress: 0.31 }),
  event(5, { type: 'completed', time: 60, progress: 1 }),
];
const comment = { id: '00000000-0000-4000-8000-0000000000d1', thread_id: '00000000-0000-4000-8000-0000000000f1', t_start_ms: 12_500, t_end_ms: 14_000, body: 'left foot late', created_at: '2026-12-01T10:01:00.000Z' };

/** A statement's member by path (array items by index), for assertions. */
const at = (s: unknown, ...path: string[]): unknown => path.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], s);

let lrs: LrsStandIn;
before(async () => {
  lrs = await startLrsStandIn();
});
after(() => lrs.close());

describe('xAPI statements', () => {
  test('every Video Profile verb and `commented` is a valid xAPI 1.0.3 statement, stored by the LRS', async () => {
    const statements = [...events.map((e) => videoStatement(scope, e)), commentStatement(scope, comment)];
    await sendStatements(lrs, statements);
    assert.equal(lrs.stored.size, 6);
    for (const s of statements) assert.ok(lrs.stored.has(s.id as string));
  });

  test('the Video Profile’s verbs, category, session and result extensions', () => {
    const [init, played, seeked, paused, completed] = events.map((e) => videoStatement(scope, e));
    assert.deepEqual([init, played, seeked, paused, completed].map((s) => at(s, 'verb', 'id')), [
      'http://adlnet.gov/expapi/verbs/initialized',
      'https://w3id.org/xapi/video/verbs/played',
      'https://w3id.org/xapi/video/verbs/seeked',
      'https://w3id.org/xapi/video/verbs/paused',
      'http://adlnet.gov/expapi/verbs/completed',
    ]);
    for (const s of [init, played, seeked, paused, completed]) {
      assert.equal(at(s, 'context', 'contextActivities', 'category', '0', 'id'), VIDEO_PROFILE);
      assert.equal(at(s, 'context', 'extensions', EXTENSIONS.sessionId), session);
      assert.equal(at(s, 'object', 'definition', 'type'), 'https://w3id.org/xapi/video/activity-type/video');
      assert.deepEqual(at(s, 'actor', 'account'), { homePage: `https://tool.example/tenants/${scope.tenantId}`, name: 'lms-user-17' });
    }
    const ext = (s: unknown, key: string) => at(s, 'result', 'extensions', key);
    assert.equal(at(init, 'context', 'extensions', EXTENSIONS.length), 60);
    assert.equal(ext(played, EXTENSIONS.time), 0);
    assert.deepEqual([ext(seeked, EXTENSIONS.timeFrom), ext(seeked, EXTENSIONS.timeTo)], [4.25, 30]);
    assert.deepEqual([ext(paused, EXTENSIONS.time), ext(paused, EXTENSIONS.progress)], [31.5, 0.31]);
    assert.equal(at(completed, 'result', 'completion'), true);
    assert.equal(ext(completed, EXTENSIONS.progress), 1);
  });

  test('`commented` carries the time range as a context extension and the text as the response', () => {
    const s = commentStatement(scope, comment);
    assert.equal(at(s, 'verb', 'id'), VERBS.commented.id);
    assert.deepEqual(at(s, 'context', 'extensions', 'https://tool.example/xapi/extensions/time-range'), { start: 12.5, end: 14 });
    assert.equal(at(s, 'result', 'response'), 'left foot late');
    assert.equal(at(s, 'timestamp'), comment.created_at);
  });

  test('ids are deterministic: the same event is the same statement, another event another', () => {
    assert.equal(videoStatement(scope, events[1]!).id, videoStatement(scope, events[1]!).id);
    assert.notEqual(videoStatement(scope, events[1]!).id, videoStatement(scope, events[2]!).id);
    // One user's event id cannot name another user's statement.
    assert.notEqual(videoStatement(scope, events[1]!).id, videoStatement({ ...scope, user: { ...scope.user, id: '00000000-0000-4000-8000-0000000000b2' } }, events[1]!).id);
    assert.match(statementId('a'), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('sending to an LRS', () => {
  test('an outage is a retryable error; the retry stores each statement once, and a resend stores nothing new', async () => {
    const batch = events.map((e) => videoStatement({ ...scope, user: { ...scope.user, id: '00000000-0000-4000-8000-0000000000b3' } }, e));
    const before = lrs.stored.size;
    lrs.failNext(2, 503);
    for (let i = 0; i < 2; i++) {
      await assert.rejects(sendStatements(lrs, batch), (e: unknown) => e instanceof LrsError && e.retryable && e.status === 503);
    }
    await sendStatements(lrs, batch);
    assert.equal(lrs.stored.size, before + batch.length);
    // The answer was lost, say: the whole batch comes again. The LRS answers 409; the client
    // puts each by id, and the LRS still holds exactly one of each.
    await sendStatements(lrs, batch);
    assert.equal(lrs.stored.size, before + batch.length);
    for (const s of batch) assert.equal(lrs.arrivals.get(s.id as string), 3, 'stored, refused in the batch, refused by id');
    assert.ok(lrs.log.some((l) => l.method === 'PUT' && l.status === 409));
  });

  test('a half-new batch after a 409: the new statements are stored by id, the held ones left alone', async () => {
    const u = { ...scope, user: { ...scope.user, id: '00000000-0000-4000-8000-0000000000b4' } };
    const [first, second] = [videoStatement(u, events[0]!), videoStatement(u, events[1]!)];
    await sendStatements(lrs, [first]);
    await sendStatements(lrs, [first, second]);
    assert.ok(lrs.stored.has(second.id as string));
    assert.equal(lrs.arrivals.get(second.id as string), 1);
  });

  test('a refused statement is not retryable; refused credentials are (the tenant may fix them)', async () => {
    const bad = { ...videoStatement(scope, events[0]!), id: 'not-a-uuid' };
    await assert.rejects(sendStatements(lrs, [bad]), (e: unknown) => e instanceof LrsError && e.status === 400 && !e.retryable);
    await assert.rejects(sendStatements({ ...lrs, password: 'wrong' }, [videoStatement(scope, events[0]!)]), (e: unknown) => e instanceof LrsError && e.status === 401 && e.retryable);
  });

  test('an unreachable LRS is retryable', async () => {
    await assert.rejects(sendStatements({ ...lrs, endpoint: 'http://127.0.0.1:9/xapi/' }, [videoStatement(scope, events[0]!)], 2000), (e: unknown) => e instanceof LrsError && e.retryable && e.status === 0);
  });
});

describe('the LRS stand-in validates', () => {
  test('it refuses statements that break xAPI 1.0.3 rules', async () => {
    const good = videoStatement(scope, event(40, { type: 'played', time: 1 }));
    const cases: [string, unknown][] = [
      ['an actor without an identifier', { ...good, id: statementId('x1'), actor: { objectType: 'Agent', name: 'Nobody' } }],
      ['a verb id that is no IRI', { ...good, id: statementId('x2'), verb: { id: 'played' } }],
      ['a timestamp that is no ISO 8601 time', { ...good, id: statementId('x3'), timestamp: 'yesterday' }],
      ['no object', { ...good, id: statementId('x4'), object: undefined }],
    ];
    for (const [name, statement] of cases) {
      await assert.rejects(sendStatements(lrs, [JSON.parse(JSON.stringify(statement))]), (e: unknown) => e instanceof LrsError && e.status === 400, name);
    }
  });
});
