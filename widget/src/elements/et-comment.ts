import { html, LitElement, nothing } from 'lit';
import { LocalizeController } from '../controllers/localize-controller.ts';
import { defineOnce } from '../lib/define-once.ts';
import { emit } from '../lib/events.ts';
import { tokens } from '../lib/shared-styles.ts';
import { format, stringsFor } from '../lib/strings.ts';
import { formatSpan } from '../lib/timecode.ts';
import type { DisplayComment } from '../lib/types.ts';
import { styles } from './et-comment.styles.ts';

/**
 * One comment: its timecode (a button that seeks), author, body, and the actions the reader may
 * take. Deleted and hidden comments keep their place with a short notice; a comment still in the
 * outbox shows "Sending…" or its failure with a retry button. Replies are rendered nested.
 *
 * @fires et-seek-request - The timecode was clicked: `{time}`.
 * @fires et-reply-request - Reply was chosen: `{id}`.
 * @fires et-edit-request - An own comment was edited: `{id, body}`.
 * @fires et-delete-request - An own comment is to be deleted: `{id}`.
 * @fires et-report-request - Someone else's comment is reported: `{id, reason}`.
 * @fires et-retry-request - A failed pending comment is to be sent again: `{key}`.
 * @fires et-loop-request - "Loop this range" on a range comment: `{start, end}`.
 * @fires et-moment-play-request - A point comment's play button: `{time}` (the window around it plays).
 * @fires et-comment-focus - Focus entered (`{id}`) or left (`{id: null}`) the comment: its drawing shows meanwhile.
 * @csspart comment - The comment's box.
 * @csspart timecode - The timecode button.
 * @csspart body - The comment's text.
 * @cssproperty --et-color-active - Background of the comment under the playhead.
 * @cssproperty --et-comment-active-background - The comment under the playhead (falls back to --et-color-active).
 * @cssproperty --et-comment-active-border - Its left border (falls back to --et-color-accent).
 * @cssproperty --et-comment-padding - Inside a comment (0.5rem 0.6rem).
 *
 * @tag et-comment
 */
export class EtComment extends LitElement {
  static override properties = {
    comment: { attribute: false },
    replies: { attribute: false },
    me: { type: String },
    active: { type: Boolean, reflect: true },
    canReply: { type: Boolean, attribute: 'can-reply' },
    lang: { type: String },
    mode: { state: true },
    reported: { state: true },
  };

  declare comment: DisplayComment;
  declare replies: DisplayComment[];
  /** The reader's user id: their own comments may be edited and deleted. */
  declare me: string;
  declare active: boolean;
  declare canReply: boolean;
  declare mode: 'view' | 'edit' | 'report' | 'confirm-delete';
  declare reported: boolean;

  static override styles = [tokens, styles];

  constructor() {
    super();
    new LocalizeController(this);
    this.replies = [];
    this.me = '';
    this.active = false;
    this.canReply = true;
    this.mode = 'view';
    this.reported = false;
  }

  override render() {
    const c = this.comment;
    if (!c) return nothing;
    const s = stringsFor(this.lang);
    const own = c.author?.id === this.me || Boolean(c.pending);
    const name = c.author?.name ?? s.erasedAuthor;
    // edited_at moves only with the author's edit: a moderator's hide or unhide is no edit.
    const edited = !c.pending && !c.deleted && Boolean(c.edited_at);
    return html`<article
        part="comment"
        tabindex="-1"
        aria-label=${`${name}, ${formatSpan(c.t_start, c.t_end)}`}
        @focusin=${() => emit(this, 'et-comment-focus', { id: c.id })}
        @focusout=${() => emit(this, 'et-comment-focus', { id: null })}
      >
        <header>
          ${c.parent_id
            ? nothing
            : html`<button
                class="link timecode"
                part="timecode"
                aria-label=${format(s.seekTo, { time: formatSpan(c.t_start, c.t_end) })}
                @click=${() => emit(this, 'et-seek-request', { time: c.t_start })}
              >
                ${formatSpan(c.t_start, c.t_end)}
              </button>`}
          ${c.parent_id ? nothing : this.renderPractice()}
          <span class="author">${name}${own && !c.pending ? html` <span>(${s.you})</span>` : nothing}</span>
          ${c.author?.role === 'instructor' ? html`<span>${s.instructor}</span>` : nothing}
          ${c.pending ? nothing : html`<time datetime=${c.created_at}>${new Date(c.created_at).toLocaleString(this.lang || undefined, { dateStyle: 'short', timeStyle: 'short' })}</time>`}
          ${edited ? html`<span>${s.edited}</span>` : nothing}
          ${c.drawing && c.body !== null ? html`<span>${s.withDrawing}</span>` : nothing}
        </header>
        ${this.renderBody(own)}
        ${this.renderActions(own)}
      </article>
      ${this.replies.length
        ? html`<ol aria-label=${format(s.repliesLabel, { author: name })}>
            ${this.replies.map(
              (r) => html`<li><et-comment .comment=${r} .me=${this.me} .canReply=${false} lang=${this.lang || nothing}></et-comment></li>`,
            )}
          </ol>`
        : nothing}`;
  }

  /** A range loops; a point plays the window around its moment. */
  private renderPractice() {
    const c = this.comment;
    const s = stringsFor(this.lang);
    return c.t_end != null && c.t_end > c.t_start
      ? html`<button class="practice" @click=${() => emit(this, 'et-loop-request', { start: c.t_start, end: c.t_end! })}>${s.loopThisRange}</button>`
      : html`<button class="practice" aria-label=${format(s.playMoment, { time: formatSpan(c.t_start, null) })}
          @click=${() => emit(this, 'et-moment-play-request', { time: c.t_start })}>▶</button>`;
  }

  private renderBody(own: boolean) {
    const c = this.comment;
    const s = stringsFor(this.lang);
    if (c.deleted) return html`<p class="notice">${s.deleted}</p>`;
    if (c.hidden && !own) return html`<p class="notice">${s.hidden}</p>`;
    if (this.mode === 'edit') {
      return html`<form @submit=${this.saveEdit}>
        <label class="visually-hidden" for="edit">${s.edit}</label>
        <textarea id="edit" rows="3" maxlength="5000" .value=${c.body ?? ''} @keydown=${this.onEditKey}></textarea>
        <div class="actions">
          <button class="primary" type="submit">${s.save}</button>
          <button type="button" @click=${() => (this.mode = 'view')}>${s.cancel}</button>
        </div>
      </form>`;
    }
    return html`<p class="body" part="body">${c.body}</p>
      ${c.hidden ? html`<p class="notice">${s.hidden}</p>` : nothing}
      ${c.pending === 'sending' ? html`<p class="notice" role="status">${c.error ? s.offline : s.pending}</p>` : nothing}
      ${c.pending === 'failed' ? html`<p class="notice failed" role="alert">${format(s.failed, { reason: c.error ?? '' })}</p>` : nothing}`;
  }

  private renderActions(own: boolean) {
    const c = this.comment;
    const s = stringsFor(this.lang);
    if (c.pending) {
      return c.pending === 'failed' || c.error
        ? html`<div class="actions"><button class="primary" @click=${() => emit(this, 'et-retry-request', { key: c.outboxKey! })}>${s.retry}</button></div>`
        : nothing;
    }
    if (c.deleted || this.mode === 'edit') return nothing;
    if (this.mode === 'confirm-delete') {
      return html`<div class="actions" role="group" aria-label=${s.confirmDelete}>
        <span>${s.confirmDelete}</span>
        <button class="primary" @click=${this.confirmDelete}>${s.delete}</button>
        <button @click=${() => (this.mode = 'view')}>${s.cancel}</button>
      </div>`;
    }
    if (this.mode === 'report') {
      return html`<form class="actions" @submit=${this.sendReport}>
        <label for="reason">${s.reportReason}</label>
        <textarea id="reason" rows="2" maxlength="1000" required></textarea>
        <button class="primary" type="submit">${s.sendReport}</button>
        <button type="button" @click=${() => (this.mode = 'view')}>${s.cancel}</button>
      </form>`;
    }
    return html`<div class="actions">
      ${this.canReply && !c.parent_id ? html`<button @click=${() => emit(this, 'et-reply-request', { id: c.id })}>${s.reply}</button>` : nothing}
      ${own
        ? html`<button @click=${this.startEdit}>${s.edit}</button><button @click=${() => (this.mode = 'confirm-delete')}>${s.delete}</button>`
        : this.reported
          ? html`<span role="status">${s.reported}</span>`
          : html`<button @click=${this.startReport}>${s.report}</button>`}
    </div>`;
  }

  /** Moves keyboard focus to the comment itself (the list scrolls; the page does not). */
  focusComment(): void {
    this.renderRoot.querySelector<HTMLElement>('article')?.focus({ preventScroll: true });
  }

  private async focusField(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  private startEdit = (): void => {
    this.mode = 'edit';
    void this.focusField('#edit');
  };

  private startReport = (): void => {
    this.mode = 'report';
    void this.focusField('#reason');
  };

  private onEditKey = (e: KeyboardEvent): void => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      (e.currentTarget as HTMLTextAreaElement).form?.requestSubmit();
    } else if (e.key === 'Escape') {
      this.mode = 'view';
    }
  };

  private saveEdit = (e: Event): void => {
    e.preventDefault();
    const body = this.renderRoot.querySelector<HTMLTextAreaElement>('#edit')?.value ?? '';
    if (!body.trim()) return;
    if (body !== this.comment.body) emit(this, 'et-edit-request', { id: this.comment.id, body });
    this.mode = 'view';
  };

  private confirmDelete = (): void => {
    emit(this, 'et-delete-request', { id: this.comment.id });
    this.mode = 'view';
  };

  private sendReport = (e: Event): void => {
    e.preventDefault();
    const reason = this.renderRoot.querySelector<HTMLTextAreaElement>('#reason')?.value.trim() ?? '';
    if (!reason) return;
    emit(this, 'et-report-request', { id: this.comment.id, reason });
    this.mode = 'view';
    this.reported = true;
  };
}

defineOnce('et-comment', EtComment);

declare global {
  interface HTMLElementTagNameMap {
    'et-comment': EtComment;
  }
}
