import { html, LitElement, nothing } from 'lit';
import { LocalizeController } from '../controllers/localize-controller.ts';
import { defineOnce } from '../lib/define-once.ts';
import { emit } from '../lib/events.ts';
import { tokens } from '../lib/shared-styles.ts';
import { format, plural, relativeTime, stringsFor } from '../lib/strings.ts';
import { rosterStringsFor } from '../lib/roster-strings.ts';
import { orderThreads } from '../lib/thread-order.ts';
import type { RosterLearnerView, ThreadView } from '../lib/types.ts';
import { styles } from './et-thread-switcher.styles.ts';

export { orderThreads };

/**
 * For an exercise's authors: every student's thread with its name, comment count, unread count and
 * last activity, those awaiting a reply first; then the course's learners (the LMS roster) who have
 * not started, each "not started" and not openable (only a learner starts their thread).
 *
 * @fires et-thread-select - A thread was chosen: `{threadId}`.
 * @csspart switcher - The list of threads.
 * @csspart thread - Each thread's button.
 * @csspart not-started - A course learner who has not started (not a button: only they start their thread).
 * @cssproperty --et-switcher-current-border - The open thread's border (falls back to --et-color-accent).
 * @cssproperty --et-switcher-badge-color - Unread and awaiting-reply badges (falls back to --et-color-danger).
 *
 * @tag et-thread-switcher
 */
export class EtThreadSwitcher extends LitElement {
  static override properties = {
    threads: { attribute: false },
    roster: { attribute: false },
    current: { type: String },
    lang: { type: String },
  };

  declare threads: ThreadView[];
  /** The course roster (`GET /exercises/:id/roster`): its learners without a thread here are listed after the threads. */
  declare roster: RosterLearnerView[];
  declare current: string;

  static override styles = [tokens, styles];

  constructor() {
    super();
    new LocalizeController(this);
    this.threads = [];
    this.roster = [];
    this.current = '';
  }

  override render() {
    const s = stringsFor(this.lang);
    const lang = this.lang || 'en';
    const r = rosterStringsFor(this.lang);
    const known = new Set(this.threads.map((t) => t.id));
    // Learners whose thread is newer than the list first (they open), then those who have not started.
    const others = this.roster.filter((l) => l.thread_id && !known.has(l.thread_id)).concat(this.roster.filter((l) => !l.thread_id));
    return html`<nav part="switcher" aria-labelledby="h">
      <h2 id="h">${s.threads}</h2>
      ${this.threads.length || others.length
        ? html`<ul>
            ${orderThreads(this.threads).map(
              (t) => html`<li>
                <button part="thread" aria-current=${t.id === this.current ? 'true' : 'false'} @click=${() => emit(this, 'et-thread-select', { threadId: t.id })}>
                  <span class="name">${t.owner.name}</span>
                  <span class="meta">
                    ${plural(this.lang, 'commentCount', t.comment_count)}
                    ${t.unread_count ? html` · <span class="badge">${plural(this.lang, 'unread', t.unread_count)}</span>` : nothing}
                    ${t.awaiting_reply ? html` · <span class="badge">${s.awaitingReply}</span>` : nothing}
                  </span>
                  <span class="meta">${format(s.lastActivity, { when: relativeTime(t.last_activity_at, lang) })}</span>
                </button>
              </li>`,
            )}
            ${others.map((l) => {
              const threadId = l.thread_id;
              const name = html`<span class="name">${l.name ?? r.unnamed}</span>`;
              return threadId
                ? html`<li>
                    <button part="thread" aria-current=${threadId === this.current ? 'true' : 'false'} @click=${() => emit(this, 'et-thread-select', { threadId })}>
                      ${name} <span class="meta">${r.startedSince}</span>
                    </button>
                  </li>`
                : html`<li part="not-started" class="not-started">${name} <span class="meta">${r.notStarted}</span></li>`;
            })}
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
