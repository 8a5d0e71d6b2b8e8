import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Knex } from 'knex';
import { authorScope, type AuthorScope } from '../../api/src/access/policy.ts';
import { CommentsRepository } from '../../api/src/comments/comments.repository.ts';
import { MarkersRepository } from '../../api/src/feedback/markers.repository.ts';
import { SnippetsRepository } from '../../api/src/feedback/snippets.repository.ts';
import { freshDatabase, type TestDatabase } from '../helpers/database.ts';
import { seeder } from '../helpers/seed-sql.ts';

let db: TestDatabase;
let k: Knex;
let snippets: SnippetsRepository;
let markers: MarkersRepository;
const ids: Record<string, string> = {};
const as = (userId: string, tenantId = ids.tenant!) => authorScope({ kind: 'user', role: 'instructor', tenantId, userId }) as Extract<AuthorScope, { kind: 'author' }>;

before(async () => {
  db = await freshDatabase();
  k = db.knex;
  snippets = new SnippetsRepository(k);
  markers = new MarkersRepository(k);
  const seed = seeder(k);
  ids.tenant = await seed.tenant('A');
  ids.otherTenant = await seed.tenant('B');
  ids.ada = await seed.user(ids.tenant, 'Ada', 'instructor');
  ids.cole = await seed.user(ids.tenant, 'Cole', 'instructor');
  ids.olga = await seed.user(ids.tenant, 'Olga', 'instructor');
  ids.foreign = await seed.user(ids.otherTenant, 'Ada', 'instructor');
  ids.learner = await seed.user(ids.tenant, 'Lena', 'learner');
  ids.swing = await seed.exercise(ids.tenant, 'Swing', [ids.ada, ids.cole]);
  ids.stance = await seed.exercise(ids.tenant, 'Stance', [ids.ada]);
  ids.thread = await seed.thread(ids.tenant, ids.swing, ids.learner);
  ids.comment = await seed.comment(ids.thread, ids.ada, 'Nice');
});

after(() => db?.close());

const titles = (rows: { title: string }[]) => rows.map((r) => r.title);

describe('snippets: sharing', () => {
  test("one's own are one's own; an exercise's are its authors'; none cross tenants", async () => {
    const mine = await snippets.insert(as(ids.ada!), null, { title: 'Grip', body: 'Relax your grip.' });
    const shared = await snippets.insert(as(ids.ada!), ids.swing!, { title: 'backswing', body: 'Slow the backswing.' });
    await snippets.insert(as(ids.ada!), ids.stance!, { title: 'Stance', body: 'Feet apart.' });
    await snippets.insert(as(ids.cole!), null, { title: 'Cole’s own', body: 'Private.' });
    assert.ok(mine && shared);
    assert.equal(shared.owner_name, 'Ada');
    // Case-insensitive order by title.
    assert.deepEqual(titles(await snippets.list(as(ids.ada!), { limit: 50 })), ['backswing', 'Grip', 'Stance']);
    assert.deepEqual(titles(await snippets.list(as(ids.cole!), { limit: 50 })), ['backswing', 'Cole’s own']);
    assert.deepEqual(titles(await snippets.list(as(ids.olga!), { limit: 50 })), []);
    assert.deepEqual(titles(await snippets.list(as(ids.ada!, ids.otherTenant), { limit: 50 })), []);
    assert.deepEqual(titles(await snippets.list(as(ids.foreign!, ids.otherTenant), { limit: 50 })), []);
    assert.equal(await snippets.findOne(as(ids.olga!), shared.id), undefined);
    assert.equal(await snippets.findOne(authorScope({ kind: 'user', role: 'learner', tenantId: ids.tenant!, userId: ids.learner! }), mine.id), undefined);
  });

  test('filters: scope, exercise (own ones still listed), text; keyset pages', async () => {
    assert.deepEqual(titles(await snippets.list(as(ids.ada!), { scope: 'mine', limit: 50 })), ['Grip']);
    assert.deepEqual(titles(await snippets.list(as(ids.ada!), { scope: 'exercise', limit: 50 })), ['backswing', 'Stance']);
    assert.deepEqual(titles(await snippets.list(as(ids.ada!), { exerciseId: ids.stance, limit: 50 })), ['Grip', 'Stance']);
    assert.deepEqual(titles(await snippets.list(as(ids.ada!), { scope: 'exercise', exerciseId: ids.stance, limit: 50 })), ['Stance']);
    assert.deepEqual(titles(await snippets.list(as(ids.ada!), { text: 'SWING', limit: 50 })), ['backswing']);
    assert.deepEqual(titles(await snippets.list(as(ids.ada!), { text: '%', limit: 50 })), []);
    const [first] = await snippets.list(as(ids.ada!), { limit: 1 });
    const rest = await snippets.list(as(ids.ada!), { limit: 50, after: { key: first!.cursor_key, id: first!.id } });
    assert.deepEqual(titles(rest), ['Grip', 'Stance']);
  });

  test('a shared snippet is made only for an exercise one authors', async () => {
    assert.equal(await snippets.insert(as(ids.olga!), ids.swing!, { title: 'x', body: 'y' }), undefined);
    assert.equal(await snippets.insert(as(ids.cole!), ids.stance!, { title: 'x', body: 'y' }), undefined);
    assert.equal(await snippets.insert(as(ids.ada!, ids.otherTenant), ids.swing!, { title: 'x', body: 'y' }), undefined);
    assert.equal((await k('feedback_snippets').where({ title: 'x' })).length, 0);
  });

  test("a co-author edits and deletes the exercise's snippets, not another's own; only the owner moves one", async () => {
    const [shared] = await snippets.list(as(ids.cole!), { scope: 'exercise', limit: 1 });
    const edited = await snippets.update(as(ids.cole!), shared!.id, { fields: { body: 'Slower.' } });
    assert.equal(edited?.body, 'Slower.');
    assert.ok(edited!.updated_at >= shared!.updated_at);
    const [adaOwn] = await snippets.list(as(ids.ada!), { scope: 'mine', limit: 1 });
    assert.equal(await snippets.update(as(ids.cole!), adaOwn!.id, { fields: { body: 'hijack' } }), undefined);
    assert.equal(await snippets.delete(as(ids.cole!), adaOwn!.id), false);
    assert.equal(await snippets.delete(as(ids.olga!), shared!.id), false);
    // Ada's, shared: Cole may not move it; Ada may take it back into her own bank, where Cole loses it.
    assert.equal(await snippets.update(as(ids.cole!), shared!.id, { exerciseId: null, fields: {} }), undefined);
    assert.equal(await snippets.update(as(ids.ada!), shared!.id, { exerciseId: ids.swing!, fields: { title: 'Backswing' } })?.then((r) => r?.title), 'Backswing');
    const moved = await snippets.update(as(ids.ada!), shared!.id, { exerciseId: null, fields: {} });
    assert.equal(moved?.exercise_video_id, null);
    assert.equal(await snippets.findOne(as(ids.cole!), shared!.id), undefined);
    // Back to Swing, and Cole deletes it.
    assert.ok(await snippets.update(as(ids.ada!), shared!.id, { exerciseId: ids.swing!, fields: {} }));
    assert.equal(await snippets.delete(as(ids.cole!), shared!.id), true);
    assert.equal(await snippets.findOne(as(ids.ada!), shared!.id), undefined);
  });
});

describe('markers', () => {
  test('labels are unique per bank, any case; the colour is checked by the database', async () => {
    const posture = await markers.insert(as(ids.ada!), ids.swing!, { label: 'posture', color: '#ff8800' });
    assert.ok(posture);
    await assert.rejects(markers.insert(as(ids.cole!), ids.swing!, { label: 'Posture', color: '#00ff00' }), { code: '23505' });
    // The same label in one's own bank is another marker.
    assert.ok(await markers.insert(as(ids.cole!), null, { label: 'Posture', color: '#00ff00' }));
    await assert.rejects(markers.insert(as(ids.ada!), null, { label: 'bad', color: 'red' }), { code: '23514' });
  });

  test('only usable markers are accepted; a comment carries them; deleting a marker leaves the comment', async () => {
    const [posture] = await markers.list(as(ids.ada!), { scope: 'exercise', limit: 1 });
    const timing = await markers.insert(as(ids.ada!), null, { label: 'timing', color: '#0000ff' });
    const [colesOwn] = await markers.list(as(ids.cole!), { scope: 'mine', limit: 1 });
    const asked = [posture!.id, timing!.id, colesOwn!.id];
    assert.deepEqual((await markers.usable(as(ids.ada!), asked)).sort(), [posture!.id, timing!.id].sort());
    assert.deepEqual(await markers.usable(as(ids.olga!), asked), []);
    // The comments repository writes a comment's markers with the comment itself.
    const comments = new CommentsRepository(k);
    const mark = (markerIds: string[]) => comments.update(ids.comment!, { touched: true, markers: { tenantId: ids.tenant!, ids: markerIds } });
    const stored = async () => (await comments.findWithThread(ids.tenant!, ids.comment!, ids.ada!))!.markers;
    assert.deepEqual((await mark([timing!.id, posture!.id])).markers.map((m) => m.label), ['posture', 'timing']);
    assert.deepEqual((await stored()).map((m) => m.label), ['posture', 'timing']);
    assert.deepEqual((await mark([posture!.id])).markers.map((m) => [m.label, m.color]), [['posture', '#ff8800']]);
    assert.deepEqual((await stored()).map((m) => [m.label, m.color]), [['posture', '#ff8800']]);
    // A marker of another tenant cannot be linked, whatever the caller checked.
    const foreignMarker = await markers.insert(as(ids.foreign!, ids.otherTenant), null, { label: 'x', color: '#000000' });
    await assert.rejects(mark([foreignMarker!.id]), { code: '23503' });
    assert.deepEqual((await stored()).map((m) => m.label), ['posture']);
    assert.equal(await markers.delete(as(ids.cole!), posture!.id), true);
    assert.deepEqual(await stored(), []);
    assert.equal((await k('video_comments').where({ id: ids.comment })).length, 1);
  });
});
