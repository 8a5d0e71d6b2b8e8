import { css } from 'lit';

/**
 * Tokens every part reads: a component variable, then a shared `--et-*` token, then a literal.
 * Light and dark follow the reader's `prefers-color-scheme`; hosts override the `--et-*` tokens.
 */
export const tokens = css`
  :host {
    --_fg: var(--et-color-text, #1d1d1f);
    --_bg: var(--et-color-surface, #ffffff);
    --_muted: var(--et-color-muted, #5a5d63);
    --_border: var(--et-color-border, #c9ccd1);
    --_accent: var(--et-color-accent, #0b57d0);
    --_on-accent: var(--et-color-on-accent, #ffffff);
    --_subtle: var(--et-color-subtle, #eef1f5);
    --_active: var(--et-color-active, #fff4cc);
    --_danger: var(--et-color-danger, #b3261e);
    --_focus: var(--et-color-focus, #0b57d0);
    --_radius: var(--et-radius, 6px);
    --_font: var(--et-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-family: var(--_font);
    color: var(--_fg);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_fg: var(--et-color-text, #ececf1);
      --_bg: var(--et-color-surface, #18191b);
      --_muted: var(--et-color-muted, #a9adb5);
      --_border: var(--et-color-border, #4a4d53);
      --_accent: var(--et-color-accent, #8ab4f8);
      --_on-accent: var(--et-color-on-accent, #0b1a33);
      --_subtle: var(--et-color-subtle, #25272b);
      --_active: var(--et-color-active, #3d3517);
      --_danger: var(--et-color-danger, #f2b8b5);
      --_focus: var(--et-color-focus, #8ab4f8);
    }
  }
  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  :focus-visible {
    outline: 3px solid var(--_focus);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    font-size: 0.875rem;
    color: var(--_fg);
    background: var(--_subtle);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.3rem 0.65rem;
    min-height: 2rem;
    cursor: pointer;
  }
  button:hover {
    border-color: var(--_fg);
  }
  button.primary {
    background: var(--_accent);
    color: var(--_on-accent);
    border-color: var(--_accent);
  }
  button.link {
    background: none;
    border: none;
    padding: 0.1rem 0.25rem;
    min-height: 0;
    color: var(--_accent);
    text-decoration: underline;
  }
  button[disabled] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;
