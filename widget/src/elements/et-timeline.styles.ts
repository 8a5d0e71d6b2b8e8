import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    position: relative;
    padding: 0.5rem 0 0.25rem;
    touch-action: none;
  }
  .track {
    position: relative;
    height: var(--et-timeline-height, 0.75rem);
    background: var(--et-timeline-track-background, var(--_subtle));
    border: 1px solid var(--_border);
    border-radius: 999px;
    cursor: pointer;
  }
  .played {
    position: absolute;
    inset: 0 auto 0 0;
    background: color-mix(in srgb, var(--et-timeline-accent, var(--_accent)) 35%, transparent);
    border-radius: 999px;
    pointer-events: none;
  }
  .head {
    position: absolute;
    top: -0.25rem;
    bottom: -0.25rem;
    width: 3px;
    margin-left: -1px;
    background: var(--et-timeline-accent, var(--_accent));
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
    height: 1.5rem;
    margin-top: 0.2rem;
  }
  /* Each marker is a 24 by 24 px target (WCAG 2.2 target size); the visible mark is drawn inside. */
  .marker {
    position: absolute;
    top: 0;
    min-width: 1.5rem;
    min-height: 1.5rem;
    height: 1.5rem;
    padding: 0;
    border: 0;
    border-radius: 2px;
    background: transparent;
    transform: translateX(-50%);
  }
  .marker::before {
    content: '';
    position: absolute;
    top: 0.25rem;
    left: 50%;
    width: 0.5rem;
    height: 1rem;
    transform: translateX(-50%);
    border: 1px solid var(--_bg);
    border-radius: 2px;
    background: var(--_marker, var(--et-timeline-accent, var(--_accent)));
  }
  .marker.range {
    transform: none;
  }
  .marker.range::before {
    left: 0;
    right: 0;
    width: auto;
    transform: none;
    opacity: 0.8;
    height: 0.6rem;
    top: 0.45rem;
  }
  .marker.group::after {
    content: attr(data-count);
    position: absolute;
    font-size: 0.625rem;
    line-height: 1;
    top: 1.3rem;
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
    background: var(--et-timeline-preview-background, var(--_fg));
    color: var(--et-timeline-preview-color, var(--_bg));
    border-radius: var(--_radius);
    font-size: 0.8125rem;
    pointer-events: none;
    z-index: 2;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
`;
