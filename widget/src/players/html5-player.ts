import { kindOfStatus, Listeners, type PlaybackErrorKind, type PlayerAdapter } from './player.ts';

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

  constructor(
    protected readonly video: HTMLVideoElement,
    src?: string,
  ) {
    for (const e of EVENTS) video.addEventListener(e, this.listeners.fire);
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
  onError(listener: (kind: PlaybackErrorKind) => void): () => void {
    return this.errors.add(listener);
  }
  destroy(): void {
    for (const e of EVENTS) this.video.removeEventListener(e, this.listeners.fire);
    this.video.removeEventListener('error', this.onMediaError);
    this.listeners.clear();
    this.errors.clear();
    this.video.removeAttribute('src');
    this.video.load();
  }
}
