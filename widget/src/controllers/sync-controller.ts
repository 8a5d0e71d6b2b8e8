import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Listeners, type PlaybackErrorKind, type PlayerAdapter } from '../players/player.ts';

/** Drift under this is left alone (seconds): a rate nudge would only dither. */
export const DEADBAND = 0.01;
/** The follower's rate is nudged by this fraction for a small drift, by the larger for one over 40 ms. */
const SMALL_NUDGE = 0.03;
const LARGE_NUDGE = 0.1;
/** Drift over this (seconds of media) is corrected by a seek, not by speed. */
export const SEEK_DRIFT = 0.35;
/** After a seek of the follower, its time is not trusted for this long (it is still seeking). */
const SETTLE_MS = 350;

/**
 * Side by side: the model leads, the attempt follows at `attempt = model + offset`. One play,
 * pause, seek, speed and loop drive both, through `player`, a PlayerAdapter the top element and
 * its practice controller use as they use a single video's. While the model plays, every
 * animation frame (or time update, on a hidden page) compares the follower with where it should
 * be: a small drift nudges the follower's playbackRate by a few per cent until it is worked off, a
 * large one (a stall, a seek elsewhere) seeks it. While paused each side may be moved on its own
 * (to find a sync point); pressing play again aligns the follower first. The follower pauses at
 * its start or end while the model is outside its span, and joins when it comes back in.
 */
export class SyncController implements ReactiveController {
  leader: PlayerAdapter | undefined;
  follower: PlayerAdapter | undefined;
  /** Seconds: the attempt's time minus the model's at the same moment. */
  offset = 0;
  /** The speed asked for (the follower's base rate; the model plays at it). */
  rate = 1;
  #raf = 0;
  #settleUntil = 0;
  #offLeader: (() => void) | undefined;
  #wasPaused = true;
  /** The fraction the follower's rate is off the asked one now (positive: slower). */
  #nudge = 0;
  /** How many times the follower's rate was nudged (the note reports it). */
  rateChanges = 0;
  /** Drift measured at each correction step (seconds, follower minus target): tests and the note read it. */
  lastDrift = 0;
  readonly #changes = new Listeners();

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#stop();
    this.#offLeader?.();
    this.#offLeader = undefined;
  }

  /** Pairs the two players (either may be undefined while its source loads). */
  attach(leader: PlayerAdapter | undefined, follower: PlayerAdapter | undefined): void {
    if (leader !== this.leader) {
      this.#offLeader?.();
      this.#offLeader = leader?.onTimeUpdate(this.#onLeader);
      this.#wasPaused = leader?.paused ?? true;
      if (leader) leader.playbackRate = this.rate;
    }
    this.leader = leader;
    if (follower !== this.follower && follower) follower.playbackRate = this.rate;
    this.follower = follower;
    if (leader && follower) {
      if (leader.paused) this.align();
      else this.#watch();
    }
    this.#changes.fire();
  }

  /** Where the follower should be now. */
  get target(): number {
    return (this.leader?.currentTime ?? 0) + this.offset;
  }

  /** Moves the follower to the model's moment (plus the offset), within its span. */
  align(): void {
    const f = this.follower;
    if (!f || !this.leader) return;
    const t = clampTo(this.target, f.duration);
    if (Math.abs(f.currentTime - t) > 0.001) f.seek(t);
    this.#settleUntil = performance.now() + SETTLE_MS;
  }

  /** A new speed for both (the follower's nudge starts again from it). */
  setRate(rate: number): void {
    this.rate = rate;
    this.#nudge = 0;
    if (this.leader) this.leader.playbackRate = rate;
    if (this.follower) this.follower.playbackRate = rate;
  }

  setOffset(offset: number): void {
    this.offset = offset;
    if (this.leader?.paused === false) this.#settleUntil = 0;
  }

  #onLeader = (): void => {
    const l = this.leader;
    if (!l) return;
    if (l.paused !== this.#wasPaused) {
      this.#wasPaused = l.paused;
      // The model started or stopped (our controls or its own): the follower does the same.
      if (l.paused) {
        this.follower?.pause();
        this.align();
      } else {
        this.#start();
      }
    }
    if (!l.paused && document.hidden) this.#correct();
  };

  #start(): void {
    const f = this.follower;
    if (!f) return;
    this.#nudge = 0;
    f.playbackRate = this.rate;
    this.align();
    if (this.#inSpan()) void f.play().catch(() => undefined);
    this.#watch();
  }

  #inSpan(): boolean {
    const f = this.follower;
    const t = this.target;
    return Boolean(f) && t >= 0 && !(Number.isFinite(f!.duration) && t >= f!.duration - 0.02);
  }

  #watch(): void {
    if (!this.#raf) this.#raf = requestAnimationFrame(this.#tick);
  }

  #stop(): void {
    cancelAnimationFrame(this.#raf);
    this.#raf = 0;
  }

  #tick = (): void => {
    this.#raf = 0;
    if (this.#correct()) this.#watch();
  };

  /** One correction step; false once the model is paused (nothing to follow). */
  #correct(): boolean {
    const l = this.leader;
    const f = this.follower;
    if (!l || !f || l.paused) return false;
    if (!this.#inSpan()) {
      // The model is before the attempt's start or past its end: the attempt waits there.
      if (!f.paused) f.pause();
      const edge = clampTo(this.target, f.duration);
      if (Math.abs(f.currentTime - edge) > 0.05) f.seek(edge);
      return true;
    }
    const now = performance.now();
    if (f.paused) {
      this.#nudge = 0;
      f.playbackRate = this.rate;
      f.seek(this.target);
      this.#settleUntil = now + SETTLE_MS;
      void f.play().catch(() => undefined);
      return true;
    }
    if (now < this.#settleUntil) return true;
    const drift = f.currentTime - this.target;
    this.lastDrift = drift;
    if (Math.abs(drift) > SEEK_DRIFT * Math.max(1, this.rate)) {
      this.#nudge = 0;
      f.playbackRate = this.rate;
      f.seek(this.target);
      this.#settleUntil = now + SETTLE_MS;
      return true;
    }
    // Behind plays a little faster, ahead a little slower, in a few steps (every change of rate
    // unsettles the player's clock for a moment, so it changes only when the step does).
    const size = Math.abs(drift);
    const current = this.#nudge;
    const step = size < (current ? DEADBAND / 2 : DEADBAND) ? 0 : size < 0.04 ? SMALL_NUDGE : LARGE_NUDGE;
    const nudge = Math.sign(drift) * step;
    if (nudge !== current) {
      this.#nudge = nudge;
      this.rateChanges++;
      f.playbackRate = this.rate * (1 - nudge);
    }
    return true;
  }

  /** Called when a player is paired or replaced. */
  onPairing(listener: () => void): () => void {
    return this.#changes.add(listener);
  }

  /** What the top element and the practice controller drive: the model, with the attempt in tow. */
  readonly player: PlayerAdapter = composite(this);
}

/** The pair as one player: the model's time and state; commands reach both. */
function composite(sync: SyncController): PlayerAdapter {
  return {
    play: async () => {
      const l = sync.leader;
      if (!l) return;
      sync.align();
      await l.play();
    },
    pause: () => {
      sync.leader?.pause();
      sync.follower?.pause();
      sync.align();
    },
    seek: (seconds) => {
      sync.leader?.seek(seconds);
      sync.align();
    },
    get currentTime() {
      return sync.leader?.currentTime ?? 0;
    },
    get duration() {
      return sync.leader?.duration ?? Number.NaN;
    },
    get paused() {
      return sync.leader?.paused ?? true;
    },
    onTimeUpdate: (listener) => {
      // The model's updates, whichever player is the model now; a new pairing reports at once.
      let offLeader = sync.leader?.onTimeUpdate(listener);
      const offPairing = sync.onPairing(() => {
        offLeader?.();
        offLeader = sync.leader?.onTimeUpdate(listener);
        listener();
      });
      return () => {
        offLeader?.();
        offPairing();
      };
    },
    onError: (listener: (kind: PlaybackErrorKind) => void) => sync.leader?.onError(listener) ?? (() => undefined),
    destroy: () => sync.hostDisconnected(),
    get playbackRate() {
      return sync.rate;
    },
    set playbackRate(rate: number) {
      sync.setRate(rate);
    },
    get playbackRates() {
      return sync.leader?.playbackRates ?? [1];
    },
    get frameStep() {
      return sync.leader?.frameStep ?? 'approximate';
    },
    stepFrame: async (direction, fps) => {
      const l = sync.leader;
      if (!l) return 0;
      sync.follower?.pause();
      const t = await l.stepFrame(direction, fps);
      sync.align();
      return t;
    },
    // Each side is mirrored on its own, by its surface.
    setMirrored: () => undefined,
  };
}

function clampTo(t: number, duration: number): number {
  return Math.max(0, Number.isFinite(duration) ? Math.min(duration - 0.001, t) : t);
}
