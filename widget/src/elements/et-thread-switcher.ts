import { css, html, LitElement, nothing } from 'lit';
import { defineOnce } from '../lib/define-once.ts';
import { emit } from '../lib/events.ts';
import { tokens } from '../lib/shared-styles.ts';
import { format, relativeTime, stringsFor } from '../lib/strings.ts';
import type { ThreadView } from '../lib/types.ts';

/** Those awaiting a reply first, then the most recently active. */
export function orderThreads(threads: readonly ThreadView[]): ThreadView[] {
  return [...threads].sort(
    (a, b) => Number(b.awaiting_reply) - Number(a.awaiting_reply) || b.last_activity_at.localeCompare(a.last_activity_at),
  );
}

/**
 * For an exercise's authors: every student's thread with its name, comment count, unread count and
 * last activity, those awaiting a reply first.
 *
 * @fires et-thread-select - A thread was chosen: `{threadId}`.
 * @csspart switcher - The list of threads.
 * @csspart thread - Each thread's button.
 *
 * @tag et-thread-switcher
 */
export class EtThreadSwitcher extends LitElement {
  static override properties = {
    threads: { attribute: false },
    current: { type: String },
    lang: { type: String },
  };

  declare threads: ThreadView[];
  declare current: string;

  static override styles = [
    tokens,
    css`
      :host {
        display: block;
      }
      h2 {
        font-size: 0.9375rem;
        margin: 0 0 0.35rem;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: flex;
        gap: 0.35rem;
        overflow-x: auto;
        padding-bottom: 0.25rem;
      }
      button {
        display: grid;
        text-align: left;
        gap: 0.1rem;
        min-width: 10rem;
        padding: 0.35rem 0.6rem;
      }
      button[aria-current='true'] {
        border: 2px solid var(--_accent);
      }
      .name {
        font-weight: 600;
      }
      .meta {
        font-size: 0.75rem;
        color: var(--_muted);
      }
      .badge {
        color: var(--_danger);
        font-weight: 600;
      }
    `,
  ];

  constructor() {
    super();
    this.threads = [];
    this.current = '';
  }

  override render() {
    const s = stringsFor(this.lang);
    const lang = this.lang || 'en';
    return html`<nav part="switcher" aria-labelledby="h">
      <h2 id="h">${s.threads}</h2>
      ${this.threads.length
        ? html`<ul>
            ${orderThreads(this.threads).map(
              (t) => html`<li>
                <button part="thread" aria-current=${t.id === this.current ? 'true' : 'false'} @click=${() => emit(this, 'et-thread-select', { threadId: t.id })}>
                  <span class="name">${t.owner.name}</span>
                  <span class="meta">
                    ${format(s.commentCount, { count: t.comment_count })}
                    ${t.unread_count ? html` · <span class="badge">${format(s.unread, { count: t.unread_count })}</span>` : nothing}
                    ${t.awaiting_reply ? html` · <span class="badge">${s.awaitingReply}</span>` : nothing}
                  </span>
                  <span class="meta">${format(s.lastActivity, { when: relativeTime(t.last_activity_at, lang) })}</span>
                </button>
              </li>`,
            )}
          </ul>`
        : html`<p class="meta">${s.noThreads}</p>`}
    </nav>`;
  }
}

defineOnce('et-thread-switcher', EtThreadSwitcher);

declare global {
  interface HTMLElementTagNameMap {
    'et-thread-switcher': EtThreadSwitcher;
  }
}
