import type { TokenService } from '../auth/tokens.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { LtiRepository } from './lti.repository.ts';
import { LtiService, type ExerciseCreator } from './lti.service.ts';
import { PlatformKeys } from './platform-keys.ts';
import { ToolKeys } from './tool-keys.ts';

/** The LTI tool's parts, for the container. */
export function createLti(
  config: Config,
  db: Database,
  users: UsersRepository,
  tokens: TokenService,
  exercises: () => ExerciseCreator | undefined,
  onError: (error: unknown) => void,
) {
  const repo = new LtiRepository(db);
  const toolKeys = new ToolKeys(db, repo, { rotationDays: config.lti.keyRotationDays, overlapDays: config.lti.keyOverlapDays });
  const platformKeys = new PlatformKeys({ onError });
  const service = new LtiService(db, repo, users, tokens, toolKeys, platformKeys, exercises, {
    publicUrl: config.publicUrl,
    jwtSecret: config.jwtSecret,
    tokenTtlSeconds: config.tokenTtlSeconds,
    sessionSeconds: config.lti.sessionSeconds,
  });
  return { service, repo, toolKeys, platformKeys };
}
