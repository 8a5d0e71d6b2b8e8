import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { LocalizeController } from '../controllers/localize-controller.ts';
import { defineOnce } from '../lib/define-once.ts';
import { emit } from '../lib/events.ts';
import { tokens } from '../lib/shared-styles.ts';
import { format, stringsFor } from '../lib/strings.ts';
import { formatTimecode, roundMs } from '../lib/timecode.ts';
import type { DisplayComment, Drawing, MarkerView, SnippetView } from '../lib/types.ts';
import { styles } from './et-composer.styles.ts';

/**
 * Writes a comment at the playhead: "Comment at 01:23" follows the video until the user types,
 * then stays put. In and out points make it a range (buttons here; `I` and `O` through
 * `markIn()` / `markOut()`, which the top element calls). For an author given `snippets` and
 * `markers`: "Insert snippet" (`Ctrl+/` in the text field) and a group "Markers" of toggle buttons,
 * whose choice is sent with the comment (`et-snippet-picker` and `et-marker-picker`, loaded by the host).
 *
 * "Draw" asks for the drawing editor over the paused frame (`et-draw-request`); the owner hands the
 * saved drawing back through `attachDrawing()`, and it is sent with the comment, whose text is its
 * text alternative.
 *
 * @fires et-submit-request - The user sends: `{body, t_start, t_end, parent_id, drawing?}`.
 * @fires et-draw-request - "Draw" was pressed: open the drawing editor.
 * @fires et-typing - The draft changed: `{empty}` (the top element may pause the video).
 * @fires et-range-change - The in or out point changed: `{start, end}` (the timeline shows it).
 * @fires et-reply-cancel - The user stopped replying (the button, Escape, or the reply was sent).
 * @csspart composer - The form.
 * @csspart textarea - The text field.
 * @csspart send - The send button.
 * @cssproperty --et-composer-field-background - The text field (falls back to --et-color-surface).
 * @cssproperty --et-composer-field-border - The text field's border (falls back to --et-color-border).
 *
 * @tag et-composer
 */
export class EtComposer extends LitElement {
  static override properties = {
    currentTime: { type: Number, attribute: 'current-time' },
    replyTo: { attribute: false },
    snippets: { attribute: false },
    markers: { attribute: false },
    markerIds: { state: true },
    disabled: { type: Boolean },
    lang: { type: String },
    body: { state: true },
    anchor: { state: true },
    rangeStart: { state: true },
    rangeEnd: { state: true },
    drawing: { state: true },
  };

  declare currentTime: number;
  /** The comment being answered, if any. */
  declare replyTo: DisplayComment | null;
  declare disabled: boolean;
  /** An author's snippets; undefined offers no "Insert snippet". */
  declare snippets: SnippetView[] | undefined;
  /** The markers an author may attach; undefined offers no "Markers". */
  declare markers: MarkerView[] | undefined;
  /** The markers chosen for the comment being written. */
  declare markerIds: string[];
  declare body: string;
  /** Where the comment is anchored once the user started typing; null follows the playhead. */
  declare anchor: number | null;
  declare rangeStart: number | null;
  declare rangeEnd: number | null;
  /** The drawing to send with the comment, if any. */
  declare drawing: Drawing | null;

  static override styles = [tokens, styles];

  constructor() {
    super();
    new LocalizeController(this);
    this.currentTime = 0;
    this.replyTo = null;
    this.snippets = this.markers = undefined;
    this.markerIds = [];
    this.disabled = false;
    this.body = '';
    this.anchor = null;
    this.rangeStart = null;
    this.rangeEnd = null;
    this.drawing = null;
  }

  /** A drawing saved in the editor: sent with the comment, which stays at the drawn frame. */
  attachDrawing(drawing: Drawing | null): void {
    this.drawing = drawing;
    if (drawing && this.anchor == null) this.anchor = this.currentTime;
  }

  /** Where the comment will be anchored now. */
  get start(): number {
    return this.rangeStart ?? this.anchor ?? this.currentTime;
  }

  get end(): number | null {
    return this.rangeStart != null && this.rangeEnd != null && this.rangeEnd > this.rangeStart ? this.rangeEnd : null;
  }

  markIn(time = this.currentTime): void {
    this.rangeStart = time;
    if (this.rangeEnd != null && this.rangeEnd < time) this.rangeEnd = null;
  }

  markOut(time = this.currentTime): void {
    if (this.rangeStart == null) this.rangeStart = this.anchor ?? 0;
    if (time < this.rangeStart) [this.rangeStart, time] = [time, this.rangeStart];
    this.rangeEnd = time;
  }

  clearRange(): void {
    this.rangeStart = null;
    this.rangeEnd = null;
  }

  /** Back from the drawing editor: focus returns to "Draw". */
  focusDraw(): void {
    this.renderRoot.querySelector<HTMLElement>('button.draw')?.focus();
  }

  override focus(): void {
    this.renderRoot.querySelector('textarea')?.focus();
  }

  override render() {
    const s = stringsFor(this.lang);
    const reply = this.replyTo;
    const end = this.end;
    const label = reply
      ? format(s.replyingTo, { author: reply.author?.name ?? s.erasedAuthor })
      : end != null
        ? format(s.commentRange, { start: formatTimecode(this.start), end: formatTimecode(end) })
        : format(s.commentAt, { time: formatTimecode(this.start) });
    return html`<form part="composer" @submit=${this.onSubmit}>
      <div class="head">
        <label for="body">${label}</label>
        ${reply
          ? html`<button type="button" @click=${this.cancelReply}>${s.cancelReply}</button>`
          : html`<button type="button" aria-keyshortcuts="I" @click=${() => this.markIn()}>${s.markIn}</button>
              <button type="button" aria-keyshortcuts="O" @click=${() => this.markOut()}>${s.markOut}</button>
              ${this.rangeStart != null ? html`<button type="button" @click=${() => this.clearRange()}>${s.clearRange}</button>` : nothing}`}
        <button type="button" class="draw" aria-describedby=${this.drawing ? 'drawn' : nothing} @click=${() => emit(this, 'et-draw-request', {})}>${s.draw}</button>
        ${this.drawing
          ? html`<span id="drawn">${s.drawingAttached}</span>
              <button type="button" @click=${() => (this.drawing = null)}>${s.removeDrawing}</button>`
          : nothing}
      </div>
      <textarea
        id="body"
        part="textarea"
        maxlength="5000"
        .value=${this.body}
        ?disabled=${this.disabled}
        aria-describedby="hint"
        @input=${this.onInput}
        @keydown=${this.onKey}
      ></textarea>
      ${this.snippets || this.markers?.length
        ? html`<div class="bank" @et-snippet-insert=${this.onSnippet} @et-markers-change=${this.onMarkers}>
            ${this.snippets ? html`<et-snippet-picker .snippets=${this.snippets} lang=${this.lang || nothing}></et-snippet-picker>` : nothing}
            ${this.markers?.length ? html`<et-marker-picker .markers=${this.markers} .selected=${this.markerIds} lang=${this.lang || nothing}></et-marker-picker>` : nothing}
          </div>`
        : nothing}
      <div class="foot">
        <span id="hint">${s.sendHint}</span>
        <button class="primary" part="send" type="submit" ?disabled=${this.disabled || !this.body.trim()}>${s.send}</button>
      </div>
    </form>`;
  }

  private onInput = (e: Event): void => {
    this.body = (e.target as HTMLTextAreaElement).value;
    // The first keystroke pins the comment to where the video was.
    if (this.body && this.anchor == null) this.anchor = this.currentTime;
    if (!this.body.trim() && this.rangeStart == null && !this.drawing) this.anchor = null;
    emit(this, 'et-typing', { empty: !this.body.trim() });
  };

  private onKey = (e: KeyboardEvent): void => {
    if (e.key === '/' && (e.ctrlKey || e.metaKey) && this.snippets) {
      e.preventDefault();
      void this.renderRoot.querySelector('et-snippet-picker')?.show();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      this.submit();
    } else if (e.key === 'Escape' && this.replyTo) {
      e.preventDefault();
      this.cancelReply();
    }
  };

  /** A chosen snippet goes in at the caret (replacing a selection), and typing goes on after it. */
  private onSnippet = (e: CustomEvent<{ body: string }>): void => {
    e.stopPropagation();
    const field = this.renderRoot.querySelector('textarea');
    const [from, to] = field ? [field.selectionStart, field.selectionEnd] : [this.body.length, this.body.length];
    this.body = this.body.slice(0, from) + e.detail.body + this.body.slice(to);
    if (this.anchor == null) this.anchor = this.currentTime;
    emit(this, 'et-typing', { empty: !this.body.trim() });
    void this.updateComplete.then(() => {
      if (!field) return;
      field.focus();
      field.setSelectionRange(from + e.detail.body.length, from + e.detail.body.length);
    });
  };

  private onMarkers = (e: CustomEvent<{ ids: string[] }>): void => {
    e.stopPropagation();
    this.markerIds = e.detail.ids;
  };

  private onSubmit = (e: Event): void => {
    e.preventDefault();
    this.submit();
  };

  private cancelReply = (): void => {
    this.replyTo = null;
    emit(this, 'et-reply-cancel', {});
  };

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('rangeStart') || changed.has('rangeEnd')) emit(this, 'et-range-change', { start: this.rangeStart, end: this.rangeEnd });
  }

  submit(): void {
    const body = this.body;
    if (!body.trim() || this.disabled) return;
    const reply = this.replyTo;
    emit(this, 'et-submit-request', {
      body,
      t_start: roundMs(reply ? reply.t_start : this.start),
      t_end: reply ? null : this.end == null ? null : roundMs(this.end),
      parent_id: reply?.id ?? null,
      ...(this.drawing && { drawing: this.drawing }),
      ...(this.markerIds.length
        ? { marker_ids: this.markerIds, markers: (this.markers ?? []).filter((m) => this.markerIds.includes(m.id)).map(({ id, label, color }) => ({ id, label, color })) }
        : {}),
    });
    this.markerIds = [];
    this.body = '';
    this.drawing = null;
    this.anchor = null;
    this.clearRange();
    if (reply) this.cancelReply();
  }
}

defineOnce('et-composer', EtComposer);

declare global {
  interface HTMLElementTagNameMap {
    'et-composer': EtComposer;
  }
}
