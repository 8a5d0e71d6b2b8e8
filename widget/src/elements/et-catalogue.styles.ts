import { css } from 'lit';

export const styles = css`
  :host {
    display: grid;
    gap: var(--et-catalogue-gap, 1.25rem);
  }
  .error {
    color: var(--_danger);
  }
`;
