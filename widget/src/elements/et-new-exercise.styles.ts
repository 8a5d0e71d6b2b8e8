import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  form {
    display: grid;
    gap: 0.6rem;
  }
  h2 {
    font-size: 1rem;
    margin: 0;
  }
  label {
    display: grid;
    gap: 0.25rem;
    font-size: 0.875rem;
  }
  input[type='text'],
  input[type='url'],
  textarea {
    font: inherit;
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.35rem 0.5rem;
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
  }
  fieldset label {
    display: flex;
    gap: 0.3rem;
    align-items: center;
  }
  .error {
    color: var(--et-form-error-color, var(--_danger));
    margin: 0;
  }
`;
