import { html, LitElement, nothing, svg, type PropertyValues } from 'lit';
import { LocalizeController } from '../controllers/localize-controller.ts';
import { defineOnce } from '../lib/define-once.ts';
import { COLOURS, shapeSvg } from '../lib/drawing.ts';
import { emit } from '../lib/events.ts';
import { tokens } from '../lib/shared-styles.ts';
import { stringsFor } from '../lib/strings.ts';
import type { Drawing, DrawingColour, DrawingShape } from '../lib/types.ts';
import { styles } from './et-drawing-editor.styles.ts';

type Tool = DrawingShape['type'];
const TOOLS: readonly Tool[] = ['arrow', 'line', 'rectangle', 'ellipse', 'freehand'];
// The API's limits (api/src/contract/comments.ts).
const MAX_SHAPES = 50;
const MAX_POINTS = 2000;
/** How far (in fractions of the picture's height) a freehand point may stray when a stroke is simplified. */
const FREEHAND_TOLERANCE = 0.002;

const round = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 10000) / 10000;

/**
 * Ramer–Douglas–Peucker: the points of a stroke that keep it within `tolerance` of itself (in units
 * of `scaleX` times x and of y, so distances are the picture's own). Written here rather than
 * taken from simplify-js, which ships only as CommonJS/UMD, a format the browser tests' runner
 * serves untransformed.
 */
export function simplifyStroke(points: [number, number][], tolerance: number, scaleX: number): [number, number][] {
  if (points.length < 3) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop()!;
    const [ax, ay] = [points[first]![0] * scaleX, points[first]![1]];
    const [dx, dy] = [points[last]![0] * scaleX - ax, points[last]![1] - ay];
    const length = Math.hypot(dx, dy);
    let [far, farthest] = [-1, tolerance];
    for (let i = first + 1; i < last; i++) {
      const [px, py] = [points[i]![0] * scaleX - ax, points[i]![1] - ay];
      const distance = length ? Math.abs(dx * py - dy * px) / length : Math.hypot(px, py);
      if (distance > farthest) [far, farthest] = [i, distance];
    }
    if (far < 0) continue;
    keep[far] = 1;
    stack.push([first, far], [far, last]);
  }
  return points.filter((_, i) => keep[i]);
}

/** Whether `el` is shown mirrored: an odd number of horizontal flips up its flat tree (`transform` or `scale`). */
function flipped(el: Element): boolean {
  let odd = false;
  for (let n: Element | null = el; n; n = n.assignedSlot ?? n.parentElement ?? ((n.getRootNode() as ShadowRoot).host || null)) {
    const style = getComputedStyle(n);
    if (style.transform !== 'none' && new DOMMatrixReadOnly(style.transform).a < 0) odd = !odd;
    if (style.scale !== 'none' && Number.parseFloat(style.scale) < 0) odd = !odd;
  }
  return odd;
}

/**
 * Draws on the paused frame, over the video (slotted into the video surface's frame): arrows,
 * lines, rectangles, ellipses and freehand strokes in the API's colours. Points are fractions of
 * the video's own, unmirrored frame: when the frame is shown mirrored, a pointer's x is mirrored
 * back (and the toolbar is turned back so its text reads). A lazy chunk, loaded on "Draw".
 * Escape cancels; Ctrl+Z undoes the last shape. From the keyboard, arrows move a pen over the
 * canvas and Enter or Space puts it down and lifts it.
 *
 * @fires et-drawing-save - "Save drawing": `{drawing}` (null when every shape was undone).
 * @fires et-drawing-cancel - "Cancel drawing" or Escape.
 * @tag et-drawing-editor
 */
export class EtDrawingEditor extends LitElement {
  static override properties = {
    drawing: { attribute: false },
    aspect: { type: Number },
    lang: { type: String },
    shapes: { state: true },
    tool: { state: true },
    colour: { state: true },
    draft: { state: true },
    cursor: { state: true },
  };

  /** The drawing to start from (the one already attached to the comment), if any. */
  declare drawing: Drawing | null;
  /** The picture's width over its height. */
  declare aspect: number;
  declare shapes: DrawingShape[];
  declare tool: Tool;
  declare colour: DrawingColour;
  /** The shape under the pointer, not yet finished. */
  declare draft: DrawingShape | null;
  /** The keyboard's pen, while the canvas has focus. */
  declare cursor: [number, number] | null;
  #mirrored = false;

  static override styles = [tokens, styles];

  constructor() {
    super();
    new LocalizeController(this);
    this.drawing = null;
    this.aspect = 16 / 9;
    this.shapes = [];
    this.tool = 'arrow';
    this.colour = COLOURS[0]!;
    this.draft = null;
    this.cursor = null;
    this.addEventListener('keydown', this.onKey);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('drawing')) this.shapes = [...(this.drawing?.shapes ?? [])];
  }

  protected override firstUpdated(): void {
    this.#syncMirror();
    this.renderRoot.querySelector<HTMLElement>('button')?.focus();
  }

  #syncMirror(): void {
    this.#mirrored = flipped(this);
    this.style.setProperty('--_unflip', this.#mirrored ? 'scaleX(-1)' : 'none');
  }

  get #points(): number {
    return this.shapes.reduce((n, s) => n + s.points.length, 0);
  }

  override render() {
    const s = stringsFor(this.lang);
    const aspect = this.aspect;
    const shown = this.draft ? [...this.shapes, this.draft] : this.shapes;
    return html`<svg
        part="canvas"
        role="application"
        tabindex="0"
        aria-label=${s.drawingArea}
        @keydown=${this.onCanvasKey}
        @focus=${() => this.#syncMirror()}
        @blur=${() => (this.cursor = null)}
        viewBox=${`0 0 ${aspect} 1`}
        preserveAspectRatio="xMidYMid meet"
        @pointerdown=${this.onDown}
        @pointermove=${this.onMove}
        @pointerup=${this.onUp}
        @pointercancel=${() => (this.draft = null)}
      >
        ${shown.map((shape) => shapeSvg(shape, aspect))}
        ${this.cursor ? svg`<circle class="pen" cx=${this.cursor[0] * aspect} cy=${this.cursor[1]} r="0.012"></circle>` : nothing}
      </svg>
      <div class="toolbar" part="toolbar" role="toolbar" aria-label=${s.drawingTools}>
        ${TOOLS.map((t) => html`<button type="button" aria-pressed=${String(this.tool === t)} @click=${() => (this.tool = t)}>${s[t]}</button>`)}
        <label
          >${s.colour}
          <select @change=${(e: Event) => (this.colour = (e.target as HTMLSelectElement).value as DrawingColour)}>
            ${COLOURS.map((c) => html`<option value=${c} ?selected=${c === this.colour}>${s[c]}</option>`)}
          </select></label
        >
        <button type="button" ?disabled=${!this.shapes.length} @click=${this.undo}>${s.undo}</button>
        <span class="end">
          <button type="button" class="primary" @click=${this.save}>${s.saveDrawing}</button>
          <button type="button" @click=${this.cancel}>${s.cancelDrawing}</button>
        </span>
      </div>`;
  }

  /** A pointer's place as fractions of the video's own frame (the letterbox clamped away). */
  #at(e: PointerEvent): [number, number] {
    const box = (e.currentTarget as SVGSVGElement).getBoundingClientRect();
    const scale = Math.min(box.width / this.aspect, box.height);
    const [w, h] = [this.aspect * scale, scale];
    const x = (e.clientX - box.left - (box.width - w) / 2) / w;
    const y = (e.clientY - box.top - (box.height - h) / 2) / h;
    return [round(this.#mirrored ? 1 - x : x), round(y)];
  }

  // Pen down, move, pen up: from a pointer, or from the keyboard's cursor.
  #start(p: [number, number]): boolean {
    if (this.shapes.length >= MAX_SHAPES || this.#points + 2 > MAX_POINTS) return false;
    this.draft = { type: this.tool, colour: this.colour, points: [p, p] };
    return true;
  }

  #extend(p: [number, number]): void {
    const d = this.draft;
    if (d) this.draft = { ...d, points: d.type === 'freehand' ? [...d.points, p] : [d.points[0]!, p] };
  }

  #finish(p: [number, number]): void {
    const d = this.draft;
    this.draft = null;
    if (!d) return;
    let points = d.type === 'freehand' ? [...d.points, p] : [d.points[0]!, p];
    const [a, b] = [points[0]!, points.at(-1)!];
    if (a[0] === b[0] && a[1] === b[1]) return; // a click, not a drag
    if (d.type === 'freehand') {
      // Only the points the stroke's shape needs: strokes stay within the API's budget.
      points = simplifyStroke(points, FREEHAND_TOLERANCE, this.aspect).slice(0, MAX_POINTS - this.#points);
      if (points.length < 2) return;
    }
    this.shapes = [...this.shapes, { ...d, points }];
  }

  private onDown = (e: PointerEvent): void => {
    if (e.button !== 0) return;
    this.#syncMirror();
    if (this.#start(this.#at(e))) (e.currentTarget as Element).setPointerCapture(e.pointerId);
  };

  private onMove = (e: PointerEvent): void => this.#extend(this.#at(e));

  private onUp = (e: PointerEvent): void => this.#finish(this.#at(e));

  /** The keyboard's pen: arrows move it (Shift: farther), Enter or Space puts it down and lifts it. */
  private onCanvasKey = (e: KeyboardEvent): void => {
    const c = this.cursor ?? [0.5, 0.5];
    const step = e.shiftKey ? 0.05 : 0.01;
    // Arrows move the pen as seen on screen, mirrored or not.
    const right = this.#mirrored ? -step : step;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-right, 0], ArrowRight: [right, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (e.key in moves) {
      const [dx, dy] = moves[e.key]!;
      this.cursor = [round(c[0] + dx), round(c[1] + dy)];
      this.#extend(this.cursor);
    } else if (e.key === 'Enter' || e.key === ' ') {
      this.cursor = c;
      if (this.draft) this.#finish(c);
      else this.#start(c);
    } else {
      return;
    }
    e.preventDefault();
  };

  private undo = (): void => {
    this.shapes = this.shapes.slice(0, -1);
  };

  private save = (): void => {
    emit(this, 'et-drawing-save', { drawing: this.shapes.length ? { shapes: this.shapes } : null });
  };

  private cancel = (): void => {
    emit(this, 'et-drawing-cancel', {});
  };

  private onKey = (e: KeyboardEvent): void => {
    // The player's shortcuts would move the frame being drawn on.
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      this.cancel();
    } else if (e.key === 'z' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      this.undo();
    }
  };
}

defineOnce('et-drawing-editor', EtDrawingEditor);

declare global {
  interface HTMLElementTagNameMap {
    'et-drawing-editor': EtDrawingEditor;
  }
}
