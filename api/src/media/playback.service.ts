import type { Principal } from '../auth/principal.ts';
import type { ExerciseView } from '../contract/exercises.ts';
import type { AttemptPlaybackView } from '../contract/attempts.ts';
import type { PlaybackView } from '../contract/media.ts';
import { ForbiddenError, DomainError, NotFoundError } from '../errors/domain-errors.ts';
import type { Storage } from '../storage/storage.ts';
import type { MediaAssetRow, MediaRepository } from './media.repository.ts';
import type { PlaybackTokens } from './playback-token.ts';

export interface ExerciseLookup {
  /** The exercise if the caller may see it; throws NotFoundError otherwise. */
  get(p: Principal, id: string): Promise<ExerciseView>;
}

/** The upload is still being uploaded or transcoded: ask again later. */
export class MediaProcessingError extends DomainError {
  constructor(status: string) {
    super(409, 'media-processing', 'Video not ready', `The video is not playable yet (status: ${status}).`);
  }
}

/** Transcoding gave up: asking again will not help; the exercise needs another video. */
export class MediaFailedError extends DomainError {
  constructor() {
    super(409, 'media-failed', 'Video failed', 'The video could not be processed (status: failed).');
  }
}

/**
 * Signed playback. Playlists are served by the API, rewritten per request: the master points at
 * the API's variant playlists with the same token, and each variant lists segment URLs presigned
 * by storage until the token expires. Segments (the bulk of the bytes) go straight from storage to
 * the player; playlists (a few hundred bytes) carry the signatures, which is why they are ours:
 * stored playlists with relative URIs would resolve to unsigned storage addresses.
 */
export class PlaybackService {
  constructor(
    private readonly exercises: ExerciseLookup,
    private readonly repo: MediaRepository,
    private readonly storage: Storage,
    private readonly tokens: PlaybackTokens,
    private readonly publicUrl: string,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  async forExercise(p: Principal, exerciseId: string): Promise<PlaybackView> {
    const exercise = await this.exercises.get(p, exerciseId);
    const source = exercise.source;
    // Nothing probes a YouTube video or an outside URL: their frame rate is unknown.
    if (source.type === 'youtube') return { type: 'youtube', url: `https://www.youtube.com/watch?v=${source.youtube_id}`, frame_rate: null };
    if (source.type === 'url') return { type: /\.m3u8(\?|$)/i.test(source.url ?? '') ? 'hls' : 'mp4', url: source.url ?? '', frame_rate: null };
    const asset = await this.repo.findById(p.tenantId, source.media_asset_id!);
    if (!asset) throw new NotFoundError('media asset');
    if (asset.status === 'failed') throw new MediaFailedError();
    if (asset.status !== 'ready' || !asset.master_key) throw new MediaProcessingError(asset.status);
    const { token, expires } = this.tokens.issue(asset.id, this.ttlSeconds);
    return {
      type: 'hls',
      url: this.playlistUrl(asset.id, 'master', token),
      poster: asset.poster_key ? await this.storage.presignGet(asset.poster_key, this.ttlSeconds) : undefined,
      expires_at: new Date(expires * 1000).toISOString(),
      frame_rate: asset.frame_rate ?? null,
    };
  }

  /**
   * Playback of an asset the caller was already allowed to see (an attempt): the HLS ladder once
   * ready; before that, while it is probed and transcoded, the original itself when browsers play
   * it (MP4 with H.264, WebM as MediaRecorder writes), so an upload is watchable within seconds.
   */
  async forAsset(asset: MediaAssetRow): Promise<AttemptPlaybackView> {
    if (asset.status === 'failed') throw new MediaFailedError();
    const { token, expires } = this.tokens.issue(asset.id, this.ttlSeconds);
    const common = {
      expires_at: new Date(expires * 1000).toISOString(),
      duration: asset.duration_ms === null ? null : asset.duration_ms / 1000,
      frame_rate: asset.frame_rate ?? null,
    };
    if (asset.status === 'ready' && asset.master_key) {
      return {
        kind: 'hls',
        type: 'hls',
        url: this.playlistUrl(asset.id, 'master', token),
        content_type: null,
        ...(asset.poster_key && { poster: await this.storage.presignGet(asset.poster_key, this.ttlSeconds) }),
        ...common,
      };
    }
    if ((asset.status === 'uploaded' || asset.status === 'processing') && asset.playable_as) {
      return {
        kind: 'original',
        type: asset.playable_as === 'video/webm' ? 'webm' : 'mp4',
        url: await this.storage.presignGet(asset.source_key, this.ttlSeconds, asset.playable_as),
        content_type: asset.playable_as,
        ...common,
      };
    }
    throw new MediaProcessingError(asset.status);
  }

  private playlistUrl(assetId: string, rendition: string, token: string): string {
    return `${this.publicUrl}/api/v1/media/${assetId}/hls/${rendition}?token=${encodeURIComponent(token)}`;
  }

  /** A playlist for a holder of a valid token, with every URI in it signed until the token expires. */
  async playlist(assetId: string, rendition: string, token: string | undefined): Promise<string> {
    const expires = this.tokens.verify(assetId, token);
    if (!expires) throw new ForbiddenError('A valid, unexpired playback signature is required.');
    const asset = await this.repo.findAnyById(assetId);
    if (!asset || asset.status !== 'ready' || !asset.master_key) throw new NotFoundError('playlist');
    const base = asset.master_key.replace(/master\.m3u8$/, '');
    const ttl = Math.max(1, expires - Math.floor(this.now() / 1000));
    if (rendition === 'master') {
      const text = await this.text(asset.master_key);
      return rewrite(text, async (uri) => {
        const name = uri.split('/')[0]!;
        return this.playlistUrl(assetId, name, token!);
      });
    }
    if (!asset.renditions.some((r) => r.name === rendition)) throw new NotFoundError('playlist');
    const text = await this.text(`${base}${rendition}/index.m3u8`);
    return rewrite(text, (uri) => {
      if (!/^[A-Za-z0-9_.-]+$/.test(uri)) throw new Error(`Unexpected URI in a stored playlist: ${uri}`);
      return this.storage.presignGet(`${base}${rendition}/${uri}`, ttl);
    });
  }

  private async text(key: string): Promise<string> {
    return Buffer.concat(await (await this.storage.read(key)).toArray()).toString('utf8');
  }
}

/** Replaces every URI line of a playlist (lines that are neither blank nor tags). */
async function rewrite(text: string, sign: (uri: string) => Promise<string>): Promise<string> {
  const lines = text.split('\n');
  const out: string[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    out.push(trimmed === '' || trimmed.startsWith('#') ? line : await sign(trimmed));
  }
  return out.join('\n');
}
