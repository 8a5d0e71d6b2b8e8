import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  [role='group'] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.3rem;
  }
  button {
    display: inline-flex;
    align-items: center;
    gap: 0.3rem;
    padding: 0.15rem 0.5rem;
    border-radius: 999px;
  }
  button[aria-pressed='true'] {
    border: 2px solid var(--et-marker-pressed-border, var(--_accent));
    font-weight: 600;
  }
  .swatch {
    width: 0.7rem;
    height: 0.7rem;
    border-radius: 50%;
    border: 1px solid var(--_border);
  }
`;
