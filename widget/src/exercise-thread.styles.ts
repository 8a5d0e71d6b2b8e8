import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    container-type: inline-size;
    min-width: 0;
    background: var(--_bg);
    border: var(--et-border, 1px solid var(--_border));
    border-radius: var(--_radius);
    padding: var(--et-padding, 0.75rem);
    line-height: 1.45;
  }
  :host([hidden]) {
    display: none;
  }
  .layout {
    display: grid;
    gap: 0.75rem;
  }
  @container (min-width: 860px) {
    .layout {
      grid-template-columns: minmax(0, 3fr) minmax(16rem, 2fr);
      align-items: start;
    }
    .side {
      grid-column: 2;
      grid-row: 1 / span 3;
    }
  }
  .catalogue {
    display: grid;
    gap: 1.25rem;
  }
  .back {
    margin-bottom: 0.5rem;
  }
  .pending-video {
    aspect-ratio: var(--et-aspect-ratio, 16 / 9);
    display: grid;
    place-items: center;
    padding: 1rem;
    text-align: center;
    background: var(--_subtle);
    border-radius: var(--_radius);
  }
  .main {
    display: grid;
    gap: 0.5rem;
    min-width: 0;
  }
  .tools {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  .tools label {
    display: inline-flex;
    align-items: center;
    gap: 0.35rem;
  }
  details {
    font-size: 0.8125rem;
  }
  summary {
    cursor: pointer;
    color: var(--_accent);
  }
  dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.2rem 0.75rem;
    margin: 0.35rem 0;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
  }
  kbd {
    font: inherit;
    border: 1px solid var(--_border);
    border-radius: 3px;
    padding: 0 0.3rem;
    background: var(--_subtle);
  }
  .status,
  .error {
    padding: 0.5rem 0;
  }
  .error {
    color: var(--_danger);
  }
  h2 {
    font-size: 1rem;
    margin: 0;
  }
  .marker-filter {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    margin-bottom: 0.5rem;
    font-size: 0.875rem;
  }
  .email-settings {
    margin-top: 0.5rem;
  }
  .email-settings summary {
    cursor: pointer;
  }
  .email-settings et-notification-preferences {
    margin-top: 0.5rem;
  }
`;
