import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JSONWebKeySet, type JWK, type JWTPayload, type CryptoKey } from 'jose';
import type { Database } from '../db/database.ts';
import type { LtiRepository, ToolKeyRow } from './lti.repository.ts';

const DAY_MS = 86_400_000;
// Another process may have rotated: look again at most this often.
const RELOAD_MS = 60_000;

interface LoadedKeys {
  signing: { kid: string; key: CryptoKey; createdAt: Date };
  published: JWK[];
  loadedAt: number;
}

/**
 * The tool's RSA keys (RS256), kept in the database so every process signs with the same one.
 * The newest key signs; when it is older than the rotation period a new one is made, and the
 * previous ones stay published at /lti/jwks for the overlap, so a platform that cached them
 * still verifies what was signed just before the rotation.
 */
export class ToolKeys {
  private loaded: LoadedKeys | undefined;
  private loading: Promise<LoadedKeys> | undefined;

  constructor(
    private readonly db: Database,
    private readonly repo: LtiRepository,
    private readonly options: { rotationDays: number; overlapDays: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Public keys to publish: the signing key and those still inside their overlap. */
  async jwks(): Promise<JSONWebKeySet> {
    return { keys: (await this.keys()).published };
  }

  async sign(payload: JWTPayload, ttlSeconds: number): Promise<string> {
    const { signing } = await this.keys();
    const now = Math.floor(this.now() / 1000);
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: signing.kid, typ: 'JWT' })
      .setIssuedAt(now)
      .setExpirationTime(now + ttlSeconds)
      .sign(signing.key);
  }

  /** Makes a new signing key now; the others are retired after the overlap. */
  async rotate(): Promise<string> {
    const kid = await this.db.transaction(async (trx) => {
      await this.repo.lockToolKeys(trx);
      return this.insertNewKey(trx);
    });
    this.loaded = undefined;
    return kid;
  }

  private async keys(): Promise<LoadedKeys> {
    if (this.loaded && this.now() - this.loaded.loadedAt < RELOAD_MS && !this.due(this.loaded.signing.createdAt)) return this.loaded;
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    this.loaded = await this.loading;
    return this.loaded;
  }

  private due(createdAt: Date): boolean {
    return this.now() - createdAt.getTime() >= this.options.rotationDays * DAY_MS;
  }

  private async load(): Promise<LoadedKeys> {
    let rows = await this.repo.listToolKeys();
    if (!rows[0] || this.due(rows[0].created_at)) {
      rows = await this.db.transaction(async (trx) => {
        // One process rotates; the others find its key when they look again under the lock.
        await this.repo.lockToolKeys(trx);
        const current = await this.repo.listToolKeys(trx);
        if (!current[0] || this.due(current[0].created_at)) await this.insertNewKey(trx);
        await this.repo.deleteRetiredKeys(new Date(this.now()), trx);
        return this.repo.listToolKeys(trx);
      });
    }
    const newest = rows[0] as ToolKeyRow;
    const now = this.now();
    const published = rows.filter((r) => r.retire_at === null || r.retire_at.getTime() > now).map((r) => r.public_jwk as JWK);
    const key = (await importJWK(newest.private_jwk as JWK, 'RS256')) as CryptoKey;
    return { signing: { kid: newest.kid, key, createdAt: newest.created_at }, published, loadedAt: now };
  }

  private async insertNewKey(trx: Parameters<LtiRepository['listToolKeys']>[0]): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    const kid = randomUUID();
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
    const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256' };
    await this.repo.insertToolKey({ kid, private_jwk: privateJwk, public_jwk: publicJwk }, new Date(this.now() + this.options.overlapDays * DAY_MS), trx);
    return kid;
  }
}
