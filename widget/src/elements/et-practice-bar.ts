import { html, LitElement, nothing } from 'lit';
import { LocalizeController } from '../controllers/localize-controller.ts';
import { defineOnce } from '../lib/define-once.ts';
import { emit } from '../lib/events.ts';
import { tokens } from '../lib/shared-styles.ts';
import { stringsFor } from '../lib/strings.ts';
import { pressedToggle, styles } from './et-practice-bar.styles.ts';

/**
 * The practice controls under the video: Play, Loop (a toggle), Speed (unless the exercise turns
 * it off), Previous frame and Next frame (labelled approximate when they are), Mirror (a toggle),
 * and the window a point comment's play button plays around its moment. It only asks; the
 * practice controller acts.
 *
 * @fires et-play-toggle-request - Play or Pause was pressed.
 * @fires et-loop-toggle-request - Loop was pressed.
 * @fires et-speed-request - A speed was picked: `{rate}`.
 * @fires et-frame-step-request - Previous or Next frame: `{direction}` (-1 or 1).
 * @fires et-mirror-toggle-request - Mirror was pressed.
 * @fires et-moment-window-change - The seconds before and after a moment changed: `{before, after}`.
 * @csspart practice - The bar.
 * @cssproperty --et-practice-pressed-background - A pressed toggle (falls back to --et-color-accent).
 * @cssproperty --et-practice-pressed-color - A pressed toggle's text (falls back to --et-color-on-accent).
 *
 * @tag et-practice-bar
 */
export class EtPracticeBar extends LitElement {
  static override properties = {
    looping: { type: Boolean },
    mirrored: { type: Boolean },
    paused: { type: Boolean },
    speed: { type: Number },
    rates: { attribute: false },
    speedControl: { type: Boolean, attribute: 'speed-control' },
    approximate: { type: Boolean },
    secondsBefore: { type: Number, attribute: 'seconds-before' },
    secondsAfter: { type: Number, attribute: 'seconds-after' },
    lang: { type: String },
  };

  declare looping: boolean;
  declare mirrored: boolean;
  declare paused: boolean;
  declare speed: number;
  /** The speeds offered, slowest first. */
  declare rates: readonly number[];
  declare speedControl: boolean;
  /** Frame steps are 1/30 s, not one frame (unknown frame rate, or YouTube). */
  declare approximate: boolean;
  /** Seconds played before and after a point comment's moment. */
  declare secondsBefore: number;
  declare secondsAfter: number;

  static override styles = [tokens, pressedToggle, styles];

  constructor() {
    super();
    new LocalizeController(this);
    this.looping = this.mirrored = this.approximate = false;
    this.paused = this.speedControl = true;
    this.speed = 1;
    this.rates = [];
    this.secondsBefore = 3;
    this.secondsAfter = 2;
  }

  override render() {
    const s = stringsFor(this.lang);
    const approx = this.approximate ? 'approximate' : nothing;
    return html`<div class="bar" part="practice" role="group" aria-label=${s.practiceControls}>
      <button type="button" aria-keyshortcuts="K" @click=${() => emit(this, 'et-play-toggle-request', {})}>${this.paused ? s.play : s.pause}</button>
      <button type="button" aria-pressed=${String(this.looping)} aria-keyshortcuts="L" @click=${() => emit(this, 'et-loop-toggle-request', {})}>${s.loop}</button>
      ${this.speedControl
        ? html`<label
            >${s.speed}
            <select aria-keyshortcuts="< >" @change=${(e: Event) => emit(this, 'et-speed-request', { rate: Number((e.target as HTMLSelectElement).value) })}>
              ${this.rates.map((r) => html`<option value=${r} ?selected=${r === this.speed}>${r}×</option>`)}
            </select></label
          >`
        : nothing}
      <button type="button" aria-keyshortcuts="," aria-describedby=${approx} @click=${() => emit(this, 'et-frame-step-request', { direction: -1 })}>${s.previousFrame}</button>
      <button type="button" aria-keyshortcuts="." aria-describedby=${approx} @click=${() => emit(this, 'et-frame-step-request', { direction: 1 })}>${s.nextFrame}</button>
      ${this.approximate ? html`<span id="approximate" class="approximate">≈ ${s.frameApproximate}</span>` : nothing}
      <button type="button" aria-pressed=${String(this.mirrored)} aria-keyshortcuts="M" @click=${() => emit(this, 'et-mirror-toggle-request', {})}>${s.mirror}</button>
      <details>
        <summary>${s.momentWindow}</summary>
        <div @change=${this.onWindow}>
          <label>${s.secondsBefore} <input id="before" type="number" min="0" max="60" step="0.5" .value=${String(this.secondsBefore)} /></label>
          <label>${s.secondsAfter} <input id="after" type="number" min="0" max="60" step="0.5" .value=${String(this.secondsAfter)} /></label>
        </div>
      </details>
    </div>`;
  }

  private onWindow = (): void => {
    const read = (id: string) => Number(this.renderRoot.querySelector<HTMLInputElement>(`#${id}`)?.value);
    emit(this, 'et-moment-window-change', { before: read('before'), after: read('after') });
  };
}

defineOnce('et-practice-bar', EtPracticeBar);

declare global {
  interface HTMLElementTagNameMap {
    'et-practice-bar': EtPracticeBar;
  }
}
