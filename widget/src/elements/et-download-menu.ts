import { html, LitElement, nothing } from 'lit';
import { LocalizeController } from '../controllers/localize-controller.ts';
import { defineOnce } from '../lib/define-once.ts';
import { emit, type ExportFormat } from '../lib/events.ts';
import { tokens } from '../lib/shared-styles.ts';
import { stringsFor } from '../lib/strings.ts';
import { styles } from './et-download-menu.styles.ts';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['vtt', 'jsonld', 'csv'];

/**
 * A menu button named "Download" with one item per export format of the thread (WebVTT, W3C Web
 * Annotation, CSV), for the thread's owner and its exercise's authors. It follows the WAI-ARIA
 * menu button pattern: Enter, Space or ArrowDown opens it on the first item, ArrowUp on the last;
 * arrows, Home and End move; Escape closes it and gives focus back to the button.
 *
 * @fires et-download-request - A format was chosen: `{format}` (`vtt`, `jsonld` or `csv`).
 * @csspart button - The "Download" button.
 * @csspart menu - The list of formats.
 * @cssproperty --et-download-menu-background - The menu's background (falls back to --_surface).
 * @cssproperty --et-download-menu-border - The menu's border colour (falls back to --_border).
 * @cssproperty --et-download-menu-hover - An item's background under the pointer or focus.
 *
 * @tag et-download-menu
 */
export class EtDownloadMenu extends LitElement {
  static override properties = {
    lang: { type: String },
    busy: { type: Boolean },
    open: { state: true },
  };

  /** A download is under way: the button says so and takes no new request. */
  declare busy: boolean;
  declare open: boolean;

  static override styles = [tokens, styles];

  constructor() {
    super();
    new LocalizeController(this);
    this.busy = false;
    this.open = false;
  }

  private items(): HTMLButtonElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLButtonElement>('[role=menuitem]')];
  }

  private async show(focus: 'first' | 'last'): Promise<void> {
    this.open = true;
    await this.updateComplete;
    const items = this.items();
    (focus === 'first' ? items[0] : items.at(-1))?.focus();
  }

  private close(refocus: boolean): void {
    this.open = false;
    if (refocus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLButtonElement>('[part=button]')?.focus());
  }

  private choose(format: ExportFormat): void {
    this.close(true);
    emit(this, 'et-download-request', { format });
  }

  private onButtonKey(e: KeyboardEvent): void {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      void this.show(e.key === 'ArrowDown' ? 'first' : 'last');
    }
  }

  private onMenuKey(e: KeyboardEvent): void {
    const items = this.items();
    const at = items.indexOf(this.renderRoot.querySelector<HTMLButtonElement>('[role=menuitem]:focus') ?? items[0]!);
    const move = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[e.key];
    if (move !== undefined) {
      e.preventDefault();
      items[(move + items.length) % items.length]?.focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      this.close(true);
    } else if (e.key === 'Tab') {
      this.close(false);
    }
  }

  override render() {
    const s = stringsFor(this.lang);
    const label = { vtt: s.downloadVtt, jsonld: s.downloadJsonld, csv: s.downloadCsv };
    return html`<button part="button" aria-haspopup="menu" aria-expanded=${this.open ? 'true' : 'false'} aria-controls="formats" ?disabled=${this.busy}
        @click=${() => (this.open ? this.close(false) : void this.show('first'))} @keydown=${this.onButtonKey}>
        ${this.busy ? s.downloading : s.download}
      </button>
      ${this.open
        ? html`<ul id="formats" part="menu" role="menu" aria-label=${s.download} @keydown=${this.onMenuKey}
            @focusout=${(e: FocusEvent) => !this.renderRoot.contains(e.relatedTarget as Node | null) && this.close(false)}>
            ${EXPORT_FORMATS.map((f) => html`<li role="none"><button role="menuitem" tabindex="-1" @click=${() => this.choose(f)}>${label[f]}</button></li>`)}
          </ul>`
        : nothing}`;
  }
}

defineOnce('et-download-menu', EtDownloadMenu);

declare global {
  interface HTMLElementTagNameMap {
    'et-download-menu': EtDownloadMenu;
  }
}
