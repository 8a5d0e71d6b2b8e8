import type HlsType from 'hls.js';
import type { ErrorData } from 'hls.js';
import { Html5Player } from './html5-player.ts';

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
        hls.on(Hls.Events.ERROR, (_event, data) => this.onError(data));
        hls.on(Hls.Events.FRAG_BUFFERED, () => this.resumed());
        hls.loadSource(src);
        hls.attachMedia(this.video);
        this.engine = 'hls.js';
        this.video.dataset.engine = 'hls.js';
        return;
      }
    }
    if (this.video.canPlayType('application/vnd.apple.mpegurl')) {
      // Native HLS reports no status: an expired URL shows as a media error, renewed the same way.
      this.video.addEventListener('error', () => this.expired());
      this.video.src = src;
      this.engine = 'native';
      this.video.dataset.engine = 'native';
    }
  }

  private onError(data: ErrorData): void {
    if (data.response?.code === 403) this.expired();
  }

  private expired(): void {
    if (this.resume || this.destroyed || !this.options.onExpired) return;
    // A fresh URL refused at once is not an expiry: do not loop.
    if (Date.now() - this.lastRenewal < 10_000) return;
    this.resume = { at: this.video.currentTime, playing: !this.video.paused };
    this.hls?.stopLoad();
    this.options.onExpired();
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
