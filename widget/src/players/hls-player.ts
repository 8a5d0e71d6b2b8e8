import type HlsType from 'hls.js';
import { Html5Player } from './html5-player.ts';

/** Whether Media Source Extensions exist, so hls.js can work (checked before loading it). */
const hasMse = () => typeof window !== 'undefined' && ('MediaSource' in window || 'ManagedMediaSource' in window);

/**
 * HLS: through hls.js wherever Media Source Extensions exist (it is loaded only now, as its own
 * chunk), natively only where they are missing (iOS Safari).
 */
export class HlsPlayer extends Html5Player {
  private hls: HlsType | undefined;
  /** Which engine ended up playing: tests and the e2e check it. */
  engine: 'hls.js' | 'native' | 'none' = 'none';
  private destroyed = false;

  static async create(video: HTMLVideoElement, src: string): Promise<HlsPlayer> {
    const player = new HlsPlayer(video);
    await player.attach(src);
    return player;
  }

  private async attach(src: string): Promise<void> {
    if (hasMse()) {
      const { default: Hls } = await import('hls.js');
      if (this.destroyed) return;
      if (Hls.isSupported()) {
        this.hls = new Hls({ enableWorker: true, lowLatencyMode: false });
        this.hls.loadSource(src);
        this.hls.attachMedia(this.video);
        this.engine = 'hls.js';
        this.video.dataset.engine = 'hls.js';
        return;
      }
    }
    if (this.video.canPlayType('application/vnd.apple.mpegurl')) {
      this.video.src = src;
      this.engine = 'native';
      this.video.dataset.engine = 'native';
    }
  }

  override destroy(): void {
    this.destroyed = true;
    // hls.js holds a MediaSource, workers and timers: tear it down explicitly.
    this.hls?.destroy();
    this.hls = undefined;
    super.destroy();
  }
}
