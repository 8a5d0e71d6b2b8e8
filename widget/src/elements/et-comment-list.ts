import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { defineOnce } from '../lib/define-once.ts';
import { tokens } from '../lib/shared-styles.ts';
import { stringsFor } from '../lib/strings.ts';
import type { DisplayComment } from '../lib/types.ts';
import './et-comment.ts';
import type { EtComment } from './et-comment.ts';

/** Comments rendered in the first frame; the rest follow in slices so no task runs long. */
const FIRST_SLICE = 80;
const SLICE = 120;
/** After the user scrolls the list, it does not follow the playhead for this long. */
const USER_SCROLL_MS = 4000;
/** One shared empty list: a fresh `[]` per render would re-render every comment on every update. */
const NO_REPLIES: DisplayComment[] = [];

/**
 * The thread's comments in timecode order, replies nested under their comment. The comment under
 * the playhead is highlighted and scrolled into view inside the list (never the host page) unless
 * the user is scrolling it.
 *
 * @csspart list - The scrolling list.
 * @cssproperty --et-list-max-height - Height after which the list scrolls (default 28rem).
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
    limit: { state: true },
  };

  /** Top-level comments in timecode order. */
  declare comments: DisplayComment[];
  /** Replies by parent id. */
  declare replies: Map<string, DisplayComment[]>;
  declare activeId: string;
  declare me: string;
  declare canReply: boolean;
  declare limit: number;

  private userScrollUntil = 0;
  private sliceHandle = 0;

  static override styles = [
    tokens,
    css`
      :host {
        display: block;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0 0.25rem 0 0;
        max-height: var(--et-list-max-height, 28rem);
        overflow-y: auto;
        overscroll-behavior: contain;
        position: relative;
      }
      li + li {
        border-top: 1px solid var(--_border);
      }
      .empty {
        color: var(--_muted);
        padding: 0.5rem 0;
      }
    `,
  ];

  constructor() {
    super();
    this.comments = [];
    this.replies = new Map();
    this.activeId = '';
    this.me = '';
    this.canReply = true;
    this.limit = FIRST_SLICE;
  }

  override render() {
    const s = stringsFor(this.lang);
    if (!this.comments.length) return html`<p class="empty">${s.noComments}</p>`;
    const shown = this.comments.length > this.limit ? this.comments.slice(0, this.limit) : this.comments;
    return html`<ol
      part="list"
      tabindex="0"
      aria-label=${s.comments}
      @wheel=${this.markUserScroll}
      @touchmove=${this.markUserScroll}
      @keydown=${this.onListKey}
    >
      ${repeat(
        shown,
        (c) => c.id,
        (c) => html`<li data-id=${c.id}>
          <et-comment
            .comment=${c}
            .replies=${this.replies.get(c.id) ?? NO_REPLIES}
            .me=${this.me}
            .canReply=${this.canReply}
            ?active=${c.id === this.activeId}
            lang=${this.lang || nothing}
          ></et-comment>
        </li>`,
      )}
    </ol>`;
  }

  /**
   * The playhead moves several times a second: moving the highlight touches two comments directly
   * instead of re-rendering a list that may hold thousands.
   */
  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    if (changed.size === 1 && changed.has('activeId') && this.hasUpdated) {
      const root = this.renderRoot;
      const previous = changed.get('activeId');
      if (previous) root.querySelector<EtComment>(`li[data-id="${CSS.escape(previous)}"] > et-comment`)?.toggleAttribute('active', false);
      if (this.activeId) {
        root.querySelector<EtComment>(`li[data-id="${CSS.escape(this.activeId)}"] > et-comment`)?.toggleAttribute('active', true);
        this.reveal(this.activeId);
      }
      return false;
    }
    return true;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.limit < this.comments.length) {
      cancelAnimationFrame(this.sliceHandle);
      this.sliceHandle = requestAnimationFrame(() => (this.limit += SLICE));
    }
    if (changed.has('activeId') && this.activeId) this.reveal(this.activeId);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.sliceHandle);
  }

  private markUserScroll = (): void => {
    this.userScrollUntil = Date.now() + USER_SCROLL_MS;
  };

  private onListKey = (e: KeyboardEvent): void => {
    if (['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End'].includes(e.key)) this.markUserScroll();
  };

  /** Scrolls the list (not the page) so the comment is visible, unless the user is scrolling. */
  reveal(id: string, force = false): void {
    if (!force && Date.now() < this.userScrollUntil) return;
    const list = this.renderRoot.querySelector('ol');
    const item = list?.querySelector<HTMLElement>(`li[data-id="${CSS.escape(id)}"]`);
    if (!list || !item) return;
    const top = item.offsetTop;
    const bottom = top + item.offsetHeight;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (bottom > list.scrollTop + list.clientHeight) list.scrollTop = bottom - list.clientHeight;
  }
}

defineOnce('et-comment-list', EtCommentList);

declare global {
  interface HTMLElementTagNameMap {
    'et-comment-list': EtCommentList;
  }
}
