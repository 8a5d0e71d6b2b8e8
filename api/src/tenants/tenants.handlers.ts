import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Container } from '../container.ts';
import type { PatchTenantBody } from '../contract/tenants.ts';
import { apiKeyOf } from '../http/authenticate.ts';
import { sendJson } from '../http/send-json.ts';

export function tenantsHandlers(c: Container) {
  return {
    async get(_input: unknown, _req: Request, res: Response) {
      sendJson(res, 200, await c.tenants.get(apiKeyOf(res).tenantId));
    },
    async patch({ body }: { body: z.output<typeof PatchTenantBody> }, _req: Request, res: Response) {
      sendJson(res, 200, await c.tenants.update(apiKeyOf(res).tenantId, body));
    },
  };
}
