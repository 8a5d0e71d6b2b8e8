import type { Role } from '../auth/principal.ts';
import type { TokenService } from '../auth/tokens.ts';
import type { UserRow, UsersRepository } from './users.repository.ts';

export interface UserView {
  id: string;
  external_id: string;
  name: string;
  role: Role;
}

export function toUserView(row: UserRow): UserView {
  return { id: row.id, external_id: row.external_id, name: row.display_name, role: row.role };
}

export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: TokenService,
    private readonly defaultTtl: number,
  ) {}

  /** Upserts the user in the tenant and mints an access token carrying the given role. */
  async mintToken(tenantId: string, input: { externalId: string; name: string; role: Role; email?: string | undefined; locale?: string | undefined }, ttlSeconds = this.defaultTtl) {
    const row = await this.users.upsert({ tenant_id: tenantId, external_id: input.externalId, display_name: input.name, role: input.role, email: input.email, locale: input.locale });
    const issued = await this.tokens.issue({ id: row.id, tenantId, role: row.role }, ttlSeconds);
    return { user: toUserView(row), accessToken: issued.token, expiresIn: issued.expiresIn };
  }
}
