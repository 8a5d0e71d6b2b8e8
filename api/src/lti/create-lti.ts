import type { AuditService } from '../audit/audit.service.ts';
import type { TokenService } from '../auth/tokens.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { LtiRepository } from './lti.repository.ts';
import { LtiService, type ExerciseCreator } from './lti.service.ts';
import { PlatformKeys } from './platform-keys.ts';
import { ToolKeys } from './tool-keys.ts';
import { AgsClient } from './ags-client.ts';
import { NrpsClient } from './nrps-client.ts';
import { PlatformTokens } from './platform-token.ts';
import { RosterRepository } from './roster.repository.ts';
import { RosterService } from './roster.service.ts';

/** The LTI tool's parts, for the container. */
export function createLti(
  config: Config,
  db: Database,
  users: UsersRepository,
  tokens: TokenService,
  exercises: () => ExerciseCreator | undefined,
  onError: (error: unknown) => void,
  audit: Pick<AuditService, 'record'>,
) {
  const repo = new LtiRepository(db);
  const toolKeys = new ToolKeys(db, repo, { rotationDays: config.lti.keyRotationDays, overlapDays: config.lti.keyOverlapDays });
  const platformKeys = new PlatformKeys({ onError });
  // One token cache for both services: a platform's tokens are per scope set, not per service.
  const platformTokens = new PlatformTokens(toolKeys);
  const ags = new AgsClient(platformTokens);
  const nrps = new NrpsClient(platformTokens);
  const roster = new RosterService(db, new RosterRepository(db), repo, nrps, audit, { syncSeconds: config.lti.rosterSyncSeconds });
  const service = new LtiService(db, repo, users, tokens, toolKeys, platformKeys, exercises, {
    onInstructorLaunch: (contextId) => roster.sync(contextId).catch(onError),
    publicUrl: config.publicUrl,
    jwtSecret: config.jwtSecret,
    tokenTtlSeconds: config.tokenTtlSeconds,
    sessionSeconds: config.lti.sessionSeconds,
  });
  return { service, repo, toolKeys, platformKeys, ags, nrps, roster };
}
