import { Listeners, type PlayerAdapter } from './player.ts';

const EVENTS = ['timeupdate', 'durationchange', 'loadedmetadata', 'play', 'pause', 'seeked', 'ended'];

/** A `<video>` element: MP4, WebM, and native HLS where Media Source Extensions are missing. */
export class Html5Player implements PlayerAdapter {
  protected readonly listeners = new Listeners();

  constructor(
    protected readonly video: HTMLVideoElement,
    src?: string,
  ) {
    for (const e of EVENTS) video.addEventListener(e, this.listeners.fire);
    if (src !== undefined) video.src = src;
  }

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
  destroy(): void {
    for (const e of EVENTS) this.video.removeEventListener(e, this.listeners.fire);
    this.listeners.clear();
    this.video.removeAttribute('src');
    this.video.load();
  }
}
