import { css, html, LitElement, nothing } from 'lit';
import { defineOnce } from '../lib/define-once.ts';
import { emit } from '../lib/events.ts';
import { tokens } from '../lib/shared-styles.ts';
import { format, stringsFor } from '../lib/strings.ts';
import { formatSpan, formatTimecode } from '../lib/timecode.ts';
import type { DisplayComment } from '../lib/types.ts';

/** Past this many markers, nearby points merge into one tick so the bar stays light. */
const MAX_TICKS = 120;
const STEP = 5;

interface Tick {
  start: number;
  end: number;
  range: boolean;
  comments: DisplayComment[];
}

/**
 * The bar under the video: a slider for the playhead, a tick per point comment, a bar per range
 * comment. Hovering or focusing a marker previews it; clicking seeks.
 *
 * @fires et-seek-request - The user picked a time: `{time}`.
 * @csspart track - The slider track.
 * @csspart marker - Each comment marker.
 * @csspart preview - The preview shown over a hovered or focused marker.
 * @cssproperty --et-timeline-height - Height of the track (default 0.75rem).
 * @cssproperty --et-color-accent - Playhead and markers.
 *
 * @tag et-timeline
 */
export class EtTimeline extends LitElement {
  static override properties = {
    duration: { type: Number },
    currentTime: { type: Number, attribute: 'current-time' },
    comments: { attribute: false },
    rangeStart: { type: Number, attribute: 'range-start' },
    rangeEnd: { type: Number, attribute: 'range-end' },
    lang: { type: String },
    preview: { state: true },
  };

  declare duration: number;
  declare currentTime: number;
  /** Top-level comments, in timecode order. */
  declare comments: DisplayComment[];
  declare rangeStart: number | null;
  declare rangeEnd: number | null;
  declare preview: Tick | null;

  static override styles = [
    tokens,
    css`
      :host {
        display: block;
        position: relative;
        padding: 0.5rem 0 0.25rem;
        touch-action: none;
      }
      .track {
        position: relative;
        height: var(--et-timeline-height, 0.75rem);
        background: var(--_subtle);
        border: 1px solid var(--_border);
        border-radius: 999px;
        cursor: pointer;
      }
      .played {
        position: absolute;
        inset: 0 auto 0 0;
        background: color-mix(in srgb, var(--_accent) 35%, transparent);
        border-radius: 999px;
        pointer-events: none;
      }
      .head {
        position: absolute;
        top: -0.25rem;
        bottom: -0.25rem;
        width: 3px;
        margin-left: -1px;
        background: var(--_accent);
        pointer-events: none;
      }
      .selection {
        position: absolute;
        top: 0;
        bottom: 0;
        background: color-mix(in srgb, var(--_danger) 35%, transparent);
        pointer-events: none;
      }
      .markers {
        position: relative;
        height: 1.25rem;
        margin-top: 0.2rem;
      }
      .marker {
        position: absolute;
        top: 0;
        min-width: 0.5rem;
        min-height: 0;
        height: 1rem;
        padding: 0;
        border: 1px solid var(--_bg);
        border-radius: 2px;
        background: var(--_accent);
        transform: translateX(-50%);
      }
      .marker.range {
        transform: none;
        opacity: 0.8;
        height: 0.6rem;
        top: 0.2rem;
      }
      .marker.group::after {
        content: attr(data-count);
        position: absolute;
        font-size: 0.625rem;
        line-height: 1;
        top: 1.05rem;
        left: 50%;
        transform: translateX(-50%);
        color: var(--_muted);
      }
      .preview {
        position: absolute;
        bottom: calc(100% + 0.25rem);
        transform: translateX(-50%);
        max-width: min(18rem, 90%);
        padding: 0.35rem 0.5rem;
        background: var(--_fg);
        color: var(--_bg);
        border-radius: var(--_radius);
        font-size: 0.8125rem;
        pointer-events: none;
        z-index: 2;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
    `,
  ];

  constructor() {
    super();
    this.duration = 0;
    this.currentTime = 0;
    this.comments = [];
    this.rangeStart = null;
    this.rangeEnd = null;
    this.preview = null;
  }

  private pct(t: number): number {
    return this.duration > 0 ? Math.min(100, Math.max(0, (t / this.duration) * 100)) : 0;
  }

  /** Points become ticks and ranges bars; when crowded, nearby points merge. */
  private ticks(): Tick[] {
    const d = this.duration > 0 ? this.duration : Math.max(1, ...this.comments.map((c) => c.t_end || c.t_start));
    const width = this.comments.length > MAX_TICKS ? d / MAX_TICKS : 0;
    const out: Tick[] = [];
    let last: Tick | undefined;
    for (const c of this.comments) {
      const range = c.t_end > c.t_start;
      // Crowded: ranges are drawn as ticks at their start, merged with their neighbours.
      if (width && last && c.t_start - last.start < width) {
        last.comments.push(c);
        continue;
      }
      const tick = { start: c.t_start, end: range && !width ? c.t_end : c.t_start, range: range && !width, comments: [c] };
      out.push(tick);
      last = tick;
    }
    return out;
  }

  private label(tick: Tick): string {
    const s = stringsFor(this.lang);
    const first = tick.comments[0]!;
    if (tick.comments.length > 1) return format(s.markerGroup, { count: tick.comments.length, time: formatTimecode(tick.start) });
    const who = format(s.commentMarker, { time: formatSpan(tick.start, tick.range ? tick.end : null), author: first.author.name });
    return first.body && !first.deleted ? `${who}: ${first.body}` : who;
  }

  override render() {
    const s = stringsFor(this.lang);
    const d = this.duration || 0;
    const ticks = this.ticks();
    const sel = this.rangeStart != null;
    return html`
      <div
        class="track"
        part="track"
        role="slider"
        tabindex="0"
        aria-label=${s.timeline}
        aria-valuemin="0"
        aria-valuemax=${Math.round(d)}
        aria-valuenow=${Math.round(this.currentTime)}
        aria-valuetext=${format(s.timelineValue, { time: formatTimecode(this.currentTime), duration: formatTimecode(d) })}
        @pointerdown=${this.onPointer}
        @keydown=${this.onKey}
      >
        <div class="played" style="width:${this.pct(this.currentTime)}%"></div>
        ${sel
          ? html`<div
              class="selection"
              style="left:${this.pct(this.rangeStart!)}%;width:${Math.max(0.5, this.pct(this.rangeEnd ?? this.currentTime) - this.pct(this.rangeStart!))}%"
            ></div>`
          : nothing}
        <div class="head" style="left:${this.pct(this.currentTime)}%"></div>
      </div>
      <div class="markers" role="group" aria-label=${s.comments}>
        ${ticks.map(
          (tick) => html`<button
            class="marker ${tick.range ? 'range' : 'point'} ${tick.comments.length > 1 ? 'group' : ''}"
            part="marker"
            data-count=${tick.comments.length > 1 ? tick.comments.length : nothing}
            style="left:${this.pct(tick.start)}%;${tick.range ? `width:${Math.max(0.75, this.pct(tick.end) - this.pct(tick.start))}%` : ''}"
            aria-label=${this.label(tick)}
            @click=${() => emit(this, 'et-seek-request', { time: tick.start })}
            @mouseenter=${() => (this.preview = tick)}
            @mouseleave=${() => (this.preview = null)}
            @focus=${() => (this.preview = tick)}
            @blur=${() => (this.preview = null)}
          ></button>`,
        )}
      </div>
      ${this.preview
        ? html`<div class="preview" part="preview" role="tooltip" style="left:${Math.min(85, Math.max(15, this.pct(this.preview.start)))}%">
            ${this.label(this.preview)}
          </div>`
        : nothing}
    `;
  }

  private onPointer = (e: PointerEvent): void => {
    const track = e.currentTarget as HTMLElement;
    const rect = track.getBoundingClientRect();
    if (!rect.width || !this.duration) return;
    const time = ((e.clientX - rect.left) / rect.width) * this.duration;
    emit(this, 'et-seek-request', { time: Math.max(0, Math.min(this.duration, time)) });
  };

  private onKey = (e: KeyboardEvent): void => {
    const d = this.duration || 0;
    const map: Record<string, number> = {
      ArrowLeft: this.currentTime - STEP,
      ArrowDown: this.currentTime - STEP,
      ArrowRight: this.currentTime + STEP,
      ArrowUp: this.currentTime + STEP,
      PageDown: this.currentTime - STEP * 6,
      PageUp: this.currentTime + STEP * 6,
      Home: 0,
      End: d,
    };
    const time = map[e.key];
    if (time === undefined) return;
    e.preventDefault();
    e.stopPropagation();
    emit(this, 'et-seek-request', { time: Math.max(0, d ? Math.min(d, time) : time) });
  };
}

defineOnce('et-timeline', EtTimeline);

declare global {
  interface HTMLElementTagNameMap {
    'et-timeline': EtTimeline;
  }
}
