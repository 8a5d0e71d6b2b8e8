import { css, html, LitElement, nothing } from 'lit';
import { defineOnce } from '../lib/define-once.ts';
import { emit } from '../lib/events.ts';
import { tokens } from '../lib/shared-styles.ts';
import { format, stringsFor } from '../lib/strings.ts';
import type { NotificationPreferences } from '../lib/types.ts';

export type PreferencesStatus = 'idle' | 'saving' | 'saved' | 'failed';

/**
 * The reader's email settings: reply emails for everyone, the digest of threads awaiting reply for
 * exercise authors. It shows what it is given and asks for changes; the top element saves them.
 *
 * @fires et-preferences-change-request - A setting was changed: `{reply_emails}` or `{digest}`.
 * @csspart preferences - The fieldset.
 * @cssprop --et-preferences-gap - Space between the settings (default 0.5rem).
 *
 * @tag et-notification-preferences
 */
export class EtNotificationPreferences extends LitElement {
  static override properties = {
    preferences: { attribute: false },
    digestAvailable: { type: Boolean, attribute: 'digest-available' },
    status: { type: String },
    error: { type: String },
    lang: { type: String },
  };

  declare preferences: NotificationPreferences | null;
  /** Whether to offer the digest (exercise authors). */
  declare digestAvailable: boolean;
  declare status: PreferencesStatus;
  /** Why the last save failed, shown with `status="failed"`. */
  declare error: string;

  static override styles = [
    tokens,
    css`
      :host {
        display: block;
      }
      fieldset {
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        margin: 0;
        padding: 0.5rem 0.75rem 0.75rem;
        display: grid;
        gap: var(--et-preferences-gap, 0.5rem);
      }
      legend {
        font-weight: 600;
        padding: 0 0.25rem;
      }
      label {
        display: flex;
        gap: 0.5rem;
        align-items: center;
      }
      .hint,
      .status {
        font-size: 0.8125rem;
        color: var(--_muted);
        margin: 0;
      }
      .status.failed {
        color: var(--_danger);
      }
      select {
        font: inherit;
        color: var(--_fg);
        background: var(--_bg);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        padding: 0.2rem 0.4rem;
      }
    `,
  ];

  constructor() {
    super();
    this.preferences = null;
    this.digestAvailable = false;
    this.status = 'idle';
    this.error = '';
  }

  private statusText(): string {
    const s = stringsFor(this.lang);
    if (this.status === 'saving') return s.preferencesSaving;
    if (this.status === 'saved') return s.preferencesSaved;
    if (this.status === 'failed') return format(s.preferencesFailed, { reason: this.error });
    return '';
  }

  override render() {
    const s = stringsFor(this.lang);
    const p = this.preferences;
    const busy = !p || this.status === 'saving';
    return html`<fieldset part="preferences" aria-busy=${busy ? 'true' : 'false'}>
      <legend>${s.emailSettings}</legend>
      <label>
        <input
          type="checkbox"
          aria-describedby="reply-hint"
          .checked=${p?.reply_emails ?? false}
          ?disabled=${busy}
          @change=${(e: Event) => emit(this, 'et-preferences-change-request', { reply_emails: (e.target as HTMLInputElement).checked })}
        />
        ${s.replyEmails}
      </label>
      <p class="hint" id="reply-hint">${s.replyEmailsHint}</p>
      ${this.digestAvailable
        ? html`<label>
            ${s.digest}
            <select
              ?disabled=${busy}
              @change=${(e: Event) => emit(this, 'et-preferences-change-request', { digest: (e.target as HTMLSelectElement).value as NotificationPreferences['digest'] })}
            >
              ${(['daily', 'weekly', 'off'] as const).map(
                (d) => html`<option value=${d} ?selected=${p?.digest === d}>${{ daily: s.digestDaily, weekly: s.digestWeekly, off: s.digestOff }[d]}</option>`,
              )}
            </select>
          </label>`
        : nothing}
      <p class="status ${this.status}" role="status">${this.statusText()}</p>
    </fieldset>`;
  }
}

defineOnce('et-notification-preferences', EtNotificationPreferences);

declare global {
  interface HTMLElementTagNameMap {
    'et-notification-preferences': EtNotificationPreferences;
  }
}
