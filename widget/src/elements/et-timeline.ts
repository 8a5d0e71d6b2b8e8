import { html, LitElement, nothing } from 'lit';
import { LocalizeController } from '../controllers/localize-controller.ts';
import { defineOnce } from '../lib/define-once.ts';
import { emit } from '../lib/events.ts';
import { tokens } from '../lib/shared-styles.ts';
import { format, plural, stringsFor } from '../lib/strings.ts';
import { formatSpan, formatTimecode } from '../lib/timecode.ts';
import type { DisplayComment } from '../lib/types.ts';
import { styles } from './et-timeline.styles.ts';

/** Past this many markers, nearby points merge into one tick so the bar stays light. */
const MAX_TICKS = 120;
/** Arrow keys step 1 s, with Shift 5 s; Page Up/Down 30 s (as the player's shortcuts). */
const STEP = 1;
const LONG_STEP = 5;
const PAGE_STEP = 30;

interface Tick {
  start: number;
  end: number;
  range: boolean;
  comments: DisplayComment[];
}

/**
 * The bar under the video: a slider for the playhead, a tick per point comment, a bar per range
 * comment, in the colour of the comment's first feedback marker when it carries one (its labels join
 * its name). Hovering or focusing a marker previews it; clicking seeks.
 *
 * @fires et-seek-request - The user picked a time: `{time}`.
 * @csspart track - The slider track.
 * @csspart marker - Each comment marker.
 * @csspart preview - The preview shown over a hovered or focused marker.
 * @cssproperty --et-timeline-height - Height of the track (default 0.75rem).
 * @cssproperty --et-color-accent - Playhead and markers.
 * @cssproperty --et-timeline-accent - Playhead and markers (falls back to --et-color-accent).
 * @cssproperty --et-timeline-track-background - The track (falls back to --et-color-subtle).
 * @cssproperty --et-timeline-preview-background - A marker preview (falls back to --et-color-text).
 * @cssproperty --et-timeline-preview-color - A marker preview's text (falls back to --et-color-surface).
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

  static override styles = [tokens, styles];

  constructor() {
    super();
    new LocalizeController(this);
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
    if (tick.comments.length > 1) return plural(this.lang, 'markerGroup', tick.comments.length, { time: formatTimecode(tick.start) });
    const who = format(s.commentMarker, { time: formatSpan(tick.start, tick.range ? tick.end : null), author: first.author?.name ?? s.erasedAuthor });
    const tags = first.markers?.length ? ` (${first.markers.map((m) => m.label).join(', ')})` : '';
    return first.body && !first.deleted ? `${who}: ${first.body}${tags}` : `${who}${tags}`;
  }

  /** A lone comment carrying markers is drawn in its first marker's colour (the API keeps colours as #rrggbb). */
  private colour(tick: Tick): string {
    const color = tick.comments.length === 1 ? tick.comments[0]!.markers?.[0]?.color : undefined;
    return color && /^#[0-9a-f]{6}$/i.test(color) ? `--_marker:${color}` : '';
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
            style="left:${this.pct(tick.start)}%;${tick.range ? `width:${Math.max(0.75, this.pct(tick.end) - this.pct(tick.start))}%;` : ''}${this.colour(tick)}"
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
    const step = e.shiftKey ? LONG_STEP : STEP;
    const map: Record<string, number> = {
      ArrowLeft: this.currentTime - step,
      ArrowDown: this.currentTime - step,
      ArrowRight: this.currentTime + step,
      ArrowUp: this.currentTime + step,
      PageDown: this.currentTime - PAGE_STEP,
      PageUp: this.currentTime + PAGE_STEP,
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
