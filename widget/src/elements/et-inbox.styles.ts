import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    --_badge: var(--et-inbox-badge-color, var(--_danger));
    --_active-row: var(--et-inbox-active-background, var(--_subtle));
  }
  .filters {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem 1rem;
    align-items: end;
    margin-bottom: 0.5rem;
  }
  .filters label {
    display: grid;
    gap: 0.15rem;
    font-size: 0.8125rem;
  }
  .filters .check {
    display: flex;
    align-items: center;
    gap: 0.35rem;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.25rem;
  }
  li {
    position: relative;
    display: flex;
    gap: 0.35rem;
    align-items: stretch;
    border-radius: var(--_radius);
  }
  li[data-active] {
    background: var(--_active-row);
  }
  .row {
    flex: 1;
    display: grid;
    gap: 0.1rem;
    padding: 0.4rem 0.6rem;
    min-width: 0;
  }
  .open {
    justify-self: start;
    border: none;
    background: none;
    padding: 0;
    text-align: left;
  }
  /* The whole row opens the thread; the button stays its one accessible control. */
  .open::after {
    content: '';
    position: absolute;
    inset: 0;
  }
  .done {
    position: relative;
    z-index: 1;
    align-self: center;
  }
  .who {
    font-weight: 600;
  }
  .meta,
  .hint,
  .excerpt {
    font-size: 0.75rem;
    color: var(--_muted);
  }
  .excerpt {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .badge {
    color: var(--_badge);
    font-weight: 600;
  }
`;
