import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../widget/src/exercise-thread.ts';
import type { EtVideoSurface } from '../../widget/src/elements/et-video-surface.ts';
import type { ExerciseThread } from '../../widget/src/exercise-thread.ts';
import { EXERCISE, exercise, fakeApi, fakeLive, ME, tokenFor } from './fixtures/fake-api.ts';

// A video that cannot play says so (issue 12). The media is served by the test runner's own
// loopback server (web-test-runner.config.mjs, `/test-media/`), which the test breaks and mends.

const media = (path: string) => new URL(`/test-media/${path}`, location.href).href;
const control = (query: string) => fetch(`/test-media/control?${query}`).then((r) => r.json());

async function mount(url: string, lang = 'en'): Promise<ExerciseThread> {
  const api = fakeApi({ exercise: exercise({ source: { type: 'url', url, youtube_id: null, media_asset_id: null } }) });
  const el = await fixture<ExerciseThread>(html`<exercise-thread
    api-base="http://api.test" exercise-id=${EXERCISE} token=${tokenFor(ME)} lang=${lang} .fetch=${api.fetch} .liveClientFactory=${fakeLive().factory}
  ></exercise-thread>`);
  await waitUntil(() => el.shadowRoot!.querySelector('et-video-surface'), 'the player shows', { timeout: 5000 });
  return el;
}

const surfaceOf = (el: ExerciseThread) => el.shadowRoot!.querySelector<EtVideoSurface>('et-video-surface')!;
const failure = (el: ExerciseThread) => surfaceOf(el).shadowRoot!.querySelector<HTMLElement>('[part="failure"]');
const video = (el: ExerciseThread) => surfaceOf(el).shadowRoot!.querySelector('video')!;

describe('a video that cannot play', () => {
  beforeEach(() => control('reset'));
  after(() => control('reset'));

  it('an MP4 answering 404 shows why, with "Try again", fires playback-error, and plays once the file is back', async () => {
    await control('break=sample.mp4');
    const waiting = oneEvent(document, 'playback-error');
    const thread = await mount(media('sample.mp4'));
    const event = await waiting;
    expect(event.detail).to.deep.equal({ kind: 'not-found', message: 'This video could not be found.' });
    await thread.updateComplete;
    const box = failure(thread)!;
    expect(box.getAttribute('role')).to.equal('alert');
    expect(box.textContent).to.contain('This video could not be found.');
    await expect(surfaceOf(thread)).to.be.accessible();

    await control('fix=sample.mp4');
    [...box.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Try again')!.click();
    await waitUntil(() => video(thread).readyState >= 1 && Number.isFinite(video(thread).duration), 'plays after the retry', { timeout: 8000 });
    expect(failure(thread)).to.equal(null);
  });

  it('an HLS segment answering 404 shows why (in the element’s language), and "Try again" recovers once it is back', async () => {
    await control('break=hls/segment-000.m4s');
    const waiting = oneEvent(document, 'playback-error');
    const thread = await mount(media('hls/index.m3u8'), 'fr');
    const event = await waiting;
    expect(event.detail.kind).to.equal('not-found');
    expect(event.detail.message).to.equal('Cette vidéo est introuvable.');
    await waitUntil(() => failure(thread), 'the message shows');
    const retry = [...failure(thread)!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Réessayer')!;

    await control('fix=hls/segment-000.m4s');
    retry.click();
    await waitUntil(() => video(thread).readyState >= 2, 'the first segment plays after the retry', { timeout: 10000 });
    expect(failure(thread)).to.equal(null);
    expect(video(thread).dataset.engine).to.equal('hls.js');
  });

  it('a source that answers nothing at all (no server) is a network failure', async () => {
    const waiting = oneEvent(document, 'playback-error');
    await mount('http://127.0.0.1:9/nothing.mp4');
    const event = await waiting;
    expect(event.detail).to.deep.equal({ kind: 'network', message: 'The video could not be loaded. Check the connection.' });
  });
});
