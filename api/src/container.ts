import { AuditRepository } from './audit/audit.repository.ts';
import { AuditService } from './audit/audit.service.ts';
import { AuthService } from './auth/auth.service.ts';
import { TokenService } from './auth/tokens.ts';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { Metrics } from './http/metrics.ts';
import { LivePublisher } from './live/publisher.ts';
import { TenantsRepository } from './tenants/tenants.repository.ts';
import { TenantsService } from './tenants/tenants.service.ts';
import { UsersRepository } from './users/users.repository.ts';
import { UsersService } from './users/users.service.ts';

/** Every repository and service, built once per app and shared by REST, the live channel and the CLI. */
export function createContainer(config: Config, db: Database, onError: (error: unknown) => void = console.error) {
  const metrics = new Metrics(true);
  const tokens = new TokenService(config.jwtSecret);
  const tenantsRepo = new TenantsRepository(db.knex);
  const usersRepo = new UsersRepository(db.knex);
  const audit = new AuditService(new AuditRepository(db.knex), metrics, onError);
  return {
    config,
    db,
    metrics,
    tokens,
    audit,
    live: new LivePublisher(),
    auth: new AuthService(tokens, tenantsRepo),
    tenants: new TenantsService(db, tenantsRepo),
    users: new UsersService(usersRepo, tokens, config.tokenTtlSeconds),
    repositories: { tenants: tenantsRepo, users: usersRepo },
  };
}

export type Container = ReturnType<typeof createContainer>;
