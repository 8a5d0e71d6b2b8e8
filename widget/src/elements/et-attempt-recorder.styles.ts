import { css } from 'lit';

export const styles = css`
  :host {
    display: grid;
    gap: 0.5rem;
    --_preview-ratio: var(--et-recorder-aspect-ratio, 16 / 9);
  }
  h2 {
    margin: 0;
    font-size: 1rem;
  }
  video {
    width: 100%;
    aspect-ratio: var(--_preview-ratio);
    background: #000;
    border-radius: var(--_radius);
  }
  video.live {
    transform: var(--et-recorder-preview-transform, scaleX(-1));
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .countdown {
    font-size: 2rem;
    font-weight: 700;
    text-align: center;
    margin: 0;
  }
  .status {
    margin: 0;
    font-size: 0.875rem;
    color: var(--_muted);
  }
  .status.error {
    color: var(--_danger);
  }
  .recording::before {
    content: '● ';
    color: var(--et-recorder-dot-color, var(--_danger));
  }
  progress {
    width: 100%;
    accent-color: var(--et-recorder-bar-color, var(--_accent));
  }
  input[type='file'] {
    display: none;
  }
`;
