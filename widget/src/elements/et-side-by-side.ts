import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { LocalizeController } from '../controllers/localize-controller.ts';
import { SyncController } from '../controllers/sync-controller.ts';
import { defineOnce } from '../lib/define-once.ts';
import type { ShownDrawing } from '../lib/drawing.ts';
import { emit } from '../lib/events.ts';
import { tokens } from '../lib/shared-styles.ts';
import { sideBySideStringsFor, signedOffset } from '../lib/side-by-side-strings.ts';
import { format } from '../lib/strings.ts';
import { formatTimecode } from '../lib/timecode.ts';
import type { AttemptSource, AttemptView } from '../lib/types.ts';
import { FALLBACK_FPS, YOUTUBE_API_URL, type PlayerAdapter, type SourceKind } from '../players/player.ts';
import type { EtVideoSurface } from './et-video-surface.ts';
import { pressedToggle } from './et-practice-bar.styles.ts';
import { styles } from './et-side-by-side.styles.ts';
import './et-video-surface.ts';

type Side = 'model' | 'attempt';

/**
 * The model and one attempt together, synchronised: the model leads and the attempt follows at
 * `model time + sync offset` (see SyncController). It stands in for the single video surface: the
 * top element and its practice controller drive `player` (play, pause, seek, speed, loop, frame
 * steps reach both), and its time updates are the model's. While paused, each side moves on its
 * own (its frame buttons, its native controls); "Set sync point" asks to save the attempt's time
 * minus the model's. Each side mirrors on its own; comments go to the side last used, shown on it
 * and in the "New comments go to" choice. Side by side on a wide box, stacked on a narrow one.
 * It asks the network nothing: the top element's controllers resolve the attempt's playback
 * (`attemptSource`) and save the sync point; it gets their results as properties.
 *
 * @slot - Drawn over the model's picture: the drawing editor.
 * @fires et-side-attempt-select - "Beside the model" chose another attempt: `{id}`.
 * @fires et-sync-point-request - "Set sync point": `{attemptId, offset}` to save (the pair follows the offset at once).
 * @fires et-attempt-reload-request - The attempt's URL expired, or its "Try again" was pressed: resolve its playback again.
 * @fires et-comment-target-change - The side new comments go to: `{target}` ('model' or 'attempt').
 * @fires et-mirror-toggle-request - "Mirror model" (the practice controller keeps the model's mirror).
 * @fires et-time-update - The model's time, as the single surface reports it.
 * @fires et-attempt-time-update - The attempt's time: `{currentTime}` (a comment on the attempt is anchored there).
 * @csspart side - Each side's box (a `figure`); the one comments go to has `data-target`.
 * @csspart sync - The bar under both sides.
 * @cssproperty --et-practice-pressed-background - A pressed toggle (falls back to --et-color-accent).
 * @cssproperty --et-practice-pressed-color - A pressed toggle's text (falls back to --et-color-on-accent).
 *
 * @tag et-side-by-side
 */
export class EtSideBySide extends LitElement {
  static override properties = {
    kind: { type: String },
    src: { type: String },
    youtubeId: { type: String, attribute: 'youtube-id' },
    youtubeApiUrl: { type: String, attribute: 'youtube-api-url' },
    poster: { type: String },
    label: { type: String },
    lang: { type: String },
    retries: { type: Number },
    modelFrameRate: { attribute: false },
    modelMirrored: { type: Boolean, attribute: 'model-mirrored' },
    drawings: { attribute: false },
    attempts: { attribute: false },
    attempt: { attribute: false },
    attemptSource: { attribute: false },
    attemptError: { type: String, attribute: 'attempt-error' },
    attemptReloads: { type: Number, attribute: 'attempt-reloads' },
    offset: { type: Number },
    saving: { type: Boolean },
    target: { type: String },
    attemptMirrored: { state: true },
  };

  declare kind: SourceKind;
  declare src: string;
  declare youtubeId: string;
  declare youtubeApiUrl: string;
  declare poster: string;
  declare label: string;
  /** The model surface's `attempt` (bumped by "Try again"). */
  declare retries: number;
  declare modelFrameRate: number | null;
  declare modelMirrored: boolean;
  declare drawings: ShownDrawing[];
  /** The thread's attempts, oldest first (kept current live): "Beside the model" lists them. */
  declare attempts: readonly AttemptView[];
  /** The attempt beside the model. */
  declare attempt: AttemptView | undefined;
  /** What the attempt's side plays, once resolved for `attempt`. */
  declare attemptSource: AttemptSource | undefined;
  /** Why the attempt cannot play ('' : it can, or is being resolved). */
  declare attemptError: string;
  /** Bumped when the attempt's playback is resolved again (its player is rebuilt). */
  declare attemptReloads: number;
  /** The sync offset (seconds, attempt minus model): the attempt's, or the one being saved. */
  declare offset: number;
  /** A sync point is being saved. */
  declare saving: boolean;
  /** The side new comments go to. */
  declare target: Side;
  private declare attemptMirrored: boolean;

  static override styles = [tokens, pressedToggle, styles];

  readonly sync = new SyncController(this);

  constructor() {
    super();
    new LocalizeController(this);
    this.kind = 'file';
    this.src = this.youtubeId = this.poster = this.label = this.attemptError = '';
    this.youtubeApiUrl = YOUTUBE_API_URL;
    this.retries = this.attemptReloads = this.offset = 0;
    this.modelFrameRate = null;
    this.modelMirrored = this.attemptMirrored = this.saving = false;
    this.drawings = [];
    this.attempts = [];
    this.attempt = this.attemptSource = undefined;
    this.target = 'model';
    // Both surfaces report through here: the pair follows new players; only the model's time goes up.
    this.addEventListener('et-time-update', () => {
      this.#pair();
      this.requestUpdate();
    });
  }

  get #model(): EtVideoSurface | null {
    return this.renderRoot.querySelector('et-video-surface.model');
  }
  get #attempt(): EtVideoSurface | null {
    return this.renderRoot.querySelector('et-video-surface.attempt');
  }

  #pair(): void {
    const l = this.#model?.player;
    const f = this.#attempt?.player;
    if (l !== this.sync.leader || f !== this.sync.follower) this.sync.attach(l, f);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another attempt, a saved or refused sync point, a change from elsewhere: the pair follows.
    if (changed.has('offset') && this.offset !== this.sync.offset) this.sync.setOffset(this.offset);
  }

  /** The pair as one player (what the practice controller and the top element drive). */
  get player(): PlayerAdapter | undefined {
    return this.#model?.player ? this.sync.player : undefined;
  }
  get ready(): Promise<PlayerAdapter | undefined> {
    return (this.#model?.ready ?? Promise.resolve(undefined)).then((p) => (p ? this.sync.player : undefined));
  }
  get pictureAspect(): number {
    return this.#model?.pictureAspect ?? 16 / 9;
  }
  renewSource(src: string): void {
    this.#model?.renewSource(src);
  }
  seek(seconds: number): void {
    this.sync.player.seek(seconds);
  }
  play(): Promise<void> {
    return this.sync.player.play().catch(() => undefined);
  }
  pause(): void {
    this.sync.player.pause();
  }
  get paused(): boolean {
    return this.sync.player.paused;
  }
  get currentTime(): number {
    return this.sync.player.currentTime;
  }

  #choose(target: Side): void {
    if (target !== this.target) emit(this, 'et-comment-target-change', { target });
  }

  #step(side: Side, direction: 1 | -1): void {
    // One side alone: the other stays where it is (to find the sync point).
    const p = (side === 'model' ? this.#model : this.#attempt)?.player;
    const fps = (side === 'model' ? this.modelFrameRate : this.attemptSource?.frameRate) ?? FALLBACK_FPS;
    this.#choose(side);
    if (side === 'model') this.sync.follower?.pause();
    void p?.stepFrame(direction, fps).then(() => this.requestUpdate());
  }

  #setSyncPoint(): void {
    const l = this.sync.leader;
    const f = this.sync.follower;
    if (!l || !f || !this.attempt) return;
    l.pause();
    f.pause();
    const offset = Math.round((f.currentTime - l.currentTime) * 1000) / 1000;
    // The pair holds it at once; a refusal comes back as the saved `offset` again.
    this.sync.setOffset(offset);
    emit(this, 'et-sync-point-request', { attemptId: this.attempt.id, offset });
  }

  /** The attempt's own events stay here: its time is not the thread's, its failures are its own. */
  #attemptEvents = {
    time: (e: CustomEvent<{ currentTime: number }>) => {
      e.stopPropagation();
      emit(this, 'et-attempt-time-update', { currentTime: e.detail.currentTime });
      this.#pair();
      this.requestUpdate();
    },
    stop: (e: Event) => e.stopPropagation(),
    reload: (e: Event) => {
      e.stopPropagation();
      emit(this, 'et-attempt-reload-request', {});
    },
  };

  override render() {
    const s = sideBySideStringsFor(this.lang);
    const lang = this.lang || nothing;
    const a = this.attempt;
    const attemptName = a ? format(s.attempt, { number: a.number }) : '';
    const names: Record<Side, string> = { model: s.model, attempt: attemptName };
    const side = (which: Side, surface: unknown) => html`<figure
      part="side"
      class="side"
      ?data-target=${this.target === which}
      @pointerdown=${() => this.#choose(which)}
      @focusin=${() => this.#choose(which)}
    >
      <figcaption>
        <span class="name">${names[which]}</span>
        <span class="time">${formatTimecode((which === 'model' ? this.#model : this.#attempt)?.currentTime ?? 0)}</span>
        ${this.target === which ? html`<span class="badge">${s.commentingHere}</span>` : nothing}
      </figcaption>
      ${surface}
      <div class="steps">
        <button type="button" @click=${() => this.#step(which, -1)}>${format(s.previousFrameOf, { side: names[which] })}</button>
        <button type="button" @click=${() => this.#step(which, 1)}>${format(s.nextFrameOf, { side: names[which] })}</button>
      </div>
    </figure>`;
    const p = this.attemptSource;
    return html`<div class="pair" role="group" aria-label=${s.region}>
        ${side(
          'model',
          html`<et-video-surface
            class="model"
            exportparts="video, failure"
            kind=${this.kind}
            src=${this.src}
            youtube-id=${this.youtubeId}
            poster=${this.poster}
            youtube-api-url=${this.youtubeApiUrl}
            .attempt=${this.retries}
            ?mirrored=${this.modelMirrored}
            .drawings=${this.drawings}
            label=${this.label}
            lang=${lang}
            ><slot></slot
          ></et-video-surface>`,
        )}
        ${side(
          'attempt',
          p
            ? html`<et-video-surface
                class="attempt"
                kind=${p.kind}
                src=${p.src}
                .attempt=${this.attemptReloads}
                ?mirrored=${this.attemptMirrored}
                label=${attemptName}
                lang=${lang}
                @et-time-update=${this.#attemptEvents.time}
                @et-playback-failed=${this.#attemptEvents.stop}
                @et-source-expired=${this.#attemptEvents.reload}
                @et-playback-retry-request=${this.#attemptEvents.reload}
              ></et-video-surface>`
            : this.attemptError
              ? html`<div class="pending" role="alert">${this.attemptError}</div>`
              : html`<div class="pending" role="status">${s.loadingAttempt}</div>`,
        )}
      </div>
      <div class="sync" part="sync">
        <button type="button" aria-pressed=${String(this.modelMirrored)} @click=${() => emit(this, 'et-mirror-toggle-request', {})}>${s.mirrorModel}</button>
        <button type="button" aria-pressed=${String(this.attemptMirrored)} @click=${() => (this.attemptMirrored = !this.attemptMirrored)}>${s.mirrorAttempt}</button>
        <label
          >${s.besideModel}
          <select @change=${(e: Event) => emit(this, 'et-side-attempt-select', { id: (e.target as HTMLSelectElement).value })}>
            ${this.attempts.map(
              (x) => html`<option value=${x.id} ?selected=${x.id === a?.id} ?disabled=${!x.playable}>${format(x.playable ? s.attempt : x.status === 'failed' ? s.attemptFailed : s.attemptProcessing, { number: x.number })}</option>`,
            )}
          </select></label
        >
        <button type="button" ?disabled=${!p || this.saving} aria-describedby="sync-hint" @click=${() => this.#setSyncPoint()}>
          ${s.setSyncPoint}
        </button>
        <span class="offset">${format(s.offset, { offset: signedOffset(this.offset) })}</span>
        <fieldset class="target">
          <legend>${s.commentsOn}</legend>
          ${(['model', 'attempt'] as const).map(
            (which) =>
              html`<label
                ><input type="radio" name="target" value=${which} .checked=${this.target === which} @change=${() => this.#choose(which)} />${names[which]}</label
              >`,
          )}
        </fieldset>
        <p id="sync-hint" class="hint">${s.syncHint}</p>
      </div>`;
  }
}

/** What the top element hands the view: data only (its controllers did the asking). */
export interface SideBySideData {
  /** The model's playback, as the single surface would play it. */
  model: { kind: SourceKind; src: string; youtubeId: string; poster: string; frameRate: number | null };
  attempts: readonly AttemptView[];
  attempt: AttemptView | undefined;
  source: AttemptSource | undefined;
  error: string;
  reloads: number;
  offset: number;
  saving: boolean;
  target: Side;
  retries: number;
  label: string;
  youtubeApiUrl: string;
  lang: string;
  mirrored: boolean;
  drawings: ShownDrawing[];
  editor: TemplateResult | typeof nothing;
}

/** The view in place of the single video: what the top element renders when side by side is open. */
export function renderSideBySide(d: SideBySideData) {
  const m = d.model;
  return html`<et-side-by-side exportparts="video, failure" kind=${m.kind} src=${m.src} youtube-id=${m.youtubeId} poster=${m.poster}
    youtube-api-url=${d.youtubeApiUrl} .retries=${d.retries} .modelFrameRate=${m.frameRate} ?model-mirrored=${d.mirrored} .drawings=${d.drawings}
    .attempts=${d.attempts} .attempt=${d.attempt} .attemptSource=${d.source} attempt-error=${d.error} .attemptReloads=${d.reloads}
    .offset=${d.offset} ?saving=${d.saving} target=${d.target} label=${d.label} lang=${d.lang || nothing}>${d.editor}</et-side-by-side>`;
}

defineOnce('et-side-by-side', EtSideBySide);

declare global {
  interface HTMLElementTagNameMap {
    'et-side-by-side': EtSideBySide;
  }
}
