import { css } from 'lit';

export const styles = css`
  :host {
    display: inline-block;
    position: relative;
  }
  [role='menu'] {
    position: absolute;
    z-index: 2;
    inset-inline-end: 0;
    margin: 0.25rem 0 0;
    padding: 0.25rem;
    list-style: none;
    min-width: 14rem;
    background: var(--et-download-menu-background, var(--_surface, #fff));
    border: 1px solid var(--et-download-menu-border, var(--_border, #ccc));
    border-radius: 0.375rem;
    box-shadow: 0 4px 12px rgb(0 0 0 / 0.15);
  }
  [role='menuitem'] {
    display: block;
    width: 100%;
    text-align: start;
    padding: 0.4rem 0.6rem;
    border: 0;
    background: none;
  }
  [role='menuitem']:focus-visible,
  [role='menuitem']:hover {
    background: var(--et-download-menu-hover, var(--_hover, #eef));
  }
`;
