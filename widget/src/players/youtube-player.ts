import { Listeners, YOUTUBE_API_URL, type PlaybackErrorKind, type PlayerAdapter } from './player.ts';

/** The part of the YouTube IFrame Player API we use. */
interface YTPlayer {
  playVideo(): void;
  pauseVideo(): void;
  seekTo(seconds: number, allowSeekAhead: boolean): void;
  getCurrentTime(): number;
  getDuration(): number;
  getPlayerState(): number;
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

  private constructor(private readonly player: YTPlayer) {}

  static create(host: HTMLElement, videoId: string, apiUrl = YOUTUBE_API_URL, lang = 'en'): Promise<YouTubePlayer> {
    return loadYouTubeApi(apiUrl).then(
      (YT) =>
        new Promise<YouTubePlayer>((resolve) => {
          let adapter: YouTubePlayer | undefined;
          const target = document.createElement('div');
          host.replaceChildren(target);
          const player = new YT.Player(target, {
            videoId,
            width: '100%',
            height: '100%',
            playerVars: { rel: 0, playsinline: 1, hl: lang, origin: location.origin },
            events: {
              onReady: () => {
                adapter = new YouTubePlayer(player);
                adapter.startPolling();
                resolve(adapter);
              },
              onStateChange: (e: { data: number }) => {
                if (!adapter) return;
                adapter.state = e.data;
                adapter.listeners.fire();
              },
              onError: (e: { data: number }) => adapter?.errors.fire(kindOfYouTubeError(e.data)),
            },
          });
        }),
    );
  }

  private startPolling(): void {
    this.timer = setInterval(() => {
      const t = this.player.getCurrentTime();
      if (t !== this.lastTime) {
        this.lastTime = t;
        this.listeners.fire();
      }
    }, 250);
  }

  async play(): Promise<void> {
    this.player.playVideo();
  }
  pause(): void {
    this.player.pauseVideo();
  }
  seek(seconds: number): void {
    this.player.seekTo(Math.max(0, seconds), true);
    this.lastTime = seconds;
    this.listeners.fire();
  }
  get currentTime(): number {
    return this.player.getCurrentTime();
  }
  get duration(): number {
    return this.player.getDuration() || Number.NaN;
  }
  get paused(): boolean {
    return (this.state === -1 ? this.player.getPlayerState() : this.state) !== PLAYING;
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
