import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  h2 {
    font-size: 1rem;
    margin: 0 0 0.5rem;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.35rem;
  }
  button {
    width: 100%;
    text-align: left;
    display: flex;
    gap: 0.5rem;
    align-items: baseline;
  }
  .badge {
    font-size: 0.75rem;
    color: var(--et-exercise-badge-color, var(--_muted));
  }
  p {
    color: var(--_muted);
    margin: 0;
  }
`;
