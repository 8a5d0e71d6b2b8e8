import type { TestContext } from '../helpers/context.ts';
import type { World } from '../helpers/world.ts';

/** Exports the world's thread through the route, as its owner, handing each chunk to `sink` as it arrives. */
export async function exportThread(ctx: TestContext, w: World, format: 'vtt' | 'jsonld' | 'csv', sink: (chunk: Buffer) => void): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    ctx
      .http()
      .get(`/api/v1/threads/${w.threadId}/export?format=${format}`)
      .set(w.as(w.actors.owner))
      .buffer(true)
      .parse((res, cb) => {
        res.on('data', (c: Buffer) => sink(c));
        res.on('end', () => cb(null, null));
      })
      .then((res) => (res.status === 200 ? resolve() : reject(new Error(`status ${res.status}`))), reject);
  });
}
