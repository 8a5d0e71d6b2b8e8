import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The capability to read one asset's playlists until a moment: `<expires>.<hmac>`. The playback
 * endpoint issues it after the access check; playlist requests carry it in the query because
 * players fetch playlists without our Authorization header.
 */
export class PlaybackTokens {
  constructor(
    private readonly secret: string,
    private readonly now: () => number = Date.now,
  ) {}

  private mac(assetId: string, expires: number): string {
    return createHmac('sha256', this.secret).update(`playback\n${assetId}\n${expires}`).digest('base64url');
  }

  issue(assetId: string, ttlSeconds: number): { token: string; expires: number } {
    const expires = Math.floor(this.now() / 1000) + ttlSeconds;
    return { token: `${expires}.${this.mac(assetId, expires)}`, expires };
  }

  /** The token's expiry (unix seconds) when it is genuine and unexpired for this asset. */
  verify(assetId: string, token: string | undefined): number | undefined {
    const m = token ? /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token) : null;
    if (!m) return undefined;
    const expires = Number(m[1]);
    if (expires * 1000 <= this.now()) return undefined;
    const want = Buffer.from(this.mac(assetId, expires));
    const got = Buffer.from(m[2]!);
    return want.length === got.length && timingSafeEqual(want, got) ? expires : undefined;
  }
}
