import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0 0.25rem 0 0;
    max-height: var(--et-list-max-height, 28rem);
    overflow-y: auto;
    overscroll-behavior: contain;
    position: relative;
  }
  /* The virtualizer contains the list's size: it must be given one. */
  ol.windowed {
    height: var(--et-list-max-height, 28rem);
  }
  ol.windowed > li {
    width: 100%;
  }
  /* Off-screen comments are not in the DOM here; a placeholder size would only keep the
     virtualizer re-measuring. */
  ol.windowed et-comment {
    content-visibility: visible;
  }
  li + li {
    border-top: 1px solid var(--et-list-divider-color, var(--_border));
  }
  .empty {
    color: var(--_muted);
    padding: 0.5rem 0;
  }
`;
