import { html, LitElement, nothing } from 'lit';
import { LocalizeController } from '../controllers/localize-controller.ts';
import { defineOnce } from '../lib/define-once.ts';
import { emit } from '../lib/events.ts';
import { tokens } from '../lib/shared-styles.ts';
import { format, stringsFor } from '../lib/strings.ts';
import type { UploadProgress } from '../lib/types.ts';
import { styles } from './et-upload.styles.ts';

/**
 * A video upload's face: the file picker, a progress bar while the parts go up, and a resume
 * button when the connection dropped. It uploads nothing itself: it asks, and shows the
 * `progress` it is given.
 *
 * @fires et-upload-select - A file was picked: `{file}`.
 * @fires et-upload-resume-request - The user asks to resume a stopped upload.
 * @csspart picker - The file input.
 * @csspart progress - The progress bar.
 * @csspart resume - The resume button.
 * @cssproperty --et-upload-bar-height - The progress bar's height (0.6rem).
 * @cssproperty --et-upload-bar-color - The progress bar (falls back to --et-color-accent).
 *
 * @tag et-upload
 */
export class EtUpload extends LitElement {
  static override properties = {
    progress: { attribute: false },
    accept: { type: String },
    disabled: { type: Boolean },
    lang: { type: String },
  };

  /** Where the upload stands; `undefined` before a file is picked. */
  declare progress: UploadProgress | undefined;
  /** The file types offered by the picker. */
  declare accept: string;
  declare disabled: boolean;

  static override styles = [tokens, styles];

  constructor() {
    super();
    new LocalizeController(this);
    this.progress = undefined;
    this.accept = 'video/*';
    this.disabled = false;
  }

  private onChange = (e: Event): void => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) emit(this, 'et-upload-select', { file });
  };

  override render() {
    const s = stringsFor(this.lang);
    const p = this.progress;
    const busy = p?.state === 'uploading';
    const percent = p && p.total > 0 ? Math.floor((p.loaded / p.total) * 100) : 0;
    const text = !p
      ? ''
      : p.state === 'done'
        ? format(s.uploaded, { name: p.fileName })
        : p.state === 'paused'
          ? format(s.uploadPaused, { reason: p.error ?? '' })
          : format(s.uploading, { name: p.fileName, percent });
    return html`<label
        >${s.videoFile}
        <input part="picker" type="file" accept=${this.accept} ?disabled=${this.disabled || busy} @change=${this.onChange}
      /></label>
      ${p
        ? html`<progress part="progress" max=${p.total} .value=${p.loaded} aria-label=${format(s.uploadLabel, { name: p.fileName })}></progress>
            <p class="status ${p.state}" role=${p.state === 'paused' ? 'alert' : p.state === 'done' ? 'status' : nothing}>${text}</p>`
        : nothing}
      ${p?.state === 'paused'
        ? html`<button part="resume" type="button" @click=${() => emit(this, 'et-upload-resume-request', {})}>${s.resumeUpload}</button>`
        : nothing}`;
  }
}

defineOnce('et-upload', EtUpload);

declare global {
  interface HTMLElementTagNameMap {
    'et-upload': EtUpload;
  }
}
