import { css } from 'lit';

export const styles = css`
  :host {
    display: block;
  }
  .box {
    position: relative;
    aspect-ratio: var(--et-aspect-ratio, 16 / 9);
    background: var(--et-video-background, #000);
    border-radius: var(--et-video-radius, var(--_radius));
    overflow: hidden;
  }
  .frame,
  ::slotted(*),
  video,
  .yt,
  .yt iframe {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    border: 0;
  }
  video {
    object-fit: contain;
  }
  /* Only the picture flips, with the drawings over it (they are in the picture's own frame): the
     timeline, markers and text outside it stay as they read. */
  :host([mirrored]) .frame {
    transform: scaleX(-1);
  }
  .failed {
    position: absolute;
    inset: 0;
    display: grid;
    place-content: center;
    justify-items: center;
    gap: 0.5rem;
    padding: 1rem;
    text-align: center;
    color: #fff;
    background: var(--et-video-failure-background, rgb(0 0 0 / 0.8));
  }
  .failed p {
    margin: 0;
  }
`;
