import { kindOfStatus, Listeners, PLAYBACK_RATES, type PlaybackErrorKind, type PlayerAdapter } from './player.ts';

/** requestVideoFrameCallback (Chromium, Safari, Firefox 132+): frame-exact steps where present. */
const HAS_RVFC = typeof HTMLVideoElement !== 'undefined' && 'requestVideoFrameCallback' in HTMLVideoElement.prototype;

const EVENTS = ['timeupdate', 'durationchange', 'loadedmetadata', 'play', 'pause', 'seeked', 'ended'];

/**
 * Why a `<video>` failed. Its MediaError says "not supported" for a 404 as for a bad codec, so a
 * source error asks the server what it answers for the URL (a CORS refusal is no answer: network).
 */
async function classify(video: HTMLVideoElement, src: string): Promise<PlaybackErrorKind> {
  const code = video.error?.code;
  if (code === MediaError.MEDIA_ERR_DECODE) return 'decode';
  if (code === MediaError.MEDIA_ERR_SRC_NOT_SUPPORTED || code === MediaError.MEDIA_ERR_NETWORK) {
    try {
      const res = await fetch(src, { method: 'HEAD', mode: 'cors', credentials: 'omit', cache: 'no-store' });
      if (!res.ok) return kindOfStatus(res.status);
    } catch {
      return 'network';
    }
    return code === MediaError.MEDIA_ERR_NETWORK ? 'network' : 'unsupported';
  }
  return 'unsupported';
}

/** A `<video>` element: MP4, WebM, and native HLS where Media Source Extensions are missing. */
export class Html5Player implements PlayerAdapter {
  protected readonly listeners = new Listeners();
  protected readonly errors = new Listeners<[PlaybackErrorKind]>();
  readonly playbackRates = PLAYBACK_RATES;
  readonly frameStep = 'exact';
  /** The presentation time of the frame on screen, as requestVideoFrameCallback reports it. */
  private shown: number | undefined;
  private frameCallback = 0;
  private readonly framesShown = new Listeners<[number]>();
  /** Text tracks that were showing when the video was mirrored (restored after). */
  private hiddenTracks: TextTrack[] = [];

  constructor(
    protected readonly video: HTMLVideoElement,
    src?: string,
  ) {
    for (const e of EVENTS) video.addEventListener(e, this.listeners.fire);
    if (HAS_RVFC) this.frameCallback = video.requestVideoFrameCallback(this.onFrame);
    if (src !== undefined) {
      video.addEventListener('error', this.onMediaError);
      video.src = src;
    }
  }

  private onMediaError = (): void => {
    const src = this.video.currentSrc || this.video.src;
    void classify(this.video, src).then((kind) => this.errors.fire(kind));
  };

  play(): Promise<void> {
    return this.video.play();
  }
  pause(): void {
    this.video.pause();
  }
  seek(seconds: number): void {
    this.video.currentTime = Math.max(0, seconds);
    this.listeners.fire();
  }
  get currentTime(): number {
    return this.video.currentTime;
  }
  get duration(): number {
    return this.video.duration;
  }
  get paused(): boolean {
    return this.video.paused;
  }
  onTimeUpdate(listener: () => void): () => void {
    return this.listeners.add(listener);
  }

  private onFrame = (_now: number, meta: VideoFrameCallbackMetadata): void => {
    this.shown = meta.mediaTime;
    this.framesShown.fire(meta.mediaTime);
    this.frameCallback = this.video.requestVideoFrameCallback(this.onFrame);
  };

  get playbackRate(): number {
    return this.video.playbackRate;
  }
  set playbackRate(rate: number) {
    // A new source (an HLS renewal) starts at the default rate: keep both.
    this.video.defaultPlaybackRate = rate;
    this.video.playbackRate = rate;
    this.video.preservesPitch = true;
  }

  /**
   * Steps from the frame on screen (its presentation time, where requestVideoFrameCallback gives
   * it; else the frame `currentTime` falls in) to a tenth into the next one, so rounding never
   * lands on the frame before; resolves once that frame is presented (at most after 1 s).
   */
  async stepFrame(direction: 1 | -1, fps: number): Promise<number> {
    const v = this.video;
    if (!v.paused) v.pause();
    const frame = 1 / fps;
    const shown = this.shown !== undefined && Math.abs(this.shown - v.currentTime) < frame ? this.shown : Math.floor(v.currentTime * fps + 1e-6) / fps;
    const last = Number.isFinite(v.duration) ? v.duration - frame / 2 : Infinity;
    const target = Math.min(last, Math.max(0, shown + direction * frame) + frame / 10);
    const presented = HAS_RVFC
      ? new Promise<void>((resolve) => {
          const timer = setTimeout(done, 1000);
          const off = this.framesShown.add(done);
          function done() {
            clearTimeout(timer);
            off();
            resolve();
          }
        })
      : new Promise<void>((resolve) => v.addEventListener('seeked', () => resolve(), { once: true }));
    v.currentTime = target;
    this.listeners.fire();
    await presented;
    return v.currentTime;
  }

  /** The native controls and captions would read backwards: hidden while mirrored. */
  setMirrored(on: boolean): void {
    this.video.controls = !on;
    if (on) {
      this.hiddenTracks = [...this.video.textTracks].filter((t) => t.mode === 'showing');
      for (const t of this.hiddenTracks) t.mode = 'hidden';
    } else {
      for (const t of this.hiddenTracks) t.mode = 'showing';
      this.hiddenTracks = [];
    }
  }
  onError(listener: (kind: PlaybackErrorKind) => void): () => void {
    return this.errors.add(listener);
  }
  destroy(): void {
    if (this.frameCallback) this.video.cancelVideoFrameCallback(this.frameCallback);
    this.framesShown.clear();
    for (const e of EVENTS) this.video.removeEventListener(e, this.listeners.fire);
    this.video.removeEventListener('error', this.onMediaError);
    this.listeners.clear();
    this.errors.clear();
    this.video.removeAttribute('src');
    this.video.load();
  }
}
