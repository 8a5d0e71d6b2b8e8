import { css, unsafeCSS } from 'lit';
import { SHAPE_STYLES } from '../lib/drawing.ts';

export const styles = css`
  :host {
    position: absolute;
    inset: 0;
    pointer-events: none;
  }
  svg {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    overflow: visible;
  }
  ${unsafeCSS(SHAPE_STYLES)}
`;
