import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  form {
    display: grid;
    gap: 0.4rem;
  }
  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.35rem;
    font-size: 0.875rem;
  }
  label {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    margin-right: auto;
  }
  textarea {
    width: 100%;
    min-height: 4.5rem;
    resize: vertical;
    font: inherit;
    color: var(--_fg);
    background: var(--et-composer-field-background, var(--_bg));
    border: 1px solid var(--et-composer-field-border, var(--_border));
    border-radius: var(--_radius);
    padding: 0.5rem;
  }
  .foot {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  .reply {
    font-size: 0.875rem;
    color: var(--_muted);
  }
  .bank {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-start;
    gap: 0.5rem;
  }
`;
