import { html, LitElement, nothing } from 'lit';
import { LocalizeController } from '../controllers/localize-controller.ts';
import { defineOnce } from '../lib/define-once.ts';
import { emit } from '../lib/events.ts';
import { tokens } from '../lib/shared-styles.ts';
import { stringsFor } from '../lib/strings.ts';
import type { ExerciseView } from '../lib/types.ts';
import { styles } from './et-exercise-list.styles.ts';

/**
 * A list of exercises to open: an instructor's own, or a learner's catalogue. Those whose
 * uploaded video is still being processed carry a badge (`processing` holds their ids).
 *
 * @fires et-exercise-select - An exercise was chosen: `{id}`.
 * @csspart exercises - The list.
 * @csspart exercise - Each exercise's button.
 * @cssproperty --et-exercise-badge-color - The "processing" badge (falls back to --et-color-muted).
 *
 * @tag et-exercise-list
 */
export class EtExerciseList extends LitElement {
  static override properties = {
    exercises: { attribute: false },
    processing: { attribute: false },
    heading: { type: String },
    lang: { type: String },
  };

  declare exercises: ExerciseView[];
  /** Ids of exercises whose video is not playable yet. */
  declare processing: ReadonlySet<string>;
  declare heading: string;

  static override styles = [tokens, styles];

  constructor() {
    super();
    new LocalizeController(this);
    this.exercises = [];
    this.processing = new Set();
    this.heading = '';
  }

  override render() {
    const s = stringsFor(this.lang);
    return html`<h2>${this.heading || s.exercises}</h2>
      ${this.exercises.length === 0
        ? html`<p>${s.noExercises}</p>`
        : html`<ul part="exercises">
            ${this.exercises.map(
              (ex) => html`<li>
                <button part="exercise" type="button" @click=${() => emit(this, 'et-exercise-select', { id: ex.id })}>
                  <span>${ex.title}</span>
                  ${this.processing.has(ex.id) ? html`<span class="badge">${s.processingBadge}</span>` : nothing}
                </button>
              </li>`,
            )}
          </ul>`}`;
  }
}

defineOnce('et-exercise-list', EtExerciseList);

declare global {
  interface HTMLElementTagNameMap {
    'et-exercise-list': EtExerciseList;
  }
}
