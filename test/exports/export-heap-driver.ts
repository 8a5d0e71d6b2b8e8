import { ExportsRepository } from '../../api/src/exports/exports.repository.ts';
import { ExportsService } from '../../api/src/exports/exports.service.ts';
import type { TestContext } from '../helpers/context.ts';
import type { World } from '../helpers/world.ts';

/** Exports the world's thread as its owner, handing each chunk to `sink` as it comes. */
export async function exportThread(ctx: TestContext, w: World, format: 'vtt' | 'jsonld' | 'csv', sink: (chunk: Buffer) => void): Promise<void> {
  const service = new ExportsService(new ExportsRepository(ctx.db.knex), ctx.c.threads, ctx.c.audit, 'http://localhost:8080');
  const file = await service.thread({ kind: 'user', tenantId: w.tenantA.tenant.id, userId: w.actors.owner.id, role: 'learner' }, w.threadId, format);
  for await (const chunk of file.chunks) sink(Buffer.from(chunk));
}
