import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  .pair {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 0.5rem;
  }
  /* A narrow box (a phone, a sidebar): one above the other. */
  @container (max-width: 40rem) {
    .pair {
      grid-template-columns: 1fr;
    }
  }
  .side {
    margin: 0;
    padding: 0.25rem;
    min-width: 0;
    border: 2px solid transparent;
    border-radius: var(--_radius);
  }
  .side[data-target] {
    border-color: var(--_accent);
  }
  figcaption {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4rem;
    padding-bottom: 0.25rem;
    font-size: 0.875rem;
  }
  .name {
    font-weight: 600;
  }
  .time {
    font-variant-numeric: tabular-nums;
    color: var(--_muted);
  }
  .badge {
    margin-inline-start: auto;
    padding: 0 0.4rem;
    border-radius: var(--_radius);
    background: var(--_accent);
    color: var(--_on-accent);
  }
  .pending {
    display: grid;
    place-content: center;
    aspect-ratio: var(--et-aspect-ratio, 16 / 9);
    background: var(--_subtle);
    border-radius: var(--_radius);
  }
  .steps,
  .sync {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.35rem;
    padding-top: 0.35rem;
    font-size: 0.875rem;
  }
  button {
    min-height: 1.5rem;
    min-width: 1.5rem;
  }
  .offset {
    font-variant-numeric: tabular-nums;
  }
  fieldset {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    margin: 0;
    padding: 0.15rem 0.5rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  legend {
    float: left;
    padding: 0;
    margin-inline-end: 0.25rem;
  }
  label {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
  }
  .hint {
    flex-basis: 100%;
    margin: 0;
    color: var(--_muted);
    font-size: 0.8125rem;
  }
`;
