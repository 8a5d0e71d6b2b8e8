import { FALLBACK_FPS, Listeners, YOUTUBE_API_URL, type PlaybackErrorKind, type PlayerAdapter } from './player.ts';

/** The part of the YouTube IFrame Player API we use. */
interface YTPlayer {
  playVideo(): void;
  pauseVideo(): void;
  seekTo(seconds: number, allowSeekAhead: boolean): void;
  getCurrentTime(): number;
  getDuration(): number;
  getPlayerState(): number;
  getPlaybackRate(): number;
  setPlaybackRate(rate: number): void;
  getAvailablePlaybackRates(): number[];
  /** Not in the documented API, but long-lived: drops the captions module (while mirrored). */
  unloadModule?(name: string): void;
  destroy(): void;
}
interface YTNamespace {
  Player: new (el: HTMLElement, options: Record<string, unknown>) => YTPlayer;
  PlayerState?: { PLAYING: number };
}
declare global {
  interface Window {
    YT?: YTNamespace;
    onYouTubeIframeAPIReady?: () => void;
  }
}

const PLAYING = 1;

/** The IFrame API's error codes (2 bad id, 5 HTML5 player error, 100 removed or private, 101/150 embedding refused). */
function kindOfYouTubeError(code: number): PlaybackErrorKind {
  if (code === 100) return 'not-found';
  if (code === 101 || code === 150) return 'forbidden';
  if (code === 5) return 'decode';
  return 'unsupported';
}

let loading: Promise<YTNamespace> | undefined;

/** Loads the IFrame API script once per page (its URL is configurable, so tests serve a stand-in). */
export function loadYouTubeApi(url: string): Promise<YTNamespace> {
  if (window.YT?.Player) return Promise.resolve(window.YT);
  loading ??= new Promise<YTNamespace>((resolve, reject) => {
    const previous = window.onYouTubeIframeAPIReady;
    window.onYouTubeIframeAPIReady = () => {
      previous?.();
      if (window.YT) resolve(window.YT);
    };
    const script = document.createElement('script');
    script.src = url;
    script.async = true;
    script.onerror = () => {
      loading = undefined;
      reject(new Error('The YouTube player could not be loaded.'));
    };
    document.head.append(script);
  });
  return loading;
}

/** YouTube through its IFrame Player API; time updates by polling, as the API sends none. */
export class YouTubePlayer implements PlayerAdapter {
  private readonly listeners = new Listeners();
  private readonly errors = new Listeners<[PlaybackErrorKind]>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private state = -1;
  private lastTime = 0;
  private player!: YTPlayer;
  /** False while a player is being rebuilt: reads answer from `saved`, writes wait in it. */
  private ready = false;
  private saved = { time: 0, rate: 1, playing: false };
  private mirrored = false;
  /** YouTube cannot seek to a frame: a step is 1/30 s, and the control says so. */
  readonly frameStep = 'approximate';

  private constructor(
    private readonly YT: YTNamespace,
    private readonly host: HTMLElement,
    private readonly videoId: string,
    private readonly lang: string,
  ) {}

  static create(host: HTMLElement, videoId: string, apiUrl = YOUTUBE_API_URL, lang = 'en'): Promise<YouTubePlayer> {
    return loadYouTubeApi(apiUrl).then(
      (YT) =>
        new Promise<YouTubePlayer>((resolve) => {
          const adapter = new YouTubePlayer(YT, host, videoId, lang);
          adapter.build(() => {
            adapter.startPolling();
            resolve(adapter);
          });
        }),
    );
  }

  /**
   * A player in a fresh frame. Mirrored, it has no controls and no captions: the IFrame API
   * cannot hide them on a running player, so mirroring builds it again where it was.
   */
  private build(onReady: () => void): void {
    const target = document.createElement('div');
    this.host.replaceChildren(target);
    this.ready = false;
    const hidden = this.mirrored ? { controls: 0, cc_load_policy: 0, iv_load_policy: 3, disablekb: 1 } : {};
    const player: YTPlayer = new this.YT.Player(target, {
      videoId: this.videoId,
      width: '100%',
      height: '100%',
      playerVars: { rel: 0, playsinline: 1, hl: this.lang, origin: location.origin, ...hidden },
      events: {
        onReady: () => {
          if (player !== this.player) return;
          this.ready = true;
          if (this.mirrored) player.unloadModule?.('captions');
          onReady();
        },
        onStateChange: (e: { data: number }) => {
          if (player !== this.player || !this.ready) return;
          this.state = e.data;
          this.listeners.fire();
        },
        onError: (e: { data: number }) => player === this.player && this.ready && this.errors.fire(kindOfYouTubeError(e.data)),
      },
    });
    this.player = player;
  }

  private startPolling(): void {
    this.timer = setInterval(() => {
      if (!this.ready) return;
      const t = this.player.getCurrentTime();
      if (t !== this.lastTime) {
        this.lastTime = t;
        this.listeners.fire();
      }
    }, 250);
  }

  async play(): Promise<void> {
    if (this.ready) this.player.playVideo();
    else this.saved.playing = true;
  }
  pause(): void {
    if (this.ready) this.player.pauseVideo();
    else this.saved.playing = false;
  }
  seek(seconds: number): void {
    const t = Math.max(0, seconds);
    if (this.ready) this.player.seekTo(t, true);
    else this.saved.time = t;
    this.lastTime = t;
    this.listeners.fire();
  }
  get currentTime(): number {
    return this.ready ? this.player.getCurrentTime() : this.saved.time;
  }
  get duration(): number {
    return (this.ready && this.player.getDuration()) || Number.NaN;
  }
  get paused(): boolean {
    if (!this.ready) return !this.saved.playing;
    return (this.state === -1 ? this.player.getPlayerState() : this.state) !== PLAYING;
  }
  get playbackRate(): number {
    return this.ready ? this.player.getPlaybackRate() : this.saved.rate;
  }
  set playbackRate(rate: number) {
    if (this.ready) this.player.setPlaybackRate(rate);
    else this.saved.rate = rate;
  }
  /** The rates the player reports for this video (YouTube usually offers 0.25 to 2). */
  get playbackRates(): readonly number[] {
    return this.ready ? this.player.getAvailablePlaybackRates() : [1];
  }
  /** Approximate: 1/30 s whatever the video's rate, since YouTube seeks by time only. */
  async stepFrame(direction: 1 | -1): Promise<number> {
    this.pause();
    const t = Math.max(0, this.currentTime + direction / FALLBACK_FPS);
    this.seek(t);
    return t;
  }
  setMirrored(on: boolean): void {
    if (on === this.mirrored) return;
    this.mirrored = on;
    if (this.ready) this.saved = { time: this.currentTime, rate: this.playbackRate, playing: !this.paused };
    this.player.destroy();
    this.build(() => this.restore());
  }
  /** A rebuilt player resumes where the old one was, at its speed. */
  private restore(): void {
    const { time, rate, playing } = this.saved;
    this.state = -1;
    this.player.seekTo(time, true);
    this.player.setPlaybackRate(rate);
    if (playing) this.player.playVideo();
    this.listeners.fire();
  }
  onTimeUpdate(listener: () => void): () => void {
    return this.listeners.add(listener);
  }
  onError(listener: (kind: PlaybackErrorKind) => void): () => void {
    return this.errors.add(listener);
  }
  destroy(): void {
    clearInterval(this.timer);
    this.listeners.clear();
    this.errors.clear();
    this.player.destroy();
  }
}
