import { css } from 'lit';

export const styles = css`
  :host {
    display: grid;
    gap: 0.4rem;
    --_bar: var(--et-upload-bar-height, 0.6rem);
  }
  label {
    display: grid;
    gap: 0.25rem;
    font-size: 0.875rem;
  }
  progress {
    width: 100%;
    height: var(--_bar);
    accent-color: var(--et-upload-bar-color, var(--_accent));
  }
  .status {
    margin: 0;
    font-size: 0.875rem;
    color: var(--_muted);
  }
  .status.paused {
    color: var(--_danger);
  }
`;
