import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { LocalizeController } from '../controllers/localize-controller.ts';
import { attemptStringsFor, type AttemptStrings } from '../lib/attempt-strings.ts';
import { mayDelete, type AttemptDeleteRefusal } from '../lib/attempts.ts';
import { defineOnce } from '../lib/define-once.ts';
import { emit } from '../lib/events.ts';
import { tokens } from '../lib/shared-styles.ts';
import { format } from '../lib/strings.ts';
import type { CommentTree } from '../lib/comment-order.ts';
import type { AttemptView, DisplayComment, UploadProgress } from '../lib/types.ts';
import { styles } from './et-attempt-delete.styles.ts';

/**
 * The thread owner's "Delete attempt", for the attempt shown (a lazy chunk, with the recorder's
 * strings). It shows only while the API would delete the attempt: no author has commented on it
 * (its `feedback_at`, or an author's comment in `comments`), and it is not the take still being
 * sent from this page. It asks first, saying what goes with the attempt (its video and the comments
 * on it, counted), and Escape or "Cancel" leaves everything as it was; "Delete" asks the top
 * element, which sends the request. While it is on its way the confirmation shows "Deleting…". A
 * refusal it is given is said as an alert (alone once the attempt may no longer be deleted).
 *
 * @fires et-attempt-delete-request - "Delete" confirmed: `{id}` of the attempt.
 * @csspart button - The "Delete attempt" button (named "Delete attempt 2").
 * @csspart confirm - The confirmation's "Delete" button.
 *
 * @tag et-attempt-delete
 */
export class EtAttemptDelete extends LitElement {
  static override properties = {
    attempt: { attribute: false },
    comments: { attribute: false },
    owner: { type: String },
    progress: { attribute: false },
    busy: { type: Boolean },
    refusal: { attribute: false },
    lang: { type: String },
    confirming: { state: true },
  };

  /** The attempt shown. */
  declare attempt: AttemptView | undefined;
  /** The comments on the attempt, as listed: counted (they go with it); an author's among them hides the control. */
  declare comments: CommentTree;
  /** The thread owner's user id. */
  declare owner: string;
  /** The owner's take on its way from this page, if any: a pending attempt is not offered while it is sent. */
  declare progress: UploadProgress | undefined;
  /** Its deletion is on its way. */
  declare busy: boolean;
  /** Why the last deletion was refused (shown when it is this attempt's). */
  declare refusal: AttemptDeleteRefusal | undefined;
  private declare confirming: boolean;

  static override styles = [tokens, styles];

  constructor() {
    super();
    new LocalizeController(this);
    this.attempt = this.refusal = this.progress = undefined;
    this.comments = { roots: [], replies: new Map() };
    this.owner = '';
    this.busy = this.confirming = false;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const before = changed.get('attempt');
    // Another attempt, or the request answered with a refusal: the question is closed.
    if ((before && before.id !== this.attempt?.id) || (changed.get('busy') && !this.busy)) this.confirming = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    // A refusal takes the focus when the control it came from is gone (it was refused for good).
    if (changed.get('busy') && !this.busy) void this.#focus(this.#deletable ? '[part="button"]' : '.refusal');
  }

  get #onAttempt(): DisplayComment[] {
    return [...this.comments.roots, ...[...this.comments.replies.values()].flat()];
  }

  /** The API would delete it now; not the take this page is still sending (its upload would fail). */
  get #deletable(): boolean {
    const a = this.attempt;
    const sending = this.progress?.state === 'uploading' || this.progress?.state === 'paused';
    return Boolean(a && !(sending && a.status === 'pending') && mayDelete(a, this.#onAttempt, this.owner));
  }

  override render() {
    const a = this.attempt;
    if (!a) return nothing;
    const s = attemptStringsFor(this.lang);
    const r = this.refusal?.id === a.id ? this.refusal : undefined;
    const alert = r ? html`<p class="refusal" role="alert" tabindex="-1">${this.#refused(s, r, a.number)}</p>` : nothing;
    if (!this.#deletable) return alert;
    if (!this.confirming) {
      return html`<button part="button" aria-label=${format(s.deleteAttemptN, { n: a.number })} @click=${this.#ask}>${s.deleteAttempt}</button>${alert}`;
    }
    const count = this.#onAttempt.filter((c) => !c.deleted).length;
    const question = format(count === 0 ? s.confirmNone : count === 1 ? s.confirmOne : s.confirmOther, { n: a.number, count });
    return html`<div class="confirm" role="group" aria-labelledby="question" @keydown=${this.#onKey}>
      <p id="question">${question}</p>
      <button class="danger" part="confirm" ?disabled=${this.busy} @click=${this.#confirm}>${this.busy ? s.deleting : s.confirmDelete}</button>
      <button id="cancel" ?disabled=${this.busy} @click=${this.#cancel}>${s.cancel}</button>
    </div>`;
  }

  #refused(s: AttemptStrings, r: AttemptDeleteRefusal, n: number): string {
    if (r.code === 'attempt-has-feedback') return format(s.refusedFeedback, { n });
    if (r.code === 'forbidden') return format(s.refusedForbidden, { n });
    return format(s.deleteFailed, { n, reason: r.message });
  }

  async #focus(selector: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(selector)?.focus();
  }

  // The question opens on "Cancel": a second Enter does not delete.
  #ask = (): void => {
    this.confirming = true;
    void this.#focus('#cancel');
  };

  #cancel = (): void => {
    this.confirming = false;
    void this.#focus('[part="button"]');
  };

  #confirm = (): void => {
    if (this.attempt) emit(this, 'et-attempt-delete-request', { id: this.attempt.id });
  };

  #onKey = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape' || this.busy) return;
    // Escape closes the question, not whatever the page does with it.
    e.stopPropagation();
    this.#cancel();
  };
}

defineOnce('et-attempt-delete', EtAttemptDelete);

declare global {
  interface HTMLElementTagNameMap {
    'et-attempt-delete': EtAttemptDelete;
  }
}
