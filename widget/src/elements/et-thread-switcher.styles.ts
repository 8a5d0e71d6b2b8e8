import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  h2 {
    font-size: 0.9375rem;
    margin: 0 0 0.35rem;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    gap: 0.35rem;
    overflow-x: auto;
    padding-bottom: 0.25rem;
  }
  button {
    display: grid;
    text-align: left;
    gap: 0.1rem;
    min-width: 10rem;
    padding: 0.35rem 0.6rem;
  }
  .not-started {
    display: grid;
    gap: 0.1rem;
    min-width: 10rem;
    padding: 0.35rem 0.6rem;
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
  }
  button[aria-current='true'] {
    border: 2px solid var(--et-switcher-current-border, var(--_accent));
  }
  .name {
    font-weight: 600;
  }
  .meta {
    font-size: 0.75rem;
    color: var(--_muted);
  }
  .badge {
    color: var(--et-switcher-badge-color, var(--_danger));
    font-weight: 600;
  }
`;
