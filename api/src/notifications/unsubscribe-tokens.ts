import { hkdfSync } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

export type UnsubscribeKind = 'reply' | 'digest';

export interface UnsubscribeClaims {
  tenantId: string;
  userId: string;
  kind: UnsubscribeKind;
}

const AUDIENCE = 'exercise-threads-unsubscribe';
// Pinned, as for access tokens: a token announcing another algorithm is refused.
const ALGORITHMS = ['HS256'];

/**
 * The token in an email's one-click unsubscribe link (RFC 8058). Signed with a key derived from
 * the JWT secret for this purpose only, so it can never pass as an access token (nor one as it).
 * No expiry: a link in an old email must still work.
 */
export class UnsubscribeTokens {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new Uint8Array(hkdfSync('sha256', secret, 'exercise-threads', 'unsubscribe-token', 32));
  }

  sign(claims: UnsubscribeClaims): Promise<string> {
    return new SignJWT({ tid: claims.tenantId, kind: claims.kind })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.userId)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .sign(this.key);
  }

  /** The claims, or undefined for anything not signed by us for this purpose. */
  async verify(token: string): Promise<UnsubscribeClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ALGORITHMS, audience: AUDIENCE });
      const kind = payload.kind;
      if (typeof payload.sub !== 'string' || typeof payload.tid !== 'string' || (kind !== 'reply' && kind !== 'digest')) return undefined;
      return { tenantId: payload.tid, userId: payload.sub, kind };
    } catch {
      return undefined;
    }
  }
}
