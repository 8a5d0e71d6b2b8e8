import type { VirtualizerHostElement } from '@lit-labs/virtualizer/virtualize.js';
import { LocalizeController } from '../controllers/localize-controller.ts';
import { html, LitElement, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { defineOnce } from '../lib/define-once.ts';
import { tokens } from '../lib/shared-styles.ts';
import { stringsFor } from '../lib/strings.ts';
import type { DisplayComment } from '../lib/types.ts';
import './et-comment.ts';
import type { EtComment } from './et-comment.ts';
import { styles } from './et-comment-list.styles.ts';

/**
 * From this many comments on, only those near the visible part of the list are in the DOM (each
 * comment is an element with its own shadow root: thousands of them make every style and layout
 * pass long). Below it every comment is rendered, and the list shrinks to fit a short thread.
 */
export const WINDOW_FROM = 60;
/** After the user scrolls the list, it does not follow the playhead for this long. */
const USER_SCROLL_MS = 4000;
/** One shared empty list: a fresh `[]` per render would re-render every comment on every update. */
const NO_REPLIES: DisplayComment[] = [];
const keyOf = (c: DisplayComment) => c.id;

/**
 * `@lit-labs/virtualizer` (about 8 KB gzip) is fetched the first time a thread is long enough to
 * need it, like hls.js: most threads are short, and the widget's entry stays within its budget.
 */
type Windowing = {
  virtualize: typeof import('@lit-labs/virtualizer/virtualize.js').virtualize;
  virtualizerRef: typeof import('@lit-labs/virtualizer/virtualize.js').virtualizerRef;
  /** Given explicitly, so the virtualizer does not fetch its default layout with another import. */
  layout: ReturnType<typeof import('@lit-labs/virtualizer/layouts/flow.js').flow>;
};
let windowing: Windowing | undefined;
let windowingLoad: Promise<Windowing> | undefined;
function loadWindowing(): Promise<Windowing> {
  windowingLoad ??= Promise.all([import('@lit-labs/virtualizer/virtualize.js'), import('@lit-labs/virtualizer/layouts/flow.js')]).then(
    ([v, f]) => (windowing = { virtualize: v.virtualize, virtualizerRef: v.virtualizerRef, layout: f.flow() }),
  );
  return windowingLoad;
}

/**
 * The thread's comments in timecode order, replies nested under their comment. The comment under
 * the playhead is highlighted and scrolled into view inside the list (never the host page) unless
 * the user is scrolling it or moving through it with the keyboard. A long thread is windowed with
 * `@lit-labs/virtualizer`: each item then carries `aria-posinset`/`aria-setsize`, so screen readers
 * still announce its place in the whole thread. Arrow Down/Up on the list move focus from comment
 * to comment (starting at the one under the playhead), scrolling the list as they go.
 *
 * @csspart list - The scrolling list.
 * @cssproperty --et-list-max-height - Height after which the list scrolls (default 28rem); a long
 *   (windowed) thread's list is always this tall.
 * @cssproperty --et-list-divider-color - Between comments (falls back to --et-color-border).
 *
 * @tag et-comment-list
 */
export class EtCommentList extends LitElement {
  static override properties = {
    comments: { attribute: false },
    replies: { attribute: false },
    activeId: { type: String, attribute: 'active-id' },
    me: { type: String },
    canReply: { type: Boolean, attribute: 'can-reply' },
    lang: { type: String },
  };

  /** Top-level comments in timecode order. */
  declare comments: DisplayComment[];
  /** Replies by parent id. */
  declare replies: Map<string, DisplayComment[]>;
  declare activeId: string;
  declare me: string;
  declare canReply: boolean;

  private userScrollUntil = 0;
  private indexFor: { comments: DisplayComment[]; index: Map<string, number> } | null = null;

  static override styles = [tokens, styles];

  constructor() {
    super();
    new LocalizeController(this);
    this.comments = [];
    this.replies = new Map();
    this.activeId = '';
    this.me = '';
    this.canReply = true;
  }

  /** Whether only a window of the comments is in the DOM. */
  get windowed(): boolean {
    return this.comments.length >= WINDOW_FROM;
  }

  override render() {
    const s = stringsFor(this.lang);
    if (!this.comments.length) return html`<p class="empty">${s.noComments}</p>`;
    const w = this.windowed ? windowing : undefined;
    if (this.windowed && !w) void this.loadWindowing();
    // Two templates, so switching mode replaces the <ol> with the virtualizer's inline styles.
    // Until the virtualizer has loaded, a long thread shows its first comments.
    return w
      ? html`<ol
          part="list"
          class="windowed"
          tabindex="0"
          aria-label=${s.comments}
          @wheel=${this.markUserScroll}
          @touchmove=${this.markUserScroll}
          @keydown=${this.onListKey}
        >
          ${w.virtualize({ items: this.comments, keyFunction: keyOf, renderItem: this.renderItem, scroller: true, layout: w.layout })}
        </ol>`
      : html`<ol
          part="list"
          tabindex="0"
          aria-label=${s.comments}
          @wheel=${this.markUserScroll}
          @touchmove=${this.markUserScroll}
          @keydown=${this.onListKey}
        >
          ${repeat(this.windowed ? this.comments.slice(0, WINDOW_FROM) : this.comments, keyOf, this.renderItem)}
        </ol>`;
  }

  private renderItem = (c: DisplayComment, i: number) =>
    html`<li data-id=${c.id} aria-posinset=${i + 1} aria-setsize=${this.comments.length}>
      <et-comment
        .comment=${c}
        .replies=${this.replies.get(c.id) ?? NO_REPLIES}
        .me=${this.me}
        .canReply=${this.canReply}
        ?active=${c.id === this.activeId}
        lang=${this.lang || nothing}
      ></et-comment>
    </li>`;

  /**
   * The playhead moves several times a second: moving the highlight touches two comments directly
   * instead of re-rendering the list.
   */
  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    if (changed.size === 1 && changed.has('activeId') && this.hasUpdated) {
      const previous = changed.get('activeId');
      if (previous) this.commentEl(previous)?.toggleAttribute('active', false);
      if (this.activeId) {
        this.commentEl(this.activeId)?.toggleAttribute('active', true);
        this.reveal(this.activeId);
      }
      return false;
    }
    return true;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('activeId') && this.activeId) this.reveal(this.activeId);
  }

  /** Resolves once a long thread is windowed (for a short one, at once). */
  async whenWindowed(): Promise<void> {
    if (this.windowed) await this.loadWindowing();
    await this.updateComplete;
  }

  private windowingReady: Promise<void> | undefined;
  private loadWindowing(): Promise<void> {
    this.windowingReady ??= loadWindowing().then(async () => {
      this.requestUpdate();
      await this.updateComplete;
      // The comment under the playhead may lie past the first comments shown while loading.
      if (this.activeId) this.reveal(this.activeId);
    });
    return this.windowingReady;
  }

  private get listEl(): (HTMLOListElement & VirtualizerHostElement) | null {
    return this.renderRoot.querySelector('ol');
  }

  private commentEl(id: string): EtComment | null {
    return this.renderRoot.querySelector<EtComment>(`li[data-id="${CSS.escape(id)}"] > et-comment`);
  }

  /** Position of a top-level comment, from an index built once per comments array. */
  private indexOf(id: string): number {
    if (this.indexFor?.comments !== this.comments) {
      this.indexFor = { comments: this.comments, index: new Map(this.comments.map((c, i) => [c.id, i])) };
    }
    return this.indexFor.index.get(id) ?? -1;
  }

  private markUserScroll = (): void => {
    this.userScrollUntil = Date.now() + USER_SCROLL_MS;
  };

  /** The element that has keyboard focus inside one of the comments, if any. */
  private focusedInComment(): Element | null {
    let el: Element | null = (this.renderRoot as ShadowRoot).activeElement;
    if (!el || el.localName !== 'et-comment') return null;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el;
  }

  private onListKey = (e: KeyboardEvent): void => {
    const target = e.composedPath()[0] as Element;
    const inField = target.localName === 'textarea' || target.localName === 'input';
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && !inField && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      const host = (this.renderRoot as ShadowRoot).activeElement;
      const from = host?.localName === 'et-comment' ? this.indexOf((host as EtComment).comment.id) : -1;
      const next =
        from < 0 ? Math.max(0, this.indexOf(this.activeId)) : Math.min(this.comments.length - 1, Math.max(0, from + (e.key === 'ArrowDown' ? 1 : -1)));
      void this.focusComment(this.comments[next]!.id);
    } else if (['PageUp', 'PageDown', 'Home', 'End'].includes(e.key) && !inField) {
      this.markUserScroll();
      // The list scrolls far: a focused comment would leave the window, and focus the page with it.
      if (this.focusedInComment()) this.listEl?.focus({ preventScroll: true });
    }
  };

  /**
   * Moves keyboard focus to a comment, scrolling the list (not the page) to it first if it is
   * outside the rendered window.
   */
  async focusComment(id: string): Promise<void> {
    this.reveal(id, true);
    let el = this.commentEl(id);
    // Out of the window: the virtualizer renders it within a frame or two of the scroll.
    for (let i = 0; !el && i < 10; i++) {
      await new Promise((r) => requestAnimationFrame(r));
      el = this.commentEl(id);
    }
    if (!el) return;
    await el.updateComplete;
    this.reveal(id, true);
    el.focusComment();
  }

  /**
   * Scrolls the list (not the page) so the comment is visible, unless the user is scrolling or
   * moving through the comments with the keyboard.
   */
  reveal(id: string, force = false): void {
    if (!force && (Date.now() < this.userScrollUntil || this.focusedInComment()?.matches(':focus-visible'))) return;
    const list = this.listEl;
    if (!list) return;
    const item = list.querySelector<HTMLElement>(`li[data-id="${CSS.escape(id)}"]`);
    if (item) {
      // Windowed items are placed with transforms: compare boxes, not offsets.
      const view = list.getBoundingClientRect();
      const top = view.top + list.clientTop;
      const box = item.getBoundingClientRect();
      if (box.top < top) list.scrollTop += box.top - top;
      else if (box.bottom > top + list.clientHeight) list.scrollTop += Math.min(box.bottom - (top + list.clientHeight), box.top - top);
      return;
    }
    const index = this.indexOf(id);
    // The virtualizer's own scrollIntoView scrolls only the list for items it has not rendered.
    if (index >= 0 && windowing) list[windowing.virtualizerRef]?.element(index)?.scrollIntoView({ block: 'nearest' });
  }
}

defineOnce('et-comment-list', EtCommentList);

declare global {
  interface HTMLElementTagNameMap {
    'et-comment-list': EtCommentList;
  }
}
