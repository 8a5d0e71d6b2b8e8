import { html, LitElement, nothing } from 'lit';
import { LocalizeController } from '../controllers/localize-controller.ts';
import { CatalogueController } from '../controllers/catalogue-controller.ts';
import { UploadController } from '../controllers/upload-controller.ts';
import type { ApiClient } from '../lib/api-client.ts';
import { defineOnce } from '../lib/define-once.ts';
import { emit, type EtEventDetails } from '../lib/events.ts';
import { tokens } from '../lib/shared-styles.ts';
import { stringsFor } from '../lib/strings.ts';
import type { PutPart } from '../lib/uploader.ts';
import './et-exercise-list.ts';
import './et-new-exercise.ts';
import { styles } from './et-catalogue.styles.ts';

/**
 * Without `exercise-id`: a learner's catalogue, or an instructor's exercises with the form to
 * create one (and upload its video). Loaded only when shown: most readers open one exercise.
 *
 * @fires et-exercise-select - An exercise was chosen or created: `{id}`.
 * @cssproperty --et-catalogue-gap - Space between the form and the list (1.25rem).
 *
 * @tag et-catalogue
 */
export class EtCatalogue extends LitElement {
  static override properties = {
    api: { attribute: false },
    me: { type: String },
    scope: { type: String },
    instructor: { type: Boolean },
    putPart: { attribute: false },
    processing: { attribute: false },
    lang: { type: String },
  };

  /** The session's API client. */
  declare api: ApiClient | undefined;
  declare me: string;
  /** Where an upload is remembered (the API and the user). */
  declare scope: string;
  declare instructor: boolean;
  declare putPart: PutPart | undefined;
  /** Ids of exercises whose video is still processing (shared with the top element, which clears them). */
  declare processing: Set<string>;

  static override styles = [tokens, styles];

  readonly #catalogue = new CatalogueController(this);
  readonly #upload = new UploadController(this, () => (this.api ? { api: this.api, scope: this.scope, putPart: this.putPart } : undefined));

  constructor() {
    super();
    new LocalizeController(this);
    this.api = undefined;
    this.me = '';
    this.scope = '';
    this.instructor = false;
    this.putPart = undefined;
    this.processing = new Set();
    this.addEventListener('et-exercise-create-request', (e) => void this.#create(e.detail));
    this.addEventListener('et-upload-select', (e) => void this.#upload.start(e.detail.file));
    this.addEventListener('et-upload-resume-request', () => void this.#upload.resume());
  }

  /** Resolves once the list has loaded (or failed). */
  get loaded(): Promise<unknown> {
    return this.#catalogue.list.taskComplete.catch(() => undefined);
  }

  async #create(input: EtEventDetails['et-exercise-create-request']): Promise<void> {
    const ex = await this.#catalogue.create(input);
    if (!ex) return;
    if (ex.source.type === 'upload') this.processing.add(ex.id);
    this.#upload.reset();
    emit(this, 'et-exercise-select', { id: ex.id });
  }

  override render() {
    const s = stringsFor(this.lang);
    const lang = this.lang || nothing;
    const heading = this.instructor ? s.myExercises : s.chooseExercise;
    const list = this.#catalogue.list.render({
      pending: () => html`<p role="status">${s.loading}</p>`,
      error: (error) => html`<div class="error" role="alert">
        ${s.loadFailed} ${error instanceof Error ? error.message : String(error)}
        <button type="button" @click=${() => void this.#catalogue.list.run()}>${s.retry}</button>
      </div>`,
      complete: () => html`<et-exercise-list .exercises=${this.#catalogue.exercises} .processing=${new Set(this.processing)} heading=${heading} lang=${lang}></et-exercise-list>`,
    });
    return html`<section aria-label=${heading}>
      ${this.instructor
        ? html`<et-new-exercise
            .upload=${this.#upload.progress}
            asset-id=${this.#upload.assetId}
            ?busy=${this.#catalogue.creating}
            error=${this.#catalogue.createError}
            lang=${lang}
          ></et-new-exercise>`
        : nothing}
      ${list}
    </section>`;
  }
}

defineOnce('et-catalogue', EtCatalogue);

declare global {
  interface HTMLElementTagNameMap {
    'et-catalogue': EtCatalogue;
  }
}
