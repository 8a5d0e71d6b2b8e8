// The element's rule (docs/ARCHITECTURE.md): the top element's controllers alone talk to the
// network; inner elements get data. Side by side is a lazy chunk that used to be handed the API
// client: its module must reach neither client nor the session, even through a type.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NETWORK = ['widget/src/lib/api-client.ts', 'widget/src/lib/live-client.ts', 'widget/src/controllers/session-controller.ts'];

/** Every repository file `from` reaches through relative imports of any kind (value, type, dynamic), each with the path that reached it. */
function reach(from: string): Map<string, string[]> {
  const seen = new Map<string, string[]>([[from, [from]]]);
  const queue = [from];
  for (let file = queue.shift(); file; file = queue.shift()) {
    const { importedFiles } = ts.preProcessFile(readFileSync(path.join(repo, file), 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const next = path.relative(repo, path.resolve(repo, path.dirname(file), fileName));
      assert.ok(existsSync(path.join(repo, next)), `${file} imports ${fileName}, which is missing`);
      if (seen.has(next)) continue;
      seen.set(next, [...seen.get(file)!, next]);
      queue.push(next);
    }
  }
  return seen;
}

test('et-side-by-side reaches no API client, live client or session: it gets data from the top element', () => {
  const reached = reach('widget/src/elements/et-side-by-side.ts');
  // The walk follows what the view really uses (so an empty walk cannot pass).
  for (const used of ['widget/src/controllers/sync-controller.ts', 'widget/src/lib/types.ts', 'widget/src/lib/events.ts']) assert.ok(reached.has(used), used);
  for (const file of NETWORK) assert.ok(!reached.has(file), `reached: ${reached.get(file)?.join(' → ')}`);
});

test('the walk finds the network where it is: the attempt playback controller reaches the session', () => {
  const reached = reach('widget/src/controllers/attempt-playback-controller.ts');
  assert.ok(reached.has('widget/src/controllers/session-controller.ts'));
  assert.ok(reached.has('widget/src/lib/api-client.ts'));
});
