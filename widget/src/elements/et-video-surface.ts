import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { LocalizeController } from '../controllers/localize-controller.ts';
import { defineOnce } from '../lib/define-once.ts';
import type { ShownDrawing } from '../lib/drawing.ts';
import { emit } from '../lib/events.ts';
import { tokens } from '../lib/shared-styles.ts';
import { Html5Player } from '../players/html5-player.ts';
import { YOUTUBE_API_URL, type PlaybackErrorKind, type PlayerAdapter, type SourceKind } from '../players/player.ts';
import { format, stringsFor, type StringKey } from '../lib/strings.ts';
import { styles } from './et-video-surface.styles.ts';
import './et-drawing-overlay.ts';

/**
 * The video: picks the player for its source (a file through `<video>`, HLS through hls.js or
 * natively, YouTube through its IFrame API) and reports time through `et-time-update`. It reserves
 * the video's aspect ratio before anything loads, so the host page does not shift. Comments'
 * drawings and the drawing editor (slotted) lie over the picture in `.frame`, the box that holds
 * the video: a mirror flips `.frame`, not the video alone, so they stay on the same spot of the picture.
 *
 * @slot - Drawn over the picture, in the same (possibly mirrored) frame: the drawing editor.
 * @fires et-time-update - Time, duration or play state changed: `{currentTime, duration, paused}`.
 * @fires et-source-expired - The HLS URL's signature expired mid-video: `{time}`. Answer with `renewSource(url)`.
 * @fires et-playback-failed - The source cannot play: `{kind, message}` (the message is shown over the video).
 * @fires et-playback-retry-request - "Try again" was pressed: answer with a fresh `src` or a new `attempt`.
 * @csspart video - The `<video>` element, or the YouTube frame's box.
 * @csspart failure - The message over the video when it cannot play.
 * @cssproperty --et-aspect-ratio - The box's aspect ratio before metadata is known (default 16 / 9).
 * @cssproperty --et-video-background - Behind the video (default black).
 * @cssproperty --et-video-failure-background - Behind the failure message (default translucent black).
 *
 * @tag et-video-surface
 */
export class EtVideoSurface extends LitElement {
  static override properties = {
    src: { type: String },
    kind: { type: String },
    youtubeId: { type: String, attribute: 'youtube-id' },
    youtubeApiUrl: { type: String, attribute: 'youtube-api-url' },
    poster: { type: String },
    label: { type: String },
    lang: { type: String },
    attempt: { type: Number },
    mirrored: { type: Boolean, reflect: true },
    drawings: { attribute: false },
    failed: { state: true },
    aspect: { state: true },
  };

  declare src: string;
  declare kind: SourceKind;
  declare youtubeId: string;
  declare youtubeApiUrl: string;
  declare poster: string;
  declare label: string;
  /** Bumped by the owner to build the player again (after "Try again"), even for the same `src`. */
  declare attempt: number;
  /** Flips the video (only the video) horizontally; the player hides what would read backwards. */
  declare mirrored: boolean;
  /** Why the source cannot play, if it cannot. */
  declare failed: PlaybackErrorKind | '';
  /** Comments' drawings to show over the picture now. */
  declare drawings: ShownDrawing[];
  /** The picture's width over its height (16:9 until the video says otherwise; YouTube's frame is 16:9). */
  declare aspect: number;

  /** The adapter in use, once the source is attached. */
  player: PlayerAdapter | undefined;
  /** Resolves when the current source's player is ready. */
  ready: Promise<PlayerAdapter | undefined> = Promise.resolve(undefined);
  private unsubscribe: (() => void) | undefined;
  private generation = 0;
  /** A src set by `renewSource`: the player keeps going, nothing is re-attached. */
  private renewed = '';

  static override styles = [tokens, styles];

  constructor() {
    super();
    new LocalizeController(this);
    this.src = '';
    this.kind = 'file';
    this.youtubeId = '';
    this.youtubeApiUrl = YOUTUBE_API_URL;
    this.poster = '';
    this.label = '';
    this.attempt = 0;
    this.mirrored = false;
    this.failed = '';
    this.drawings = [];
    this.aspect = 16 / 9;
  }

  /** The picture's width over its height, as drawings' coordinates are measured against it. */
  get pictureAspect(): number {
    return this.aspect;
  }

  override render() {
    return html`<div class="box">
      <div class="frame">
        ${this.kind === 'youtube'
          ? html`<div class="yt" part="video" role="region" aria-label=${this.label}></div>`
          : html`<video part="video" controls playsinline preload="metadata" crossorigin="anonymous" aria-label=${this.label} poster=${this.poster || ''}></video>`}
        ${this.drawings.length ? html`<et-drawing-overlay .drawings=${this.drawings} .aspect=${this.aspect}></et-drawing-overlay>` : nothing}
        <slot></slot>
      </div>
      ${this.failed
        ? html`<div class="failed" part="failure" role="alert">
            <p>${this.message(this.failed)}</p>
            <button type="button" @click=${() => emit(this, 'et-playback-retry-request', {})}>${stringsFor(this.lang).tryAgain}</button>
          </div>`
        : nothing}
    </div>`;
  }

  protected override updated(changed: PropertyValues<this>): void {
    const renewedOnly = changed.has('src') && !changed.has('kind') && this.src === this.renewed;
    if (!renewedOnly && (changed.has('src') || changed.has('kind') || changed.has('youtubeId') || changed.has('attempt'))) this.attach();
    else if (changed.has('mirrored')) this.player?.setMirrored(this.mirrored);
  }

  private message(kind: PlaybackErrorKind): string {
    const keys: Record<PlaybackErrorKind, StringKey> = {
      'not-found': 'playbackNotFound',
      forbidden: 'playbackForbidden',
      network: 'playbackNetwork',
      decode: 'playbackDecode',
      unsupported: 'playbackUnsupported',
    };
    return format(stringsFor(this.lang)[keys[kind]]);
  }

  private fail(kind: PlaybackErrorKind): void {
    if (this.failed) return;
    this.failed = kind;
    emit(this, 'et-playback-failed', { kind, message: this.message(kind) });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.teardown();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Re-attached after a move in the DOM: the player was torn down, so build it again.
    if (this.hasUpdated && !this.player) this.attach();
  }

  private teardown(): void {
    this.generation++;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.player?.destroy();
    this.player = undefined;
  }

  private attach(): void {
    this.teardown();
    const gen = this.generation;
    const shadow = this.renderRoot as ShadowRoot;
    this.failed = '';
    this.ready = this.start(gen, shadow).catch(() => {
      // The player itself could not load (the YouTube script blocked, say).
      if (gen === this.generation) this.fail('network');
      return undefined;
    });
  }

  private start(gen: number, shadow: ShadowRoot): Promise<PlayerAdapter | undefined> {
    return (async (): Promise<PlayerAdapter | undefined> => {
      let player: PlayerAdapter | undefined;
      if (this.kind === 'youtube') {
        if (!this.youtubeId) return undefined;
        const { YouTubePlayer } = await import('../players/youtube-player.ts');
        const host = shadow.querySelector<HTMLElement>('.yt');
        if (!host) return undefined;
        player = await YouTubePlayer.create(host, this.youtubeId, this.youtubeApiUrl, this.lang || 'en');
      } else {
        const video = shadow.querySelector('video');
        if (!video || !this.src) return undefined;
        if (this.kind === 'hls') {
          const { HlsPlayer } = await import('../players/hls-player.ts');
          player = await HlsPlayer.create(video, this.src, { onExpired: () => emit(this, 'et-source-expired', { time: this.currentTime }) });
        } else {
          player = new Html5Player(video, this.src);
        }
      }
      if (gen !== this.generation) {
        player.destroy();
        return undefined;
      }
      this.player = player;
      if (this.mirrored) player.setMirrored(true);
      const offTime = player.onTimeUpdate(() => this.report());
      const offError = player.onError((kind) => gen === this.generation && this.fail(kind));
      this.unsubscribe = () => {
        offTime();
        offError();
      };
      this.report();
      return player;
    })();
  }

  private report(): void {
    const p = this.player;
    if (!p) return;
    const v = this.renderRoot.querySelector('video');
    if (this.kind !== 'youtube' && v?.videoWidth && v.videoHeight) this.aspect = v.videoWidth / v.videoHeight;
    emit(this, 'et-time-update', { currentTime: p.currentTime, duration: p.duration, paused: p.paused });
  }

  /** A fresh URL for the same video (after `et-source-expired`): playback resumes where it was. */
  renewSource(src: string): void {
    const p = this.player as (PlayerAdapter & { renew?: (src: string) => void }) | undefined;
    if (!p?.renew) {
      this.src = src;
      return;
    }
    this.renewed = src;
    this.src = src;
    p.renew(src);
  }

  seek(seconds: number): void {
    this.player?.seek(seconds);
  }
  play(): Promise<void> {
    return this.player?.play().catch(() => undefined) ?? Promise.resolve();
  }
  pause(): void {
    this.player?.pause();
  }
  get paused(): boolean {
    return this.player?.paused ?? true;
  }
  get currentTime(): number {
    return this.player?.currentTime ?? 0;
  }
}

defineOnce('et-video-surface', EtVideoSurface);

declare global {
  interface HTMLElementTagNameMap {
    'et-video-surface': EtVideoSurface;
  }
}
