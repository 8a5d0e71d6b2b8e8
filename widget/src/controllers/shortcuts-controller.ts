import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** ← and → step this far; with Shift, `LONG_STEP`. */
export const STEP = 1;
export const LONG_STEP = 5;

export interface ShortcutActions {
  togglePlay(): void;
  /** Moves the playhead by `delta` seconds. */
  step(delta: number): void;
  markIn(): void;
  markOut(): void;
  toggleHelp(): void;
  /** The practice keys (L, < and >, comma and period, M), when the practice controls are there. */
  toggleLoop?(): void;
  slower?(): void;
  faster?(): void;
  stepFrame?(direction: 1 | -1): void;
  toggleMirror?(): void;
}

/**
 * The player's keys while focus is not in a text field: Space or K plays and pauses, ← and → step
 * 1 s (Shift: 5 s), I and O set the in and out points, L loops, < and > change speed, comma and
 * period step a frame, M mirrors (by `KeyboardEvent.key`, as YouTube does), ? shows the list.
 * Listens on its host while connected.
 */
export class ShortcutsController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #actions: ShortcutActions;

  constructor(host: ReactiveControllerHost & HTMLElement, actions: ShortcutActions) {
    this.#host = host;
    this.#actions = actions;
    host.addController(this);
  }

  hostConnected(): void {
    this.#host.addEventListener('keydown', this.#onKeydown);
  }

  hostDisconnected(): void {
    this.#host.removeEventListener('keydown', this.#onKeydown);
  }

  #onKeydown = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const origin = e.composedPath()[0] as HTMLElement | undefined;
    const tag = origin?.tagName ?? '';
    // Text fields keep their keys; the native video handles its own.
    if (['INPUT', 'TEXTAREA', 'SELECT', 'VIDEO'].includes(tag) || origin?.isContentEditable) return;
    const onControl = ['BUTTON', 'A', 'SUMMARY'].includes(tag);
    const a = this.#actions;
    const step = e.shiftKey ? LONG_STEP : STEP;
    switch (e.key) {
      case ' ':
      case 'k':
      case 'K':
        if (onControl && e.key === ' ') return;
        a.togglePlay();
        break;
      case 'ArrowLeft':
        a.step(-step);
        break;
      case 'ArrowRight':
        a.step(step);
        break;
      case 'i':
      case 'I':
        a.markIn();
        break;
      case 'o':
      case 'O':
        a.markOut();
        break;
      case '?':
        a.toggleHelp();
        break;
      case 'l':
      case 'L':
        if (!a.toggleLoop) return;
        a.toggleLoop();
        break;
      case '<':
        if (!a.slower) return;
        a.slower();
        break;
      case '>':
        if (!a.faster) return;
        a.faster();
        break;
      case ',':
      case '.':
        if (!a.stepFrame) return;
        a.stepFrame(e.key === ',' ? -1 : 1);
        break;
      case 'm':
      case 'M':
        if (!a.toggleMirror) return;
        a.toggleMirror();
        break;
      default:
        return;
    }
    e.preventDefault();
  };
}
