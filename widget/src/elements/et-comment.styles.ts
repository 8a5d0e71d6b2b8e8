import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
    content-visibility: auto;
    contain-intrinsic-size: auto 5.5rem;
  }
  article {
    padding: var(--et-comment-padding, 0.5rem 0.6rem);
    border-radius: var(--_radius);
    border-left: 3px solid transparent;
  }
  :host([active]) > article {
    background: var(--et-comment-active-background, var(--_active));
    border-left-color: var(--et-comment-active-border, var(--_accent));
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 0.5rem;
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  .author {
    font-weight: 600;
    color: var(--_fg);
  }
  button.timecode {
    font-variant-numeric: tabular-nums;
    font-weight: 600;
    min-height: 1.5rem;
  }
  /* Loop this range, or play the window around a moment: at least 24 by 24 px to tap. */
  .practice {
    min-height: 1.5rem;
    min-width: 1.5rem;
    padding: 0 0.4rem;
    font-size: 0.75rem;
  }
  .body {
    margin: 0.25rem 0;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  .notice {
    margin: 0.25rem 0;
    font-style: italic;
    color: var(--_muted);
  }
  .failed {
    color: var(--_danger);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
  }
  .actions button {
    font-size: 0.8125rem;
    min-height: 1.75rem;
    padding: 0.1rem 0.5rem;
  }
  textarea {
    width: 100%;
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.4rem;
  }
  ol {
    list-style: none;
    margin: 0.25rem 0 0 1rem;
    padding: 0 0 0 0.5rem;
    border-left: 2px solid var(--_border);
  }
`;
