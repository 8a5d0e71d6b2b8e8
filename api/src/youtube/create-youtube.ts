import type { Config } from '../config.ts';
import { memoryCache, redisCache } from './oembed-cache.ts';
import { YouTubeService } from './youtube.service.ts';

/** oEmbed lookups cached in Redis when there is one (shared by every process), in memory otherwise. */
export function createYouTube(config: Config, onError: (error: unknown) => void): YouTubeService {
  const cache = config.redisUrl ? redisCache(config.redisUrl, onError) : memoryCache();
  return new YouTubeService(config.youtube, cache);
}
