import { html, LitElement, nothing } from 'lit';
import { defineOnce } from '../lib/define-once.ts';
import { emit } from '../lib/events.ts';
import { inboxStringsFor } from '../lib/inbox-strings.ts';
import { tokens } from '../lib/shared-styles.ts';
import type { SnippetView } from '../lib/types.ts';
import { styles } from './et-snippet-picker.styles.ts';

/** The snippets whose title or body holds every word of `query`, any case. */
export function matchSnippets(snippets: readonly SnippetView[], query: string): SnippetView[] {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  return snippets.filter((s) => {
    const text = `${s.title} ${s.body}`.toLocaleLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/**
 * The composer's "Insert snippet": a searchable list of the instructor's snippets (their own and
 * their exercise's). The search field keeps focus; arrows move, Enter inserts, Escape closes.
 *
 * @fires et-snippet-insert - A snippet was chosen: `{body}`.
 * @csspart toggle - The "Insert snippet" button.
 * @csspart panel - The search field and list.
 * @cssproperty --et-snippet-panel-background - The panel (falls back to --et-color-surface).
 *
 * @tag et-snippet-picker
 */
export class EtSnippetPicker extends LitElement {
  static override properties = {
    snippets: { attribute: false },
    lang: { type: String },
    open: { state: true },
    query: { state: true },
    active: { state: true },
  };

  declare snippets: SnippetView[];
  declare open: boolean;
  declare query: string;
  declare active: number;

  static override styles = [tokens, styles];

  constructor() {
    super();
    this.snippets = [];
    this.open = false;
    this.query = '';
    this.active = 0;
  }

  /** Opens the list with the search field focused (the composer's Ctrl+/). */
  async show(): Promise<void> {
    this.open = true;
    this.query = '';
    this.active = 0;
    await this.updateComplete;
    this.renderRoot.querySelector('input')?.focus();
  }

  async hide(): Promise<void> {
    this.open = false;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('button')?.focus();
  }

  private choose(s: SnippetView | undefined): void {
    if (!s) return;
    emit(this, 'et-snippet-insert', { body: s.body });
    this.open = false;
  }

  private onKey(e: KeyboardEvent, found: SnippetView[]): void {
    const moves: Record<string, () => void> = {
      ArrowDown: () => (this.active = Math.min(this.active + 1, found.length - 1)),
      ArrowUp: () => (this.active = Math.max(this.active - 1, 0)),
      Enter: () => this.choose(found[this.active]),
      Escape: () => void this.hide(),
    };
    const move = moves[e.key];
    if (!move) return;
    // Its keys are its own: Enter does not send the comment, Escape does not close the composer.
    e.preventDefault();
    e.stopPropagation();
    move();
  }

  override render() {
    const s = inboxStringsFor(this.lang);
    const found = matchSnippets(this.snippets, this.query);
    const activeId = found[this.active] ? `s-${found[this.active]!.id}` : '';
    return html`<button type="button" part="toggle" aria-haspopup="dialog" aria-expanded=${this.open ? 'true' : 'false'} @click=${() => (this.open ? this.hide() : this.show())}>
        ${s.insertSnippet}
      </button>
      ${this.open
        ? html`<div class="panel" part="panel" role="dialog" aria-label=${s.snippets}>
            <input
              type="search"
              role="combobox"
              aria-label=${s.searchSnippets}
              aria-expanded="true"
              aria-controls="list"
              aria-activedescendant=${activeId}
              .value=${this.query}
              @input=${(e: Event) => {
                this.query = (e.target as HTMLInputElement).value;
                this.active = 0;
              }}
              @keydown=${(e: KeyboardEvent) => this.onKey(e, found)}
            />
            <ul id="list" role="listbox" aria-label=${s.snippets}>
              ${found.map(
                (x, i) => html`<li id=${`s-${x.id}`} role="option" aria-selected=${i === this.active ? 'true' : 'false'} @click=${() => this.choose(x)}>
                  <span class="title">${x.title}</span><span class="body">${x.body}</span>
                </li>`,
              )}
            </ul>
            ${found.length ? nothing : html`<p class="none">${s.noSnippets}</p>`}
          </div>`
        : nothing}`;
  }
}

defineOnce('et-snippet-picker', EtSnippetPicker);

declare global {
  interface HTMLElementTagNameMap {
    'et-snippet-picker': EtSnippetPicker;
  }
}
