import { css } from 'lit';

/** A pressed toggle button (Loop, Mirror; side by side's mirrors): the practice controls' look. */
export const pressedToggle = css`
  button[aria-pressed='true'] {
    background: var(--et-practice-pressed-background, var(--_accent));
    color: var(--et-practice-pressed-color, var(--_on-accent));
    border-color: var(--et-practice-pressed-background, var(--_accent));
  }
`;

export const styles = css`
  :host {
    display: block;
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.35rem;
    padding: 0.35rem 0;
    font-size: 0.875rem;
  }
  button,
  select,
  input {
    min-height: 1.5rem;
    min-width: 1.5rem;
  }
  select,
  input {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    min-height: 2rem;
  }
  input {
    width: 4.5rem;
  }
  label {
    display: inline-flex;
    align-items: center;
    gap: 0.3rem;
  }
  .approximate {
    color: var(--_muted);
    font-size: 0.8125rem;
  }
  details {
    display: inline-block;
  }
  summary {
    cursor: pointer;
    min-height: 1.5rem;
    line-height: 1.5rem;
  }
  details[open] {
    flex-basis: 100%;
  }
  details div {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    padding-top: 0.35rem;
  }
`;
