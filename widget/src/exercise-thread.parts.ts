import { html, nothing, type TemplateResult } from 'lit';
import type { ShownDrawing } from './lib/drawing.ts';
import type { Playback } from './controllers/playback-controller.ts';
import type { SessionController } from './controllers/session-controller.ts';
import type { PutPart } from './lib/uploader.ts';
import type { EtEventDetails } from './lib/events.ts';
import { format, stringsFor, type Strings } from './lib/strings.ts';
import type { AttemptDeleteRefusal } from './lib/attempts.ts';
import type { CommentTree } from './lib/comment-order.ts';
import type { AttemptView, ExerciseView, UploadProgress } from './lib/types.ts';

export type Ev<K extends keyof EtEventDetails> = CustomEvent<EtEventDetails[K]>;

/** Without `exercise-id`: the catalogue, a lazy element of its own. */
export function renderCatalogue(session: SessionController, putPart: PutPart | undefined, processing: Set<string>, lang: string) {
  return html`<et-catalogue .api=${session.api} me=${session.me} scope=${session.scope} ?instructor=${session.instructor}
    .putPart=${putPart} .processing=${processing} lang=${lang || nothing}></et-catalogue>`;
}

/** The exercise or its thread could not be loaded: why, and a retry of what failed. */
export function renderError(s: Strings, error: unknown, retry: () => void) {
  return html`<div class="error" role="alert">
    ${s.loadFailed} ${error instanceof Error ? error.message : String(error)} <button @click=${retry}>${s.retry}</button>
  </div>`;
}

/** The video surface, or what stands in its place while the video is not playable; drawings and the drawing editor lie over its picture. */
export function renderPlayer(
  pb: Playback,
  attempt: number,
  ex: ExerciseView,
  youtubeApiUrl: string,
  lang: string,
  mirrored = false,
  over: { drawings: ShownDrawing[]; editor: TemplateResult | typeof nothing } = { drawings: [], editor: nothing },
) {
  const s = stringsFor(lang);
  if (pb.state === 'play') {
    return html`<et-video-surface
      exportparts="video, failure"
      kind=${pb.kind}
      src=${pb.src}
      youtube-id=${pb.youtubeId}
      poster=${pb.poster}
      youtube-api-url=${youtubeApiUrl}
      .attempt=${attempt}
      ?mirrored=${mirrored}
      .drawings=${over.drawings}
      label=${`${s.video}: ${ex.title}`}
      lang=${lang || nothing}
      >${over.editor}</et-video-surface
    >`;
  }
  return html`<div class="pending-video" part="video">
    ${pb.state === 'processing'
      ? html`<p role="status">${s.processing}</p>`
      : pb.state === 'failed'
        ? html`<p role="alert">${format(s.processingFailed, { reason: pb.reason })}</p>`
        : html`<p>${s.loading}</p>`}
  </div>`;
}

/** Pause-on-type and the list of keyboard shortcuts. */
export function renderTools(s: Strings, pauseOnType: boolean, setPauseOnType: (on: boolean) => void) {
  return html`<div class="tools">
    <label
      ><input type="checkbox" .checked=${pauseOnType} @change=${(e: Event) => setPauseOnType((e.target as HTMLInputElement).checked)} />${s.pauseOnType}</label
    >
    <details>
      <summary>${s.shortcuts}</summary>
      <dl>
        <dt><kbd>Space</kbd> / <kbd>K</kbd></dt>
        <dd>${s.shortcutPlay}</dd>
        <dt><kbd>←</kbd> <kbd>→</kbd></dt>
        <dd>${s.shortcutStep}</dd>
        <dt><kbd>Shift</kbd>+<kbd>←</kbd> <kbd>Shift</kbd>+<kbd>→</kbd></dt>
        <dd>${s.shortcutStepLong}</dd>
        <dt><kbd>I</kbd></dt>
        <dd>${s.shortcutIn}</dd>
        <dt><kbd>O</kbd></dt>
        <dd>${s.shortcutOut}</dd>
        <dt><kbd>L</kbd></dt>
        <dd>${s.shortcutLoop}</dd>
        <dt><kbd>&lt;</kbd> <kbd>&gt;</kbd></dt>
        <dd>${s.shortcutSpeed}</dd>
        <dt><kbd>,</kbd> <kbd>.</kbd></dt>
        <dd>${s.shortcutFrame}</dd>
        <dt><kbd>M</kbd></dt>
        <dd>${s.shortcutMirror}</dd>
        <dt><kbd>Ctrl</kbd>+<kbd>Enter</kbd></dt>
        <dd>${s.shortcutSend}</dd>
        <dt><kbd>?</kbd></dt>
        <dd>${s.shortcutHelp}</dd>
      </dl>
    </details>
  </div>`;
}

/** For the thread's owner: the recorder's data, and the "Delete attempt" control's for the attempt shown. */
export interface OwnerTools {
  maxSeconds: number;
  progress: UploadProgress | undefined;
  refusal: string;
  lang: string;
  /** The comments on the target shown and the thread's owner (et-attempt-delete counts and weighs them), the deletion on its way and the last refusal. */
  comments: CommentTree;
  owner: string;
  deleting: string;
  deleteRefusal: AttemptDeleteRefusal | undefined;
}

/**
 * The "Attempt" select (the model, then each attempt; the player, list and timeline follow it),
 * the chosen attempt's processing status, and for the thread's owner "Delete attempt" beside it and
 * the recorder (both lazy chunks).
 */
export function renderAttempts(s: Strings, attempts: readonly AttemptView[], target: string, select: (id: string) => void, owner: OwnerTools | undefined) {
  const current = attempts.find((a) => a.id === target);
  const status = !current
    ? ''
    : current.status === 'pending'
      ? s.attemptUploading
      : current.status === 'failed'
        ? s.attemptFailed
        : current.status === 'ready'
          ? ''
          : s.attemptProcessing;
  return html`${attempts.length
      ? html`<div class="attempts">
          <label
            >${s.attempt}
            <select @change=${(e: Event) => select((e.target as HTMLSelectElement).value)}>
              <option value="" ?selected=${!current}>${s.modelVideo}</option>
              ${attempts.map((a) => html`<option value=${a.id} ?selected=${a.id === target}>${format(s.attemptN, { n: a.number })}</option>`)}
            </select></label
          >
          <span class="attempt-status" role="status">${status && format(status, { n: current!.number })}</span>
          ${owner && current
            ? html`<et-attempt-delete exportparts="button: attempt-delete, confirm: attempt-delete-confirm" .attempt=${current} .comments=${owner.comments}
                owner=${owner.owner} .progress=${owner.progress} ?busy=${owner.deleting === current.id} .refusal=${owner.deleteRefusal} lang=${owner.lang || nothing}></et-attempt-delete>`
            : nothing}
        </div>`
      : nothing}
    ${owner
      ? html`<et-attempt-recorder max-seconds=${owner.maxSeconds} .progress=${owner.progress} refusal=${owner.refusal} lang=${owner.lang || nothing}></et-attempt-recorder>`
      : nothing}`;
}
