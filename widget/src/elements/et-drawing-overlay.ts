import { html, LitElement } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { defineOnce } from '../lib/define-once.ts';
import { shapeSvg, type ShownDrawing } from '../lib/drawing.ts';
import { styles } from './et-drawing-overlay.styles.ts';

/**
 * Comments' drawings over the video. Coordinates are fractions of the video's own frame; the SVG's
 * viewBox has the picture's aspect ratio and fits the box as `object-fit: contain` fits the video,
 * so a shape stays on the same spot of the picture at any player size. It lives in the video
 * surface's frame, the box the mirror flips, so it stays on the same spot when mirrored too. Each
 * drawing is an image whose text alternative is its comment's text. Pointer events pass through.
 *
 * @tag et-drawing-overlay
 */
export class EtDrawingOverlay extends LitElement {
  static override properties = {
    drawings: { attribute: false },
    aspect: { type: Number },
  };

  declare drawings: ShownDrawing[];
  /** The picture's width over its height. */
  declare aspect: number;

  static override styles = styles;

  constructor() {
    super();
    this.drawings = [];
    this.aspect = 16 / 9;
  }

  override render() {
    const aspect = this.aspect;
    return html`${repeat(
      this.drawings,
      (d) => d.id,
      (d) =>
        html`<svg part="drawing" data-comment=${d.id} role="img" aria-label=${d.label} viewBox=${`0 0 ${aspect} 1`} preserveAspectRatio="xMidYMid meet">
          ${d.drawing.shapes.map((s) => shapeSvg(s, aspect))}
        </svg>`,
    )}`;
  }
}

defineOnce('et-drawing-overlay', EtDrawingOverlay);

declare global {
  interface HTMLElementTagNameMap {
    'et-drawing-overlay': EtDrawingOverlay;
  }
}
