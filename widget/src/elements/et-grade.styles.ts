import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  fieldset {
    margin: 0;
    display: grid;
    gap: var(--et-grade-gap, 0.5rem);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.5rem 0.75rem;
  }
  legend {
    font-weight: 600;
    padding: 0 0.25rem;
  }
  label {
    display: grid;
    gap: 0.25rem;
  }
  .row {
    display: flex;
    gap: 0.5rem;
    align-items: center;
    flex-wrap: wrap;
  }
  input,
  textarea {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.25rem 0.4rem;
  }
  input {
    width: 6rem;
  }
  .status {
    font-size: 0.8125rem;
    color: var(--_muted);
    margin: 0;
  }
  .status.failed {
    color: var(--_danger);
  }
`;
