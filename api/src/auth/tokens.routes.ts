import { CreateTokenBody, TokenOps } from '../contract/tokens.ts';
import { route } from '../http/route.ts';
import type { UsersService } from '../users/users.service.ts';

export function tokensRoutes(users: UsersService, ttl: { defaultSeconds: number; maxSeconds: number }) {
  return [
    route({
      method: 'post', path: '/tokens', auth: 'api_key', body: CreateTokenBody, doc: TokenOps.create,
      handler: async ({ principal, body }) => {
        const user = { externalId: body.user.external_id, name: body.user.name, role: body.user.role };
        const minted = await users.mintToken(principal.tenantId, user, Math.min(body.ttl_seconds ?? ttl.defaultSeconds, ttl.maxSeconds));
        return { access_token: minted.accessToken, token_type: 'Bearer', expires_in: minted.expiresIn, user: minted.user };
      },
    }),
  ];
}
