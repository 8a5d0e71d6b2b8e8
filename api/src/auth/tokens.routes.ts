import type { Container } from '../container.ts';
import { Problem } from '../contract/common.ts';
import { CreateTokenBody, TokenResponse } from '../contract/tokens.ts';
import { route } from '../http/route.ts';
import { tokensHandlers } from './tokens.handlers.ts';

export function tokensRoutes(c: Container) {
  const h = tokensHandlers(c);
  return [
    route({
      method: 'post',
      path: '/tokens',
      tag: 'Tokens',
      summary: 'Mint a user access token (upserts the user in the key’s tenant)',
      auth: 'api_key',
      body: CreateTokenBody,
      responses: { 201: { description: 'The token', schema: TokenResponse }, 403: { description: 'Not an API key', schema: Problem } },
      handler: h.create,
    }),
  ];
}
