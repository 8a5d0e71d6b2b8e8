import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createContainer } from './container.ts';
import { Origin } from './contract/tenants.ts';
import { RoleName } from './contract/tokens.ts';
import { DataFolderBusyError } from './db/database.ts';
import { openDatabaseFromConfig } from './db/open-from-config.ts';
import { fieldErrors } from './core/parse.ts';
import { loggable } from './core/loggable.ts';
import { createStorage } from './storage/create-storage.ts';
import { S3Storage } from './storage/s3-storage.ts';

const USAGE = `Usage:
  npm run cli -- tenant:create --name "Acme University" [--origin https://lms.example.edu ...]
  npm run cli -- tenant:list                                    (tenants with their API keys' ids and prefixes, never secrets)
  npm run cli -- key:create --tenant <tenant id> [--label <text>]   (prints a new API key, once)
  npm run cli -- key:revoke --key <key id>                      (the key's id from key:create or tenant:list)
  npm run cli -- user:token --tenant <tenant id> --external-id <id> --name <name> --role learner|instructor|moderator [--ttl <seconds>]
  npm run cli -- platform:register --tenant <tenant id> --issuer <url> --client-id <id> --auth-url <url> --token-url <url> --jwks-url <url>
                 --deployment-id <id> [--deployment-id ...] --frame-origin https://school.instructure.com [--frame-origin ...]
  npm run cli -- storage:prepare [--origin https://partner.example ...]    (S3: create the bucket, allow browsers' uploads)`;

const commands = {
  'tenant:create': {
    options: { name: { type: 'string' }, origin: { type: 'string', multiple: true } },
    schema: z.object({ name: z.string().trim().min(1).max(200), origin: z.array(Origin).default([]) }),
  },
  'tenant:list': {
    options: {},
    schema: z.object({}),
  },
  'key:create': {
    options: { tenant: { type: 'string' }, label: { type: 'string' } },
    schema: z.object({ tenant: z.uuid(), label: z.string().trim().min(1).max(200).default('cli') }),
  },
  'key:revoke': {
    // The key's id, not the key: an admin revoking a lost or leaked key may not hold it.
    options: { key: { type: 'string' } },
    schema: z.object({ key: z.uuid() }),
  },
  'user:token': {
    options: { tenant: { type: 'string' }, 'external-id': { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, ttl: { type: 'string' } },
    schema: z.object({
      tenant: z.uuid(),
      'external-id': z.string().min(1).max(255),
      name: z.string().trim().min(1).max(200),
      role: RoleName,
      ttl: z.coerce.number().int().min(60).max(86_400).optional(),
    }),
  },
  'platform:register': {
    options: {
      tenant: { type: 'string' },
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
      'auth-url': { type: 'string' },
      'token-url': { type: 'string' },
      'jwks-url': { type: 'string' },
      'deployment-id': { type: 'string', multiple: true },
      'frame-origin': { type: 'string', multiple: true },
    },
    schema: z.object({
      tenant: z.uuid(),
      issuer: z.url(),
      'client-id': z.string().trim().min(1).max(255),
      'auth-url': z.url({ protocol: /^https?$/ }),
      'token-url': z.url({ protocol: /^https?$/ }),
      'jwks-url': z.url({ protocol: /^https?$/ }),
      'deployment-id': z.array(z.string().trim().min(1).max(255)).min(1),
      // The school's LMS origins (https://school.instructure.com), which frame the tool; not the issuer.
      'frame-origin': z.array(Origin).min(1),
    }),
  },
  'storage:prepare': {
    options: { origin: { type: 'string', multiple: true } },
    schema: z.object({ origin: z.array(Origin).default([]) }),
  },
} as const;

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || !(name in commands)) throw new UsageError(USAGE);
  const command = commands[name as keyof typeof commands];
  const { values } = parseArgs({ args: rest, options: command.options, strict: true });
  const parsed = command.schema.safeParse(values);
  if (!parsed.success) throw new UsageError(fieldErrors(parsed.error).map((e) => `--${e.field}: ${e.message}`).join('\n') + `\n\n${USAGE}`);

  const config = loadConfig();
  if (name === 'storage:prepare') return prepareStorage(config, (parsed.data as z.infer<(typeof commands)['storage:prepare']['schema']>).origin);
  const db = await openDatabaseFromConfig(config);
  try {
    await db.migrate();
    const c = createContainer(config, db);
    if (name === 'tenant:create') {
      const input = parsed.data as z.infer<(typeof commands)['tenant:create']['schema']>;
      const { tenant, apiKey } = await c.tenants.create({ name: input.name, allowedOrigins: input.origin });
      console.log(JSON.stringify({ tenant_id: tenant.id, api_key: apiKey }));
    } else if (name === 'tenant:list') {
      console.log(JSON.stringify(await c.tenants.list()));
    } else if (name === 'key:create') {
      const input = parsed.data as z.infer<(typeof commands)['key:create']['schema']>;
      if (!(await c.repositories.tenants.findById(input.tenant))) throw new UsageError(`No tenant ${input.tenant}.`);
      const { keyId, apiKey } = await c.tenants.createKey(input.tenant, input.label);
      console.log(JSON.stringify({ tenant_id: input.tenant, key_id: keyId, api_key: apiKey }));
    } else if (name === 'key:revoke') {
      const input = parsed.data as z.infer<(typeof commands)['key:revoke']['schema']>;
      const revoked = await c.tenants.revokeKey(input.key);
      if (!revoked) throw new UsageError(`No active API key with id ${input.key}.`);
      console.log(JSON.stringify({ key_id: revoked.id, prefix: revoked.prefix, revoked_at: revoked.revoked_at }));
    } else if (name === 'platform:register') {
      const input = parsed.data as z.infer<(typeof commands)['platform:register']['schema']>;
      if (!(await c.repositories.tenants.findById(input.tenant))) throw new UsageError(`No tenant ${input.tenant}.`);
      const platform = await c.lti.service.registerPlatform({
        tenant_id: input.tenant,
        issuer: input.issuer,
        client_id: input['client-id'],
        auth_url: input['auth-url'],
        token_url: input['token-url'],
        jwks_url: input['jwks-url'],
        deployment_ids: input['deployment-id'],
        frame_origins: input['frame-origin'],
      });
      const tool = c.config.publicUrl;
      // These URLs go into the LMS: a wrong one fails there, far from here.
      if (c.config.publicUrlAssumed) console.error(`PUBLIC_URL and PORT are unset: assuming the server is at ${tool}. Set PUBLIC_URL (or PORT) as the server has it.`);
      console.log(JSON.stringify({ platform_id: platform.id, login_url: `${tool}/lti/login`, launch_url: `${tool}/lti/launch`, jwks_url: `${tool}/lti/jwks` }));
    } else {
      const input = parsed.data as z.infer<(typeof commands)['user:token']['schema']>;
      if (!(await c.repositories.tenants.findById(input.tenant))) throw new UsageError(`No tenant ${input.tenant}.`);
      const minted = await c.users.mintToken(input.tenant, { externalId: input['external-id'], name: input.name, role: input.role }, input.ttl);
      console.log(JSON.stringify({ access_token: minted.accessToken, user_id: minted.user.id }));
    }
  } finally {
    await db.close();
  }
}

/**
 * Run once by the operator, with credentials that may administer the bucket (the server's need
 * not): browsers PUT upload parts and read their ETag cross-origin, so the bucket needs CORS.
 * Any origin by default: the signed URLs are the authorization, CORS only lets a page read the answer.
 */
async function prepareStorage(config: Config, origins: string[]): Promise<void> {
  const storage = createStorage(config);
  if (!(storage instanceof S3Storage)) throw new UsageError('storage:prepare is for S3 (set S3_BUCKET): the local driver needs nothing.');
  try {
    const allowed = origins.length ? origins : ['*'];
    await storage.prepare(allowed);
    console.log(JSON.stringify({ bucket: config.media.s3!.bucket, cors_origins: allowed }));
  } finally {
    storage.client.destroy();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof DataFolderBusyError) {
    console.error(error.message);
    process.exit(2);
  }
  if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(loggable(error));
  process.exit(1);
});
