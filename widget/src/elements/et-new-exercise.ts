import { html, LitElement, nothing } from 'lit';
import { LocalizeController } from '../controllers/localize-controller.ts';
import './et-upload.ts';
import { defineOnce } from '../lib/define-once.ts';
import { emit } from '../lib/events.ts';
import { tokens } from '../lib/shared-styles.ts';
import { format, stringsFor } from '../lib/strings.ts';
import type { UploadProgress } from '../lib/types.ts';
import { styles } from './et-new-exercise.styles.ts';

type SourceChoice = 'youtube' | 'url' | 'upload';

/**
 * The instructor's new-exercise form: title, description, and the video from a YouTube URL, a
 * video URL, or an uploaded file (through `<et-upload>`, whose progress it passes down). With an
 * upload, it can be sent once the file is up (`asset-id` set); the video is processed afterwards.
 *
 * @fires et-exercise-create-request - The form was sent: `{title, description, source}`.
 * @fires et-upload-select - (from `<et-upload>`) A file was picked: `{file}`.
 * @fires et-upload-resume-request - (from `<et-upload>`) Resume a stopped upload.
 * @csspart form - The form.
 * @csspart create - The submit button.
 * @cssproperty --et-form-error-color - Why creating failed (falls back to --et-color-danger).
 *
 * @tag et-new-exercise
 */
export class EtNewExercise extends LitElement {
  static override properties = {
    upload: { attribute: false },
    assetId: { type: String, attribute: 'asset-id' },
    busy: { type: Boolean },
    error: { type: String },
    lang: { type: String },
    choice: { state: true },
  };

  /** The upload's progress, from the top element. */
  declare upload: UploadProgress | undefined;
  /** The uploaded file's media asset, once complete. */
  declare assetId: string;
  /** Creating: the form waits. */
  declare busy: boolean;
  /** Why the last attempt failed. */
  declare error: string;
  declare choice: SourceChoice;

  static override styles = [tokens, styles];

  constructor() {
    super();
    new LocalizeController(this);
    this.upload = undefined;
    this.assetId = '';
    this.busy = false;
    this.error = '';
    this.choice = 'upload';
  }

  private onSubmit = (e: SubmitEvent): void => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const title = String(data.get('title') ?? '').trim();
    const description = String(data.get('description') ?? '');
    if (!title) return;
    if (this.choice === 'upload') {
      if (!this.assetId) return;
      emit(this, 'et-exercise-create-request', { title, description, source: { type: 'upload', media_asset_id: this.assetId } });
    } else {
      const url = String(data.get('url') ?? '').trim();
      if (!url) return;
      emit(this, 'et-exercise-create-request', { title, description, source: { type: this.choice, url } });
    }
  };

  override render() {
    const s = stringsFor(this.lang);
    const choices: [SourceChoice, string][] = [
      ['upload', s.sourceUpload],
      ['youtube', s.sourceYoutube],
      ['url', s.sourceUrl],
    ];
    const waiting = this.choice === 'upload' && !this.assetId;
    return html`<form part="form" @submit=${this.onSubmit} aria-labelledby="heading">
      <h2 id="heading">${s.newExercise}</h2>
      <label>${s.title}<input type="text" name="title" required maxlength="200" /></label>
      <label>${s.description}<textarea name="description" rows="2" maxlength="5000"></textarea></label>
      <fieldset>
        <legend>${s.source}</legend>
        ${choices.map(
          ([value, label]) => html`<label
            ><input type="radio" name="source" value=${value} .checked=${this.choice === value} @change=${() => (this.choice = value)} />${label}</label
          >`,
        )}
      </fieldset>
      ${this.choice === 'upload'
        ? html`<et-upload .progress=${this.upload} lang=${this.lang || nothing}></et-upload>`
        : html`<label>${this.choice === 'youtube' ? s.sourceYoutube : s.sourceUrl}<input type="url" name="url" required /></label>`}
      ${this.error ? html`<p class="error" role="alert">${format(s.createFailed, { reason: this.error })}</p>` : nothing}
      <button part="create" class="primary" type="submit" ?disabled=${this.busy || waiting}>${this.busy ? s.creating : s.create}</button>
    </form>`;
  }
}

defineOnce('et-new-exercise', EtNewExercise);

declare global {
  interface HTMLElementTagNameMap {
    'et-new-exercise': EtNewExercise;
  }
}
