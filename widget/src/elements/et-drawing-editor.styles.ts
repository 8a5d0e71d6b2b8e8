import { css, unsafeCSS } from 'lit';
import { SHAPE_STYLES } from '../lib/drawing.ts';

export const styles = css`
  :host {
    position: absolute;
    inset: 0;
    display: block;
    background: rgb(0 0 0 / 0.15);
  }
  svg {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    touch-action: none;
    cursor: crosshair;
  }
  svg:focus-visible {
    outline-offset: -3px;
  }
  .toolbar {
    position: absolute;
    inset: 0.25rem 0.25rem auto 0.25rem;
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    align-items: center;
    padding: 0.25rem;
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    font-size: 0.8125rem;
    /* Text never reads backwards: undo the mirror the frame may carry. */
    transform: var(--_unflip, none);
  }
  .toolbar button {
    min-height: 1.75rem;
    min-width: 1.75rem;
    padding: 0.15rem 0.45rem;
    font-size: 0.8125rem;
  }
  .toolbar button[aria-pressed='true'] {
    background: var(--_accent);
    color: var(--_on-accent);
    border-color: var(--_accent);
  }
  select {
    font: inherit;
    min-height: 1.75rem;
  }
  .end {
    margin-inline-start: auto;
    display: flex;
    gap: 0.25rem;
  }
  .pen {
    fill: none;
    stroke: #fff;
    stroke-width: 2px;
    vector-effect: non-scaling-stroke;
    outline: none;
  }
  ${unsafeCSS(SHAPE_STYLES)}
`;
