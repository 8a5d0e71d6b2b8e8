import type { Container } from '../container.ts';
import type { CreateTokenBody } from '../contract/tokens.ts';
import { apiKeyOf } from '../http/authenticate.ts';
import type { z } from 'zod';
import type { Request, Response } from 'express';
import { sendJson } from '../http/send-json.ts';

export function tokensHandlers(c: Container) {
  return {
    async create({ body }: { body: z.output<typeof CreateTokenBody> }, _req: Request, res: Response) {
      const key = apiKeyOf(res);
      const ttl = Math.min(body.ttl_seconds ?? c.config.tokenTtlSeconds, c.config.tokenMaxTtlSeconds);
      const minted = await c.users.mintToken(key.tenantId, { externalId: body.user.external_id, name: body.user.name, role: body.user.role, email: body.user.email, locale: body.user.locale }, ttl);
      sendJson(res, 201, { access_token: minted.accessToken, token_type: 'Bearer', expires_in: minted.expiresIn, user: minted.user });
    },
  };
}
