import { z } from 'zod';
import { Id, TrimmedText, operations } from './common.ts';

export const RoleName = z.enum(['learner', 'instructor', 'moderator']);

/** A BCP 47 language tag (`fr`, `fr-CA`): the language of the user's emails. */
export const Locale = z.string().max(35).regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Must be a language tag such as fr or fr-CA.');

export const CreateTokenBody = z.strictObject({
  user: z.strictObject({
    external_id: TrimmedText(255),
    name: TrimmedText(200),
    role: RoleName,
    // Where notifications go; kept per user, never shown to other users. Left out: the stored one stays.
    email: z.email({ message: 'Must be an email address.' }).max(254).optional(),
    locale: Locale.optional(),
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
    responses: { 201: { description: 'The token', schema: TokenResponse }, 403: { description: 'Not an API key', problems: ['forbidden'] } },
  },
});
