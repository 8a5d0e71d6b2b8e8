import { z } from 'zod';
import { Id, Problem, Text, operations } from './common.ts';

export const RoleName = z.enum(['learner', 'instructor', 'moderator']);

export const CreateTokenBody = z.strictObject({
  user: z.strictObject({
    external_id: Text().trim().min(1).max(255),
    name: Text().trim().min(1).max(200),
    role: RoleName,
  }),
  ttl_seconds: z.int().min(60).max(86_400).optional(),
});

export const UserView = z.object({ id: Id, external_id: z.string(), name: z.string(), role: RoleName }).meta({ id: 'User' });

export const TokenResponse = z
  .object({ access_token: z.string(), token_type: z.literal('Bearer'), expires_in: z.int(), user: UserView })
  .meta({ id: 'Token' });

export type TokenResponse = z.infer<typeof TokenResponse>;

export const TokenOps = operations('Tokens', {
  create: {
    summary: 'Mint a user access token (upserts the user in the key’s tenant)',
    responses: { 201: { description: 'The token', schema: TokenResponse }, 403: { description: 'Not an API key', schema: Problem } },
  },
});
