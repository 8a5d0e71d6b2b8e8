import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import '../elements/et-practice-bar.ts';
import { safeLocalStorage } from '../lib/outbox.ts';
import { format, stringsFor } from '../lib/strings.ts';
import { formatTimecode } from '../lib/timecode.ts';
import { FALLBACK_FPS, PLAYBACK_RATES, type PlayerAdapter } from '../players/player.ts';

/** A point comment's play button plays this window around its moment, unless the user chose another. */
export const MOMENT_BEFORE = 3;
export const MOMENT_AFTER = 2;
/** A jump to the range's end or past it by more than this is a seek, not playback crossing it. */
const CROSSING = 1;
/** After our own restart, the player may report the old time a moment longer. */
const RESTART_GRACE_MS = 300;

export interface PracticeRange {
  start: number;
  end: number;
}

/** What the practice controller reads from the top element. */
export interface PracticeOptions {
  /** The player adapter in use, if any. */
  player(): PlayerAdapter | undefined;
  /** The storage key of the user's choices for an exercise. */
  storageKey(exerciseId: string): string;
  /** The composer's in and out points. */
  composerRange(): [number | null, number | null];
  lang(): string;
  announce(message: string): void;
}

interface Remembered {
  speed: number;
  mirrored: boolean;
  before: number;
  after: number;
}

/**
 * The practice player: loop a range (a range comment's, the composer's in/out, or the window
 * around a point comment), change speed, step frame by frame, mirror the video. Speed, mirror and
 * the moment window are remembered per user and exercise in the browser's storage; each change is
 * announced. The loop watches the playhead every animation frame while a range plays, so it
 * restarts within a frame or two of the range's end, and it ends when the user seeks outside the
 * range or turns it off. It hears the practice elements' `et-*-request` events on its host.
 */
export class PracticeController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #options: PracticeOptions;
  speed = 1;
  mirrored = false;
  before = MOMENT_BEFORE;
  after = MOMENT_AFTER;
  /** The Loop toggle. */
  looping = false;
  /** The range being played (looped while `looping`), if any. */
  segment: PracticeRange | null = null;
  /** Frames per second from the media probe; null when unknown. */
  frameRate: number | null = null;
  /** The exercise lets learners change speed. */
  speedControl = true;
  paused = true;
  #key = '';
  #applied: PlayerAdapter | undefined;
  #raf = 0;
  #last = Number.NaN;
  #graceUntil = 0;
  #storage = safeLocalStorage();

  constructor(host: ReactiveControllerHost & HTMLElement, options: PracticeOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  hostConnected(): void {
    for (const [name, handler] of Object.entries(this.#handlers)) this.#host.addEventListener(name, handler as EventListener);
  }

  hostDisconnected(): void {
    for (const [name, handler] of Object.entries(this.#handlers)) this.#host.removeEventListener(name, handler as EventListener);
    cancelAnimationFrame(this.#raf);
    this.#raf = 0;
  }

  #onTime = (e: CustomEvent<{ paused: boolean }>): void => {
    const player = this.#options.player();
    if (player && player !== this.#applied) {
      // A new player (another source, "Try again", a rebuild): it starts at its own defaults.
      this.#applied = player;
      this.#applyRate();
    }
    if (this.paused !== e.detail.paused) {
      this.paused = e.detail.paused;
      this.#host.requestUpdate();
    }
    if (!this.segment || this.paused) return;
    // A hidden page runs no animation frames: its time updates (about 4 a second) watch instead.
    if (document.hidden) this.#check();
    else this.#watch();
  };
  #onLoop = (e: CustomEvent<PracticeRange>): void => this.loopRange(e.detail.start, e.detail.end);
  #onMoment = (e: CustomEvent<{ time: number }>): void => this.playMoment(e.detail.time);
  #onLoopToggle = (): void => void this.toggleLoop();
  #onPlayToggle = (): void => this.togglePlay();
  #onSpeed = (e: CustomEvent<{ rate: number }>): void => this.setSpeed(e.detail.rate);
  #onStep = (e: CustomEvent<{ direction: 1 | -1 }>): void => void this.stepFrame(e.detail.direction);
  #onMirror = (): void => this.toggleMirror();
  #onWindow = (e: CustomEvent<{ before: number; after: number }>): void => {
    this.before = clampWindow(e.detail.before, MOMENT_BEFORE);
    this.after = clampWindow(e.detail.after, MOMENT_AFTER);
    this.#save();
  };
  /** What it hears on its host: the time, and the practice elements' requests. */
  readonly #handlers = {
    'et-time-update': this.#onTime,
    'et-loop-request': this.#onLoop,
    'et-moment-play-request': this.#onMoment,
    'et-loop-toggle-request': this.#onLoopToggle,
    'et-play-toggle-request': this.#onPlayToggle,
    'et-speed-request': this.#onSpeed,
    'et-frame-step-request': this.#onStep,
    'et-mirror-toggle-request': this.#onMirror,
    'et-moment-window-change': this.#onWindow,
  } satisfies { [K in keyof HTMLElementEventMap]?: (e: HTMLElementEventMap[K]) => void };

  /** Follows the exercise shown: its speed switch and frame rate, and the user's choices for it. */
  show(exercise: { id: string; speed_control?: boolean } | undefined, frameRate: number | null): void {
    this.frameRate = frameRate;
    this.speedControl = exercise?.speed_control ?? true;
    const key = exercise ? this.#options.storageKey(exercise.id) : '';
    if (key === this.#key) return;
    this.#key = key;
    this.looping = false;
    this.segment = null;
    let saved: Partial<Remembered>;
    try {
      saved = key ? (JSON.parse(this.#storage?.getItem(key) ?? '{}') as Partial<Remembered>) : {};
    } catch {
      saved = {};
    }
    this.speed = typeof saved.speed === 'number' && PLAYBACK_RATES.includes(saved.speed as (typeof PLAYBACK_RATES)[number]) ? saved.speed : 1;
    this.mirrored = saved.mirrored === true;
    this.before = clampWindow(saved.before, MOMENT_BEFORE);
    this.after = clampWindow(saved.after, MOMENT_AFTER);
    this.#applyRate();
  }

  #save(): void {
    if (!this.#key) return;
    const value: Remembered = { speed: this.speed, mirrored: this.mirrored, before: this.before, after: this.after };
    try {
      this.#storage?.setItem(this.#key, JSON.stringify(value));
    } catch {
      // Storage full or refused: the choice holds for this page only.
    }
    this.#host.requestUpdate();
  }

  #say(message: string): void {
    this.#options.announce(message);
  }

  get #strings() {
    return stringsFor(this.#options.lang());
  }

  /** The rates offered: the player's own (YouTube), else the element's list. */
  get rates(): readonly number[] {
    const own = this.#options.player()?.playbackRates;
    return own && own.length > 1 ? own : PLAYBACK_RATES;
  }

  /** Frame steps are approximate: the frame rate is unknown, or the player seeks by time only. */
  get approximate(): boolean {
    return this.frameRate == null || this.#options.player()?.frameStep === 'approximate';
  }

  #applyRate(): void {
    const player = this.#options.player();
    if (player) player.playbackRate = this.speedControl ? this.speed : 1;
  }

  setSpeed(rate: number): void {
    if (!this.speedControl || !Number.isFinite(rate) || rate <= 0) return;
    this.speed = rate;
    this.#applyRate();
    this.#say(format(this.#strings.speedNow, { rate: `${rate}×` }));
    this.#save();
  }

  /** `<` and `>`: the next slower or faster rate offered. */
  nudgeSpeed(direction: 1 | -1): void {
    const rates = this.rates;
    const next = direction > 0 ? rates.find((r) => r > this.speed + 1e-9) : rates.findLast((r) => r < this.speed - 1e-9);
    if (next !== undefined) this.setSpeed(next);
  }

  toggleMirror(): void {
    this.mirrored = !this.mirrored;
    this.#say(this.mirrored ? this.#strings.mirrorOn : this.#strings.mirrorOff);
    this.#save();
  }

  togglePlay(): void {
    const p = this.#options.player();
    if (!p) return;
    if (p.paused) void p.play().catch(() => undefined);
    else p.pause();
  }

  /** A point comment's play button: the window around its moment, once (or looped while Loop is on). */
  playMoment(time: number): void {
    const p = this.#options.player();
    const end = Number.isFinite(p?.duration) ? Math.min(p!.duration, time + this.after) : time + this.after;
    this.#play({ start: Math.max(0, time - this.before), end });
  }

  /** "Loop this range" on a range comment. */
  loopRange(start: number, end: number): void {
    if (!(end > start)) return;
    this.looping = true;
    this.#play({ start, end });
    this.#say(format(this.#strings.loopOn, { start: formatTimecode(start), end: formatTimecode(end) }));
  }

  /** The Loop toggle (`L`): loops the composer's in/out range, or the range playing; false when there is none. */
  toggleLoop(): boolean {
    if (this.looping) {
      this.stopLoop();
      return true;
    }
    const [a, b] = this.#options.composerRange();
    const range = a != null && b != null && b > a ? { start: a, end: b } : this.segment;
    if (!range) {
      this.#say(this.#strings.loopNothing);
      return false;
    }
    this.loopRange(range.start, range.end);
    return true;
  }

  stopLoop(): void {
    const was = this.looping;
    this.looping = false;
    this.segment = null;
    if (was) this.#say(this.#strings.loopOff);
    this.#host.requestUpdate();
  }

  #play(range: PracticeRange): void {
    const p = this.#options.player();
    this.segment = range;
    this.#host.requestUpdate();
    if (!p) return;
    const t = p.currentTime;
    if (!(t >= range.start && t < range.end)) p.seek(range.start);
    this.#last = p.currentTime;
    this.#graceUntil = performance.now() + RESTART_GRACE_MS;
    void p.play().catch(() => undefined);
    this.#watch();
  }

  /** The user moved the playhead (timeline, keys, a comment's timecode): outside the range ends it. */
  seeked(time: number): void {
    const s = this.segment;
    if (s && (time < s.start || time > s.end)) this.stopLoop();
    else if (s) this.#last = time;
  }

  #watch(): void {
    if (!this.#raf && this.#host.isConnected) this.#raf = requestAnimationFrame(this.#tick);
  }

  #tick = (): void => {
    this.#raf = 0;
    if (this.#check()) this.#watch();
  };

  /** Restarts or ends the range as the playhead says; false once there is nothing to watch. */
  #check(): boolean {
    const s = this.segment;
    const p = this.#options.player();
    if (!s || !p) return false;
    if (p.paused) return false; // the next et-time-update (play) watches again
    const t = p.currentTime;
    const settling = performance.now() < this.#graceUntil;
    if (t >= s.end) {
      const crossed = this.#last >= s.start - 0.05 && this.#last < s.end && t - this.#last < CROSSING;
      if (crossed && this.looping) {
        p.seek(s.start);
        this.#last = s.start;
        this.#graceUntil = performance.now() + RESTART_GRACE_MS;
      } else if (crossed) {
        // Played once through: stop at its end.
        p.pause();
        this.segment = null;
        this.#host.requestUpdate();
        return false;
      } else if (!settling) {
        this.stopLoop();
        return false;
      }
    } else if (t < s.start - 0.05 && !settling) {
      this.stopLoop();
      return false;
    } else {
      this.#last = t;
    }
    return true;
  }

  /** `,` and `.`: pauses, then one frame back or forward (1/30 s, approximate, when the rate is unknown). */
  async stepFrame(direction: 1 | -1): Promise<void> {
    const p = this.#options.player();
    if (!p) return;
    const time = await p.stepFrame(direction, this.frameRate ?? FALLBACK_FPS);
    this.seeked(time);
    this.#say(format(this.#strings.frameNow, { time: formatTimecode(time) }));
  }

  /** A time at frame precision: the start of the frame it falls in, rounded up to the millisecond so it stays in that frame. */
  snap(time: number): number {
    const fps = this.frameRate;
    if (!fps || !Number.isFinite(time)) return time;
    const frame = Math.floor(time * fps + 1e-6);
    return Math.ceil((frame / fps) * 1000 - 1e-6) / 1000;
  }

  /** What the shortcuts controller calls. */
  readonly keys = {
    toggleLoop: () => this.toggleLoop(),
    slower: () => this.nudgeSpeed(-1),
    faster: () => this.nudgeSpeed(1),
    stepFrame: (direction: 1 | -1) => void this.stepFrame(direction),
    toggleMirror: () => this.toggleMirror(),
  };

  /** The practice bar under the video. */
  renderBar(lang: string) {
    return html`<et-practice-bar
      exportparts="practice"
      .looping=${this.looping}
      .mirrored=${this.mirrored}
      .paused=${this.paused}
      .speed=${this.speedControl ? this.speed : 1}
      .rates=${this.rates}
      .speedControl=${this.speedControl}
      .approximate=${this.approximate}
      .secondsBefore=${this.before}
      .secondsAfter=${this.after}
      lang=${lang || nothing}
    ></et-practice-bar>`;
  }
}

function clampWindow(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 60 ? value : fallback;
}
