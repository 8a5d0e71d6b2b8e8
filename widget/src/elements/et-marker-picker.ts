import { html, LitElement, nothing } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { defineOnce } from '../lib/define-once.ts';
import { emit } from '../lib/events.ts';
import { inboxStringsFor } from '../lib/inbox-strings.ts';
import { tokens } from '../lib/shared-styles.ts';
import type { MarkerView } from '../lib/types.ts';
import { styles } from './et-marker-picker.styles.ts';

/**
 * The composer's "Markers": a group of toggle buttons, one per marker the instructor may attach,
 * named by its label and showing its colour.
 *
 * @fires et-markers-change - The chosen markers: `{ids}`.
 * @csspart marker - Each marker's toggle button.
 * @cssproperty --et-marker-pressed-border - A chosen marker's border (falls back to --et-color-accent).
 *
 * @tag et-marker-picker
 */
export class EtMarkerPicker extends LitElement {
  static override properties = {
    markers: { attribute: false },
    selected: { attribute: false },
    lang: { type: String },
  };

  declare markers: MarkerView[];
  declare selected: string[];

  static override styles = [tokens, styles];

  constructor() {
    super();
    this.markers = [];
    this.selected = [];
  }

  private toggle(id: string): void {
    this.selected = this.selected.includes(id) ? this.selected.filter((x) => x !== id) : [...this.selected, id];
    emit(this, 'et-markers-change', { ids: this.selected });
  }

  override render() {
    if (!this.markers.length) return nothing;
    const s = inboxStringsFor(this.lang);
    return html`<div role="group" aria-label=${s.markers}>
      ${this.markers.map(
        (m) => html`<button type="button" part="marker" aria-pressed=${this.selected.includes(m.id) ? 'true' : 'false'} @click=${() => this.toggle(m.id)}>
          <span class="swatch" aria-hidden="true" style=${styleMap({ background: m.color })}></span>${m.label}
        </button>`,
      )}
    </div>`;
  }
}

defineOnce('et-marker-picker', EtMarkerPicker);

declare global {
  interface HTMLElementTagNameMap {
    'et-marker-picker': EtMarkerPicker;
  }
}
