import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../widget/src/exercise-thread.ts';
import type { EtSideBySide } from '../../widget/src/elements/et-side-by-side.ts';
import type { EtVideoSurface } from '../../widget/src/elements/et-video-surface.ts';
import type { ExerciseThread } from '../../widget/src/exercise-thread.ts';
import { attempt, EXERCISE, exercise, fakeApi, fakeLive, json, ME, PROBLEM, thread, tokenFor } from './fixtures/fake-api.ts';

// Side by side (issue 18) inside <exercise-thread>, on the committed sample: the top element's
// controllers resolve the attempt's playback and save its sync point; `et-side-by-side` gets their
// results and the thread's attempts as properties, and its list follows the live channel.

const media = (path: string) => new URL(`/test-media/${path}`, location.href).href;
const THREAD = thread().id;

async function mount(options: { refuseSync?: boolean } = {}) {
  const api = fakeApi({ exercise: exercise({ source: { type: 'url', url: media('sample.mp4'), youtube_id: null, media_asset_id: null }, duration: 8 }) });
  const patches: { id: string; body: unknown }[] = [];
  let saved = attempt(1);
  api.state.override = (method, path, body) => {
    if (method === 'GET' && path === `/threads/${THREAD}/attempts?limit=200`) return json(200, { data: [saved], next_cursor: null });
    const playback = /^\/attempts\/([^/]+)\/playback$/.exec(path);
    if (method === 'GET' && playback) {
      return json(200, { kind: 'original', type: 'mp4', url: `${media('sample.mp4')}?attempt=${playback[1]}`, content_type: 'video/mp4', expires_at: '', duration: 8, frame_rate: 24 });
    }
    if (method === 'PATCH' && path === '/attempts/att-1') {
      patches.push({ id: 'att-1', body });
      if (options.refuseSync) return json(422, { type: `${PROBLEM}validation`, title: 'Invalid', status: 422, detail: 'The sync offset is out of range.' });
      saved = { ...saved, sync_offset: Number(body!.sync_offset) };
      return json(200, saved);
    }
    return undefined;
  };
  const live = fakeLive();
  const el = await fixture<ExerciseThread>(html`<exercise-thread
    api-base="http://api.test" exercise-id=${EXERCISE} token=${tokenFor(ME)} lang="en"
    .fetch=${api.fetch} .liveClientFactory=${live.factory}
  ></exercise-thread>`);
  await waitUntil(() => el.status === 'ready' && button(el.shadowRoot!, 'Side by side'), 'the toggle shows once the thread has an attempt', { timeout: 8000 });
  return { el, api, live, patches };
}

const button = (root: ParentNode, name: string) => [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent!.trim() === name);
const view = (el: ExerciseThread) => el.shadowRoot!.querySelector<EtSideBySide>('et-side-by-side');
const side = (el: ExerciseThread, which: 'model' | 'attempt') => view(el)?.shadowRoot!.querySelector<EtVideoSurface>(`et-video-surface.${which}`) ?? null;
/** "Beside the model": the view's list of the thread's attempts, as its options read. */
const besideModel = (el: ExerciseThread) => {
  const select = view(el)!.shadowRoot!.querySelector('select')!;
  const label = [...select.closest('label')!.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE);
  expect(label.map((n) => n.textContent).join('').trim()).to.equal('Beside the model');
  return [...select.options].map((o) => `${o.textContent!.trim()}${o.disabled ? ' [disabled]' : ''}${o.selected ? ' [selected]' : ''}`);
};
/** The top element's live region. */
const announced = (el: ExerciseThread) => el.shadowRoot!.querySelector('.layout > [role="status"][aria-live]')!.textContent;
/** The top element's "Attempt" select. */
const attemptSelect = (el: ExerciseThread) => [...el.shadowRoot!.querySelector<HTMLSelectElement>('.attempts select')!.options].map((o) => o.textContent!.trim());

async function openSideBySide(el: ExerciseThread): Promise<void> {
  button(el.shadowRoot!, 'Side by side')!.click();
  await waitUntil(() => side(el, 'model')?.player && side(el, 'attempt')?.player, 'both sides play', { timeout: 8000 });
  await el.updateComplete;
  await view(el)!.updateComplete;
}

describe('et-side-by-side in <exercise-thread>', function () {
  this.timeout(30_000);

  it('gets the attempt’s playback and the attempts as data: an attempt:created reaching the top element shows in its list at once', async () => {
    const { el, api, live } = await mount();
    await openSideBySide(el);
    const sbs = view(el)!;
    // The top element's controller asked for the attempt's playback; the view holds the answer, not a client.
    expect(api.state.requests).to.include('GET /attempts/att-1/playback');
    expect(sbs.attemptSource).to.deep.include({ id: 'att-1', kind: 'file', frameRate: 24 });
    expect(side(el, 'attempt')!.src).to.contain('attempt=att-1');
    expect(sbs.offset).to.equal(0.5);
    expect(besideModel(el)).to.deep.equal(['Attempt 1 [selected]']);

    // A new take, uploading: the live channel tells the top element; both lists show it.
    live.live.options!.onAttempt!('attempt:created', attempt(2, { status: 'pending', playable: false, sync_offset: 0 }));
    await el.updateComplete;
    await sbs.updateComplete;
    expect(besideModel(el)).to.deep.equal(['Attempt 1 [selected]', 'Attempt 2 (processing) [disabled]']);
    expect(attemptSelect(el)).to.deep.equal(['Model video', 'Attempt 1', 'Attempt 2']);
    expect(sbs.attempts.map((a) => a.id), 'the same list as the select’s').to.deep.equal(['att-1', 'att-2']);

    // Playable now (its original), it can be chosen: the top element resolves its playback.
    live.live.options!.onAttempt!('attempt:updated', attempt(2, { status: 'processing', playable: true, sync_offset: 0 }));
    await el.updateComplete;
    await sbs.updateComplete;
    expect(besideModel(el), 'the attempt shown stays until another is chosen').to.deep.equal(['Attempt 1 [selected]', 'Attempt 2']);
    const select = sbs.shadowRoot!.querySelector('select')!;
    select.value = 'att-2';
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => side(el, 'attempt')?.src.includes('attempt=att-2'), 'the chosen attempt plays beside the model', { timeout: 8000 });
    expect(api.state.requests).to.include('GET /attempts/att-2/playback');
    expect(sbs.attempt?.id).to.equal('att-2');
    expect(sbs.offset, 'its own sync offset').to.equal(0);
    expect(sbs.shadowRoot!.querySelector('figure:nth-of-type(2) .name')!.textContent).to.equal('Attempt 2');
    expect(besideModel(el)).to.deep.equal(['Attempt 1', 'Attempt 2 [selected]']);
    await expect(el).to.be.accessible();
  });

  it('"Set sync point" asks the top element, which saves it (PATCH) and announces it; the offset holds', async () => {
    const { el, patches } = await mount();
    await openSideBySide(el);
    const sbs = view(el)!;
    sbs.pause();
    sbs.seek(2);
    await waitUntil(() => Math.abs(side(el, 'attempt')!.currentTime - 2.5) < 0.05, 'the attempt waits at model time + offset');
    // The attempt alone two frames on (24 fps): the new offset is 0.5 + 2/24.
    button(sbs.shadowRoot!, 'Next frame of Attempt 1')!.click();
    await waitUntil(() => side(el, 'attempt')!.currentTime > 2.53, 'one frame on');
    button(sbs.shadowRoot!, 'Next frame of Attempt 1')!.click();
    await waitUntil(() => side(el, 'attempt')!.currentTime > 2.57, 'two frames on');
    const expected = Math.round((side(el, 'attempt')!.currentTime - side(el, 'model')!.currentTime) * 1000) / 1000;
    button(sbs.shadowRoot!, 'Set sync point')!.click();
    expect(sbs.sync.offset, 'the pair follows at once').to.equal(expected);
    await waitUntil(() => patches.length === 1 && sbs.offset === expected && !sbs.saving, 'saved');
    expect(patches[0]!.body).to.deep.equal({ sync_offset: expected });
    await el.updateComplete;
    await sbs.updateComplete;
    expect(sbs.shadowRoot!.querySelector('.offset')!.textContent).to.equal(`Sync offset: +${expected.toFixed(3)} s`);
    expect(announced(el)).to.equal(`Sync point saved: the attempt is +${expected.toFixed(3)} s from the model.`);
    expect(sbs.sync.offset).to.equal(expected);
  });

  it('a refused sync point puts the saved offset back and says why', async () => {
    const { el, patches } = await mount({ refuseSync: true });
    await openSideBySide(el);
    const sbs = view(el)!;
    sbs.pause();
    sbs.seek(2);
    await waitUntil(() => Math.abs(side(el, 'attempt')!.currentTime - 2.5) < 0.05, 'the attempt waits at model time + offset');
    button(sbs.shadowRoot!, 'Next frame of Attempt 1')!.click();
    await waitUntil(() => side(el, 'attempt')!.currentTime > 2.53, 'one frame on');
    button(sbs.shadowRoot!, 'Set sync point')!.click();
    expect(sbs.sync.offset).to.be.above(0.5);
    await waitUntil(() => patches.length === 1 && !sbs.saving && sbs.sync.offset === 0.5, 'the saved offset again');
    await el.updateComplete;
    expect(announced(el)).to.equal('The sync offset is out of range.');
    expect(sbs.shadowRoot!.querySelector('.offset')!.textContent).to.equal('Sync offset: +0.500 s');
  });
});
