import { html, LitElement, nothing, type PropertyValues } from 'lit';
// Keyed rows: a reordered thread keeps its DOM, so focus moves with it rather than staying in place.
import { repeat } from 'lit/directives/repeat.js';
import { defineOnce } from '../lib/define-once.ts';
import { emit } from '../lib/events.ts';
import { inboxStringsFor } from '../lib/inbox-strings.ts';
import { tokens } from '../lib/shared-styles.ts';
import { format, relativeTime } from '../lib/strings.ts';
import type { InboxFilters, InboxItemView, InboxTarget } from '../lib/types.ts';
import { styles } from './et-inbox.styles.ts';

export interface InboxOption {
  id: string;
  title: string;
}

const target = (t: InboxItemView): InboxTarget => ({
  threadId: t.id,
  exerciseId: t.exercise.id,
  commentId: t.oldest_unanswered?.comment_id ?? null,
  time: t.oldest_unanswered?.t_start ?? null,
});

/**
 * The instructor's inbox: every thread of the exercises they author, in the order it is given
 * (the API's: waiting ones first, the longest waiting first). Filters by exercise, course and
 * student; keyboard triage while focus is in the list: `j`/`k` move, `Enter` opens, `r` replies,
 * `e` marks done. The keys stay in the list: nothing reaches the thread view's shortcuts.
 *
 * @fires et-inbox-open-request - Open a thread at its oldest unanswered comment: `InboxTarget`.
 * @fires et-inbox-reply-request - Open a thread to reply: `InboxTarget`.
 * @fires et-inbox-done-request - Mark a thread done: `{threadId}`.
 * @fires et-inbox-filter-change - The filters changed: `{exercise_id, context_id, q}`.
 * @fires et-inbox-more-request - The next page is wanted.
 * @csspart filters - The filter controls.
 * @csspart list - The list of threads.
 * @csspart item - Each thread's button.
 * @csspart done - Each thread's "Mark done" button.
 * @cssproperty --et-inbox-badge-color - Unread and waiting badges (falls back to --et-color-danger).
 * @cssproperty --et-inbox-active-background - The row the keys act on (falls back to --et-color-subtle).
 *
 * @tag et-inbox
 */
export class EtInbox extends LitElement {
  static override properties = {
    items: { attribute: false },
    exercises: { attribute: false },
    courses: { attribute: false },
    filters: { attribute: false },
    hasMore: { type: Boolean, attribute: 'has-more' },
    lang: { type: String },
    active: { state: true },
  };

  declare items: InboxItemView[];
  declare exercises: InboxOption[];
  declare courses: InboxOption[];
  declare filters: InboxFilters;
  declare hasMore: boolean;
  /** The thread the keys act on (kept by id, so a live reorder does not move the reader). */
  declare active: string | null;

  static override styles = [tokens, styles];

  private nameTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.items = [];
    this.exercises = [];
    this.courses = [];
    this.filters = {};
    this.hasMore = false;
    this.active = null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.nameTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('items') && (!this.active || !this.items.some((t) => t.id === this.active))) {
      this.active = this.items[0]?.id ?? null;
    }
  }

  /** Moves the keys' row to a thread and focuses its button. */
  async focusThread(id: string): Promise<void> {
    this.active = id;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>(`button.open[data-id="${CSS.escape(id)}"]`)?.focus();
  }

  private onKey(e: KeyboardEvent): void {
    if (e.ctrlKey || e.metaKey || e.altKey || !this.items.length) return;
    const at = Math.max(0, this.items.findIndex((t) => t.id === this.active));
    const item = this.items[at]!;
    const act: Record<string, () => void> = {
      j: () => void this.focusThread(this.items[Math.min(at + 1, this.items.length - 1)]!.id),
      k: () => void this.focusThread(this.items[Math.max(at - 1, 0)]!.id),
      r: () => emit(this, 'et-inbox-reply-request', target(item)),
      e: () => emit(this, 'et-inbox-done-request', { threadId: item.id }),
    };
    const run = act[e.key];
    if (!run) return;
    // The list's keys are its own: the thread view's shortcuts (k plays there) never see them.
    e.preventDefault();
    e.stopPropagation();
    run();
  }

  private change(patch: Partial<InboxFilters>): void {
    this.filters = { ...this.filters, ...patch };
    emit(this, 'et-inbox-filter-change', this.filters);
  }

  private onName(e: Event): void {
    const q = (e.target as HTMLInputElement).value.trim();
    clearTimeout(this.nameTimer);
    // Typing a name asks once it pauses, not once a key.
    this.nameTimer = setTimeout(() => this.change({ q: q || undefined }), 250);
  }

  private renderItem(t: InboxItemView, lang: string) {
    const s = inboxStringsFor(lang);
    const id = `t-${t.id}`;
    const last = t.last_message;
    return html`<li ?data-active=${t.id === this.active}>
      <div class="row">
        <button
          class="open"
          part="item"
          data-id=${t.id}
          tabindex=${t.id === this.active ? 0 : -1}
          aria-describedby=${`${id}-meta ${id}-excerpt`}
          @focus=${() => (this.active = t.id)}
          @click=${() => emit(this, 'et-inbox-open-request', target(t))}
        >
          <span class="who">${t.owner.name}</span>, ${t.exercise.title}
        </button>
        <span class="meta" id=${`${id}-meta`}>
          ${t.awaiting_since ? html`<span class="badge">${format(s.awaitingSince, { when: relativeTime(t.awaiting_since, lang) })}</span>` : nothing}
          ${t.unread_count ? html`<span class="badge">${format(s.unread, { count: t.unread_count })}</span>` : nothing}
        </span>
        <span class="excerpt" id=${`${id}-excerpt`}>
          ${last ? format(s.lastMessage, { author: last.author.name, excerpt: last.excerpt ?? s.withheld }) : s.noMessage}
        </span>
      </div>
      ${t.awaiting_reply
        ? html`<button class="done" part="done" tabindex=${t.id === this.active ? 0 : -1} aria-describedby=${`${id}-meta`} @click=${() => emit(this, 'et-inbox-done-request', { threadId: t.id })}>
            ${s.markDone}
          </button>`
        : nothing}
    </li>`;
  }

  override render() {
    const lang = this.lang || 'en';
    const s = inboxStringsFor(lang);
    return html`<section aria-labelledby="h">
      <h2 id="h">${s.inbox}</h2>
      <div class="filters" part="filters">
        <label
          ><span>${s.exercise}</span>
          <select @change=${(e: Event) => this.change({ exercise_id: (e.target as HTMLSelectElement).value || undefined })}>
            <option value="">${s.allExercises}</option>
            ${this.exercises.map((x) => html`<option value=${x.id} ?selected=${x.id === this.filters.exercise_id}>${x.title}</option>`)}
          </select>
        </label>
        <label
          ><span>${s.course}</span>
          <select @change=${(e: Event) => this.change({ context_id: (e.target as HTMLSelectElement).value || undefined })}>
            <option value="">${s.allCourses}</option>
            ${this.courses.map((x) => html`<option value=${x.id} ?selected=${x.id === this.filters.context_id}>${x.title}</option>`)}
          </select>
        </label>
        <label><span>${s.student}</span> <input type="search" .value=${this.filters.q ?? ''} @input=${this.onName} /></label>
      </div>
      <p class="hint" id="hint">${s.triageHint}</p>
      ${this.items.length
        ? html`<ul part="list" aria-label=${s.inbox} aria-describedby="hint" @keydown=${this.onKey}>
            ${repeat(this.items, (t) => t.id, (t) => this.renderItem(t, lang))}
          </ul>`
        : html`<p class="meta">${s.empty}</p>`}
      ${this.hasMore ? html`<button @click=${() => emit(this, 'et-inbox-more-request', {})}>${s.loadMore}</button>` : nothing}
    </section>`;
  }
}

defineOnce('et-inbox', EtInbox);

declare global {
  interface HTMLElementTagNameMap {
    'et-inbox': EtInbox;
  }
}
