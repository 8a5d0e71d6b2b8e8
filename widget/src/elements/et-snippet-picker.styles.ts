import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
    position: relative;
    --_panel-bg: var(--et-snippet-panel-background, var(--_bg));
  }
  .panel {
    position: absolute;
    z-index: 2;
    bottom: calc(100% + 0.25rem);
    left: 0;
    width: min(22rem, 80vw);
    display: grid;
    gap: 0.35rem;
    padding: 0.5rem;
    background: var(--_panel-bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.15);
  }
  input {
    font: inherit;
    padding: 0.3rem 0.4rem;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
    max-height: 14rem;
    overflow-y: auto;
  }
  li {
    display: grid;
    padding: 0.3rem 0.4rem;
    border-radius: var(--_radius);
    cursor: pointer;
  }
  li[aria-selected='true'] {
    background: var(--_subtle);
    outline: 2px solid var(--_focus);
  }
  .title {
    font-weight: 600;
  }
  .body,
  .none {
    font-size: 0.75rem;
    color: var(--_muted);
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
`;
