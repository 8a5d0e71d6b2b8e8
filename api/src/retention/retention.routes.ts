import { RetentionOps } from '../contract/retention.ts';
import { route } from '../http/route.ts';
import type { RetentionService } from './retention.service.ts';

export function retentionRoutes(retention: RetentionService) {
  return [
    route({ method: 'get', path: '/tenant/retention-runs', auth: 'api_key', doc: RetentionOps.runs, handler: async ({ principal }) => ({ data: await retention.runs(principal.tenantId) }) }),
    route({ method: 'get', path: '/inbox/retention-notices', auth: 'user', doc: RetentionOps.notices, handler: async ({ principal }) => ({ data: await retention.notices(principal) }) }),
  ];
}
