import type HlsType from 'hls.js';
import type { ErrorData } from 'hls.js';
import { Html5Player } from './html5-player.ts';
import { kindOfStatus } from './player.ts';

/** Whether Media Source Extensions exist, so hls.js can work (checked before loading it). */
const hasMse = () => typeof window !== 'undefined' && ('MediaSource' in window || 'ManagedMediaSource' in window);

export interface HlsPlayerOptions {
  /**
   * Storage or the API refused a playlist or segment with 403: the signed URL expired. The owner
   * fetches a fresh playback URL and hands it to `renew()`; position and play state are kept.
   */
  onExpired?: () => void;
}

/**
 * HLS: through hls.js wherever Media Source Extensions exist (it is loaded only now, as its own
 * chunk), natively only where they are missing (iOS Safari).
 */
export class HlsPlayer extends Html5Player {
  private hls: HlsType | undefined;
  /** Which engine ended up playing: tests and the e2e check it. */
  engine: 'hls.js' | 'native' | 'none' = 'none';
  private destroyed = false;
  /** While a fresh URL is awaited and loaded: where to resume, and whether it was playing. */
  private resume: { at: number; playing: boolean } | undefined;
  private renewing = false;
  private lastRenewal = 0;
  /** How many times the URL was renewed (tests and the e2e read it). */
  renewals = 0;
  private mediaRecovered = false;
  /** Fragments refused (4xx) since one last arrived: hls.js retries them forever on other levels. */
  private refusedFragments = 0;

  constructor(
    video: HTMLVideoElement,
    private readonly options: HlsPlayerOptions = {},
  ) {
    super(video);
  }

  static async create(video: HTMLVideoElement, src: string, options: HlsPlayerOptions = {}): Promise<HlsPlayer> {
    const player = new HlsPlayer(video, options);
    await player.attach(src);
    return player;
  }

  private async attach(src: string): Promise<void> {
    if (hasMse()) {
      const { default: Hls } = await import('hls.js');
      if (this.destroyed) return;
      if (Hls.isSupported()) {
        const hls = new Hls({ enableWorker: true, lowLatencyMode: false });
        this.hls = hls;
        hls.on(Hls.Events.ERROR, (_event, data) => this.onHlsError(data, Hls.ErrorTypes.MEDIA_ERROR));
        hls.on(Hls.Events.FRAG_BUFFERED, () => {
          this.refusedFragments = 0;
          this.resumed();
        });
        hls.loadSource(src);
        hls.attachMedia(this.video);
        this.engine = 'hls.js';
        this.video.dataset.engine = 'hls.js';
        return;
      }
    }
    if (this.video.canPlayType('application/vnd.apple.mpegurl')) {
      // Native HLS reports no status: an error is taken for an expiry once, then reported.
      this.video.addEventListener('error', () => {
        if (!this.expired()) this.errors.fire(this.video.error?.code === MediaError.MEDIA_ERR_DECODE ? 'decode' : 'network');
      });
      this.video.src = src;
      this.engine = 'native';
      this.video.dataset.engine = 'native';
    }
  }

  /**
   * A 403 is an expired signature: renewed once. A fatal error after that is reported, once per
   * source: a media (decode) error gets hls.js's own recovery first.
   */
  private onHlsError(data: ErrorData, mediaError: string): void {
    const status = data.response?.code;
    if (status === 403 && this.expired()) return;
    if (this.destroyed) return;
    // A segment refused on every rendition will not come back by itself: hls.js would keep trying.
    const refused = !data.fatal && Boolean(data.frag) && status !== undefined && status >= 400 && status < 500;
    if (refused && ++this.refusedFragments < Math.max(1, this.hls?.levels.length ?? 1)) return;
    if (!data.fatal && !refused) return;
    if (data.type === mediaError && !this.mediaRecovered) {
      this.mediaRecovered = true;
      this.hls?.recoverMediaError();
      return;
    }
    this.hls?.stopLoad();
    this.errors.fire(data.type === mediaError ? 'decode' : kindOfStatus(status));
  }

  /** Asks for a fresh URL; false when that cannot help (no owner, or a fresh URL was just refused). */
  private expired(): boolean {
    if (this.destroyed || !this.options.onExpired) return false;
    if (this.resume) return true;
    // A fresh URL refused at once is not an expiry: do not loop.
    if (Date.now() - this.lastRenewal < 10_000) return false;
    this.resume = { at: this.video.currentTime, playing: !this.video.paused };
    this.hls?.stopLoad();
    this.options.onExpired();
    return true;
  }

  /** Plays from a fresh URL of the same video, at the position and play state it had. */
  renew(src: string): void {
    const resume = this.resume ?? { at: this.video.currentTime, playing: !this.video.paused };
    this.resume = resume;
    this.renewing = true;
    this.lastRenewal = Date.now();
    this.renewals++;
    if (this.hls) {
      // A new MediaSource starts at 0: start loading at the old position instead.
      this.hls.config.startPosition = resume.at;
      this.hls.loadSource(src);
    } else {
      this.video.src = src;
      this.video.addEventListener('loadedmetadata', () => this.resumed(), { once: true });
    }
  }

  private resumed(): void {
    const resume = this.resume;
    if (!resume || !this.renewing) return;
    this.resume = undefined;
    this.renewing = false;
    if (Math.abs(this.video.currentTime - resume.at) > 0.5) this.video.currentTime = resume.at;
    if (resume.playing) void this.video.play().catch(() => undefined);
    this.listeners.fire();
  }

  /** During a renewal the media restarts from 0: report the kept position instead. */
  override get currentTime(): number {
    return this.resume?.at ?? this.video.currentTime;
  }

  override destroy(): void {
    this.destroyed = true;
    // hls.js holds a MediaSource, workers and timers: tear it down explicitly.
    this.hls?.destroy();
    this.hls = undefined;
    super.destroy();
  }
}
