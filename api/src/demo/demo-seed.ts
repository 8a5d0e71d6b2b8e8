import { generateApiKey } from '../auth/api-keys.ts';
import type { Database } from '../db/database.ts';
import { ExercisesRepository } from '../exercises/exercises.repository.ts';
import type { TenantsRepository } from '../tenants/tenants.repository.ts';
import type { UsersRepository } from '../users/users.repository.ts';

export const DEMO_USERS = {
  instructor: { externalId: 'demo-instructor', name: 'Maya Okafor', role: 'instructor' },
  'learner-1': { externalId: 'demo-learner-1', name: 'Sam Rivera', role: 'learner' },
  'learner-2': { externalId: 'demo-learner-2', name: 'Lea Novak', role: 'learner' },
} as const;

export type DemoUser = keyof typeof DEMO_USERS;

/**
 * The public URL's origin, and on a loopback host its other loopback name too: a newcomer opens
 * the printed http://localhost:8080 or types http://127.0.0.1:8080, and both must work.
 */
export function demoOrigins(publicUrl: string): string[] {
  const url = new URL(publicUrl);
  const other = { localhost: '127.0.0.1', '127.0.0.1': 'localhost' }[url.hostname];
  if (!other) return [url.origin];
  const alias = new URL(url.origin);
  alias.hostname = other;
  return [url.origin, alias.origin];
}

/**
 * Seeds a demo tenant into an empty database: an instructor, two learners and three exercises,
 * two of which play offline from the committed sample (MP4 and HLS). Returns the API key, shown once.
 */
export interface DemoSeedDeps {
  config: { publicUrl: string };
  db: Database;
  repositories: { tenants: TenantsRepository; users: UsersRepository };
}

export async function seedDemoIfEmpty(c: DemoSeedDeps): Promise<{ tenantId: string; apiKey: string } | undefined> {
  if ((await c.repositories.tenants.count()) > 0) return undefined;
  const base = c.config.publicUrl;
  return c.db.transaction(async (trx) => {
    const tenant = await c.repositories.tenants.insert({ name: 'Exercise Threads Demo', allowed_origins: demoOrigins(base), demo: true }, trx);
    const key = generateApiKey();
    await c.repositories.tenants.insertApiKey({ tenant_id: tenant.id, prefix: key.prefix, secret_hash: key.secretHash, label: 'demo' }, trx);
    // One after another: a transaction is one connection, and pg refuses overlapping queries on it.
    const users: Record<string, { id: string }> = {};
    for (const [k, u] of Object.entries(DEMO_USERS)) {
      users[k] = await c.repositories.users.upsert({ tenant_id: tenant.id, external_id: u.externalId, display_name: u.name, role: u.role }, trx);
    }
    const exercises = new ExercisesRepository(trx);
    const creator = users.instructor!.id;
    // One transaction stamps one time: spread them so the catalogue lists the offline MP4 first.
    const at = (i: number) => new Date(Date.now() - (3 - i) * 1000);
    await exercises.insert(
      { tenant_id: tenant.id, creator_id: creator, title: 'Box step: the basic', description: 'Watch the weight transfer on counts 3 and 4.', source_type: 'url', source_url: `${base}/demo/media/sample.mp4`, duration_ms: 8000, created_at: at(0) },
      trx,
    );
    await exercises.insert(
      { tenant_id: tenant.id, creator_id: creator, title: 'Golf swing: follow-through (HLS)', description: 'Adaptive stream from the committed sample.', source_type: 'url', source_url: `${base}/demo/media/hls/index.m3u8`, duration_ms: 8000, created_at: at(1) },
      trx,
    );
    await exercises.insert(
      { tenant_id: tenant.id, creator_id: creator, title: 'Sonata, bars 1–8 (YouTube)', description: 'Needs the internet to play.', source_type: 'youtube', youtube_id: 'M7lc1UVf-VE', metadata: { provider: 'youtube' }, created_at: at(2) },
      trx,
    );
    return { tenantId: tenant.id, apiKey: key.key };
  });
}
