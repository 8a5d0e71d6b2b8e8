import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ConfigError, loadConfig } from './config.ts';
import { createContainer } from './container.ts';
import { Origin } from './contract/tenants.ts';
import { RoleName } from './contract/tokens.ts';
import { DataFolderBusyError, migrateLatest } from './db/database.ts';
import { openDatabaseFromConfig } from './db/open-from-config.ts';
import { fieldErrors } from './http/validate.ts';

const USAGE = `Usage:
  npm run cli -- tenant:create --name "Acme University" [--origin https://lms.example.edu ...]
  npm run cli -- user:token --tenant <tenant id> --external-id <id> --name <name> --role learner|instructor|moderator [--ttl <seconds>]`;

const commands = {
  'tenant:create': {
    options: { name: { type: 'string' }, origin: { type: 'string', multiple: true } },
    schema: z.object({ name: z.string().trim().min(1).max(200), origin: z.array(Origin).default([]) }),
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
  const db = await openDatabaseFromConfig(config);
  try {
    await migrateLatest(db.knex);
    const c = createContainer(config, db);
    if (name === 'tenant:create') {
      const input = parsed.data as z.infer<(typeof commands)['tenant:create']['schema']>;
      const { tenant, apiKey } = await c.tenants.create({ name: input.name, allowedOrigins: input.origin });
      console.log(JSON.stringify({ tenant_id: tenant.id, api_key: apiKey }));
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

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof DataFolderBusyError) {
    console.error(error.message);
    process.exit(2);
  }
  if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
