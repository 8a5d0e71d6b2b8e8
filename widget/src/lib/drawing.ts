import { svg, type SVGTemplateResult } from 'lit';
import type { DisplayComment, Drawing, DrawingColour, DrawingShape } from './types.ts';

/** The API's fixed colours, in the order the editor offers them. */
export const COLOURS: readonly DrawingColour[] = ['yellow', 'red', 'orange', 'green', 'blue', 'white'];

/** Bright shades, each drawn over a dark halo so it reads on light and dark pictures alike. */
const SHADES: Record<DrawingColour, string> = {
  red: '#ff453a',
  orange: '#ff9f0a',
  yellow: '#ffd60a',
  green: '#30d158',
  blue: '#409cff',
  white: '#ffffff',
};

/** A point comment's drawing shows this long after its moment (a range's, until its end). */
export const POINT_DRAWING_SECONDS = 1;

/** A drawing over the video: its comment, and the text that is its text alternative. */
export interface ShownDrawing {
  id: string;
  label: string;
  drawing: Drawing;
}

/**
 * The drawings to show now: every comment with one whose range holds the playhead, and the
 * focused comment's whatever the time.
 */
export function drawingsAt(comments: Iterable<DisplayComment>, time: number, focusedId: string | null): ShownDrawing[] {
  const shown: ShownDrawing[] = [];
  for (const c of comments) {
    if (!c.drawing || c.deleted) continue;
    const end = c.t_end > c.t_start ? c.t_end : c.t_start + POINT_DRAWING_SECONDS;
    if (c.id === focusedId || (time >= c.t_start - 0.05 && time <= end)) shown.push({ id: c.id, label: c.body ?? '', drawing: c.drawing });
  }
  return shown;
}

const n = (v: number) => Math.round(v * 10000) / 10000;

/**
 * One shape as SVG, in a viewBox `0 0 aspect 1` (the picture's width over its height, so the
 * scale is uniform and an arrowhead keeps its angle at any player size).
 */
export function shapeSvg(shape: DrawingShape, aspect: number): SVGTemplateResult {
  const p = shape.points.map(([x, y]) => [n(x * aspect), n(y)] as const);
  const [a, b] = [p[0]!, p[1] ?? p[0]!];
  let d: string;
  if (shape.type === 'rectangle') {
    d = `M${a[0]} ${a[1]}H${b[0]}V${b[1]}H${a[0]}Z`;
  } else if (shape.type === 'ellipse') {
    const [rx, ry] = [Math.abs(b[0] - a[0]) / 2, Math.abs(b[1] - a[1]) / 2];
    const [cx, cy] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    d = `M${n(cx - rx)} ${cy}a${n(rx)} ${n(ry)} 0 1 0 ${n(2 * rx)} 0a${n(rx)} ${n(ry)} 0 1 0 ${n(-2 * rx)} 0Z`;
  } else {
    d = `M${p.map(([x, y]) => `${x} ${y}`).join('L')}`;
    if (shape.type === 'arrow') {
      const angle = Math.atan2(b[1] - a[1], b[0] - a[0]);
      const head = Math.min(0.05, Math.hypot(b[0] - a[0], b[1] - a[1]) * 0.4);
      const wing = (turn: number) => `${n(b[0] - head * Math.cos(angle + turn))} ${n(b[1] - head * Math.sin(angle + turn))}`;
      d += `M${wing(0.5)}L${b[0]} ${b[1]}L${wing(-0.5)}`;
    }
  }
  return svg`<path class="halo" d=${d}></path><path d=${d} stroke=${SHADES[shape.colour]}></path>`;
}

/** The strokes' look, shared by the overlay and the editor. */
export const SHAPE_STYLES = `
  path { fill: none; stroke-width: 3px; stroke-linecap: round; stroke-linejoin: round; vector-effect: non-scaling-stroke; }
  path.halo { stroke: rgb(0 0 0 / 0.55); stroke-width: 6px; }
`;
