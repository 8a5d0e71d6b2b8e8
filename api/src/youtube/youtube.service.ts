import { z } from 'zod';
import type { OEmbedCache } from './oembed-cache.ts';
import { youtubeVideoId } from './youtube-id.ts';

export type YouTubeMetadata = {
  title: string;
  author_name: string | undefined;
  thumbnail_url: string | undefined;
};

const OEmbedResponse = z.object({
  title: z.string().max(1000),
  author_name: z.string().max(500).optional(),
  thumbnail_url: z.url().max(2000).optional(),
});

const FOUND_TTL_SECONDS = 24 * 3600;
// A video that is private or gone may come back; ask again within the hour.
const MISSING_TTL_SECONDS = 3600;
const MISSING = '-';

/**
 * oEmbed metadata for YouTube videos, from a configurable endpoint, cached per video id.
 * `lookup` never throws: when oEmbed is unreachable the exercise keeps what its creator gave,
 * and nothing is cached so the next creation asks again.
 */
export class YouTubeService {
  constructor(
    private readonly options: { oembedUrl: string; timeoutMs: number },
    private readonly cache: OEmbedCache,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async lookup(url: string): Promise<YouTubeMetadata | undefined> {
    const id = youtubeVideoId(url);
    if (!id) return undefined;
    const cached = await this.cache.get(id);
    if (cached !== undefined) return cached === MISSING ? undefined : (JSON.parse(cached) as YouTubeMetadata);

    const endpoint = new URL(this.options.oembedUrl);
    endpoint.searchParams.set('url', `https://www.youtube.com/watch?v=${id}`);
    endpoint.searchParams.set('format', 'json');
    let response: Response;
    try {
      response = await this.fetchImpl(endpoint, { signal: AbortSignal.timeout(this.options.timeoutMs), headers: { accept: 'application/json' } });
    } catch {
      return undefined;
    }
    if (response.status === 404 || response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      await this.cache.set(id, MISSING, MISSING_TTL_SECONDS);
      return undefined;
    }
    if (!response.ok) {
      await response.body?.cancel();
      return undefined;
    }
    const parsed = OEmbedResponse.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) return undefined;
    const metadata: YouTubeMetadata = {
      title: parsed.data.title,
      author_name: parsed.data.author_name,
      thumbnail_url: parsed.data.thumbnail_url,
    };
    await this.cache.set(id, JSON.stringify(metadata), FOUND_TTL_SECONDS);
    return metadata;
  }

  close(): Promise<void> {
    return this.cache.close();
  }
}
