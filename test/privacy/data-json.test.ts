import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonDocument } from '../../api/src/privacy/data-json.ts';

async function* pages<T>(...ps: T[][]) {
  yield* ps;
}

test('data.json: values and paged lists, in order, as one valid JSON document written in pieces', async () => {
  const chunks: string[] = [];
  for await (const c of jsonDocument([
    ['profile', { kind: 'value', value: { name: 'Sam "S" Rivera' } }],
    ['comments', { kind: 'list', pages: pages([{ id: 1 }, { id: 2 }], [], [{ id: 3 }]) }],
    ['grades', { kind: 'list', pages: pages() }],
    ['missing', { kind: 'value', value: undefined }],
  ])) chunks.push(c);
  assert.ok(chunks.length > 5);
  const doc = JSON.parse(chunks.join(''));
  assert.deepEqual(doc, { profile: { name: 'Sam "S" Rivera' }, comments: [{ id: 1 }, { id: 2 }, { id: 3 }], grades: [], missing: null });
  assert.deepEqual(Object.keys(doc), ['profile', 'comments', 'grades', 'missing']);
});
