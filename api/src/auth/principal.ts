export type Role = 'learner' | 'instructor' | 'moderator';
export const ROLES = ['learner', 'instructor', 'moderator'] as const;

/** A person acting through a user access token. */
export interface UserPrincipal {
  readonly kind: 'user';
  readonly tenantId: string;
  readonly userId: string;
  readonly role: Role;
}

/** A partner's backend acting through a tenant API key. */
export interface ApiKeyPrincipal {
  readonly kind: 'api_key';
  readonly tenantId: string;
  readonly keyId: string;
}

export type Principal = UserPrincipal | ApiKeyPrincipal;
