import { expect, fixture, fixtureCleanup, html, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../widget/src/exercise-thread.ts';
import type { EtVideoSurface } from '../../widget/src/elements/et-video-surface.ts';
import type { ExerciseThread } from '../../widget/src/exercise-thread.ts';
import type { ExerciseView } from '../../widget/src/lib/types.ts';
import { comment, ME, TEACHER } from './fixtures/comments.ts';
import { EXERCISE, exercise, fakeApi, fakeLive, json, tokenFor } from './fixtures/fake-api.ts';

// The practice player (issue 17) in Chromium, on the committed sample (8 s, 24 frames per second,
// 480×270, a test card: black bar at the left, white at the right), served with byte ranges by the
// runner's loopback media server, as MP4 and as HLS (hls.js); and YouTube through the stand-in
// IFrame API with its clock running.

const media = (path: string) => new URL(`/test-media/${path}`, location.href).href;
const FAKE_YT = new URL('./fixtures/fake-youtube-api.js', import.meta.url).href;
const RANGE = comment({ t_start: 1, t_end: 1.6, body: 'The turn' });
const POINT = comment({ t_start: 4, t_end: 4, body: 'Heel down' });

interface Mounted {
  el: ExerciseThread;
  api: ReturnType<typeof fakeApi>;
}

async function mount(source: ExerciseView['source'], options: { frameRate?: number | null; user?: string; speedControl?: boolean; youtube?: boolean } = {}): Promise<Mounted> {
  const api = fakeApi({ exercise: exercise({ source, duration: 8, speed_control: options.speedControl ?? true }), comments: [RANGE, POINT] });
  api.state.frameRate = options.frameRate ?? null;
  if (options.youtube) {
    api.state.override = (method, path) =>
      method === 'GET' && path.endsWith('/playback') ? json(200, { type: 'youtube', url: `https://www.youtube.com/watch?v=${source.youtube_id}`, frame_rate: null }) : undefined;
  }
  const el = await fixture<ExerciseThread>(html`<exercise-thread
    api-base="http://api.test" exercise-id=${EXERCISE} token=${tokenFor(options.user ?? ME)} lang="en" youtube-api-url=${FAKE_YT}
    .fetch=${api.fetch} .liveClientFactory=${fakeLive().factory}
  ></exercise-thread>`);
  await waitUntil(() => el.status === 'ready' && surface(el)?.player, 'the player is ready', { timeout: 8000 });
  await el.updateComplete;
  return { el, api };
}

const surface = (el: ExerciseThread) => el.shadowRoot!.querySelector<EtVideoSurface>('et-video-surface')!;
const bar = (el: ExerciseThread) => el.shadowRoot!.querySelector('et-practice-bar')!;
const video = (el: ExerciseThread) => surface(el).shadowRoot!.querySelector('video')!;
const button = (root: ParentNode, name: string) => {
  const found = [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent!.trim()) === name);
  if (!found) throw new Error(`no button named ${name}`);
  return found;
};
const barButton = (el: ExerciseThread, name: string) => button(bar(el).shadowRoot!, name);
const speedSelect = (el: ExerciseThread) => bar(el).shadowRoot!.querySelector('select');
const commentEls = (el: ExerciseThread) => [...el.shadowRoot!.querySelector('et-comment-list')!.shadowRoot!.querySelectorAll('et-comment')];
const frameShown = (v: HTMLVideoElement) => new Promise<VideoFrameCallbackMetadata>((resolve) => v.requestVideoFrameCallback((_now, meta) => resolve(meta)));
const press = (el: ExerciseThread, key: string, target: Element = el) => target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));

/** Pauses, seeks to `t` and resolves with the frame presented there (asked before the seek, so it cannot be missed). */
async function pausedAt(el: ExerciseThread, t: number): Promise<VideoFrameCallbackMetadata> {
  const v = video(el);
  v.pause();
  const shown = new Promise<VideoFrameCallbackMetadata>((resolve) => {
    const check = (_now: number, meta: VideoFrameCallbackMetadata) => (Math.abs(meta.mediaTime - t) < 0.05 ? resolve(meta) : v.requestVideoFrameCallback(check));
    v.requestVideoFrameCallback(check);
  });
  v.currentTime = t;
  return shown;
}

/** Every seek made on the player from now on, with the time it was at when asked. */
function recordSeeks(target: 'video' | 'youtube', el: ExerciseThread): { from: number; to: number }[] {
  const seeks: { from: number; to: number }[] = [];
  if (target === 'video') {
    const v = video(el);
    const property = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'currentTime')!;
    Object.defineProperty(v, 'currentTime', {
      configurable: true,
      get: () => property.get!.call(v) as number,
      set: (to: number) => {
        seeks.push({ from: property.get!.call(v) as number, to });
        property.set!.call(v, to);
      },
    });
  } else {
    const player = yt();
    const seekTo = player.seekTo.bind(player);
    player.seekTo = (to: number, ahead: boolean) => {
      seeks.push({ from: player.getCurrentTime(), to });
      seekTo(to, ahead);
    };
  }
  return seeks;
}

/**
 * Waits for `cycles` restarts of [start, end): seeks back to `start` asked once the playhead had
 * reached the end. Each restart's overshoot is how far past `end` the playhead was when it was asked.
 */
async function loopRestarts(seeks: { from: number; to: number }[], start: number, end: number, cycles: number, limitMs: number): Promise<number[]> {
  const restarts = () => seeks.filter((s) => Math.abs(s.to - start) < 1e-6 && s.from >= end - 1e-6);
  await waitUntil(() => restarts().length >= cycles, `${cycles} restarts`, { timeout: limitMs, interval: 20 });
  return restarts().map((s) => s.from - end);
}

type FakeYT = {
  rate: number;
  destroyed?: boolean;
  options: { playerVars: Record<string, unknown> };
  getCurrentTime(): number;
  getPlayerState(): number;
  seekTo(t: number, ahead: boolean): void;
};
const yt = () => (window as unknown as { __ytPlayers: FakeYT[] }).__ytPlayers.at(-1)!;

/** Pixels of a screenshot of the page (as composited) within `rect`. */
async function screenshot(rect: DOMRect): Promise<ImageData> {
  const clip = { x: Math.round(rect.left), y: Math.round(rect.top), width: Math.round(rect.width), height: Math.round(rect.height) };
  const b64 = await executeServerCommand<string, { clip: typeof clip }>('page-screenshot', { clip });
  const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${b64}`)).blob());
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  return ctx.getImageData(0, 0, bitmap.width, bitmap.height);
}
const luminance = (img: ImageData, fx: number, fy: number) => {
  const i = (Math.floor(fy * (img.height - 1)) * img.width + Math.floor(fx * (img.width - 1))) * 4;
  return (img.data[i]! + img.data[i + 1]! + img.data[i + 2]!) / 3;
};

const SOURCES = [
  { name: 'MP4', source: { type: 'url' as const, url: media('sample.mp4'), youtube_id: null, media_asset_id: null } },
  { name: 'HLS', source: { type: 'url' as const, url: media('hls/index.m3u8'), youtube_id: null, media_asset_id: null } },
];

afterEach(() => {
  fixtureCleanup();
  localStorage.clear();
});

for (const { name, source } of SOURCES) {
  describe(`practice player, ${name}`, function () {
    this.timeout(40_000);

    it('"Loop this range" restarts the range within 100 ms of its end for five cycles, survives a seek inside, ends on a seek outside', async () => {
      const { el } = await mount(source, { frameRate: 24 });
      const range = commentEls(el).find((c) => c.comment.id === RANGE.id)!;
      const seeks = recordSeeks('video', el);
      button(range.shadowRoot!, 'Loop this range').click();
      await el.updateComplete;
      expect(barButton(el, 'Loop').getAttribute('aria-pressed')).to.equal('true');
      const v = video(el);
      const overshoots = await loopRestarts(seeks, 1, 1.6, 5, 15_000);
      console.log(`${name} loop overshoot past the range's end (s): ${overshoots.map((o) => o.toFixed(3)).join(', ')}; max ${Math.max(...overshoots).toFixed(3)}`);
      for (const o of overshoots) expect(o).to.be.below(0.1);

      el.seek(1.3);
      await loopRestarts(seeks, 1, 1.6, overshoots.length + 1, 4000);
      expect(barButton(el, 'Loop').getAttribute('aria-pressed')).to.equal('true');

      el.seek(5);
      await el.updateComplete;
      expect(barButton(el, 'Loop').getAttribute('aria-pressed')).to.equal('false');
      await new Promise((r) => setTimeout(r, 1200));
      expect(v.currentTime).to.be.above(5.5, 'plays on past the old range');
    });

    it('speed 0.5 plays at half rate with pitch kept; the choice and the mirror are remembered for this user and exercise', async () => {
      const { el } = await mount(source, { frameRate: 24 });
      const select = speedSelect(el)!;
      expect([...select.options].map((o) => o.textContent)).to.deep.equal(['0.25×', '0.5×', '0.75×', '1×', '1.25×', '1.5×', '2×']);
      select.value = '0.5';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      const v = video(el);
      expect(v.playbackRate).to.equal(0.5);
      expect(v.preservesPitch).to.equal(true);
      v.currentTime = 0.5;
      await v.play();
      await new Promise((r) => setTimeout(r, 300));
      const t0 = v.currentTime;
      const w0 = performance.now();
      await new Promise((r) => setTimeout(r, 2000));
      const rate = (v.currentTime - t0) / ((performance.now() - w0) / 1000);
      console.log(`${name} measured rate at 0.5×: ${rate.toFixed(3)} media s per wall s`);
      expect(rate).to.be.within(0.45, 0.55);
      v.pause();
      barButton(el, 'Mirror').click();
      await el.updateComplete;

      fixtureCleanup();
      const again = await mount(source, { frameRate: 24 });
      expect(speedSelect(again.el)!.value).to.equal('0.5');
      expect(video(again.el).playbackRate).to.equal(0.5);
      expect(barButton(again.el, 'Mirror').getAttribute('aria-pressed')).to.equal('true');
      fixtureCleanup();
      const other = await mount(source, { frameRate: 24, user: TEACHER });
      expect(speedSelect(other.el)!.value).to.equal('1');
      expect(barButton(other.el, 'Mirror').getAttribute('aria-pressed')).to.equal('false');
    });

    it('"Next frame" advances one frame (1/24 s) onto a new frame, "Previous frame" goes back; in and out points land on frames', async () => {
      const { el } = await mount(source, { frameRate: 24 });
      const v = video(el);
      const first = await pausedAt(el, 2);
      const t0 = v.currentTime;
      let shown = frameShown(v);
      barButton(el, 'Next frame').click();
      const next = await shown;
      expect(v.currentTime - t0).to.be.closeTo(1 / 24, 1 / 48);
      expect(next.mediaTime - first.mediaTime).to.be.closeTo(1 / 24, 0.005, 'a new frame is presented');
      expect(v.paused).to.equal(true);
      shown = frameShown(v);
      press(el, '.');
      const third = await shown;
      expect(third.mediaTime - next.mediaTime).to.be.closeTo(1 / 24, 0.005);
      shown = frameShown(v);
      barButton(el, 'Previous frame').click();
      const back = await shown;
      expect(back.mediaTime).to.be.closeTo(next.mediaTime, 0.005);
      expect(bar(el).shadowRoot!.querySelector('.approximate')).to.equal(null, 'exact with a known frame rate');

      // I at this frame: the in point is the frame's start, to the millisecond, inside the frame.
      await waitUntil(() => Math.abs(((el as unknown as { currentTime: number }).currentTime) - v.currentTime) < 1e-6);
      press(el, 'i');
      const composer = el.shadowRoot!.querySelector('et-composer')!;
      await composer.updateComplete;
      const frame = Math.round(back.mediaTime * 24);
      expect(composer.rangeStart).to.be.at.least(frame / 24);
      expect(composer.rangeStart).to.be.below((frame + 1) / 24);
      expect(composer.rangeStart! * 1000).to.be.closeTo(Math.round(composer.rangeStart! * 1000), 1e-6);
    });

    it('"Mirror" flips the video, not the timeline or the text: by computed style and in a screenshot', async () => {
      const { el } = await mount(source, { frameRate: 24 });
      el.style.display = 'block';
      el.style.width = '480px';
      await pausedAt(el, 2);
      const box = surface(el).shadowRoot!.querySelector('.box')!.getBoundingClientRect();
      const timeline = el.shadowRoot!.querySelector('et-timeline')!;
      const before = await screenshot(box);
      const timelineBefore = await screenshot(timeline.getBoundingClientRect());
      // The test card: black at the left edge, white at the right.
      expect(luminance(before, 0.03, 0.3)).to.be.below(60);
      expect(luminance(before, 0.97, 0.3)).to.be.above(200);

      press(el, 'm');
      await el.updateComplete;
      expect(barButton(el, 'Mirror').getAttribute('aria-pressed')).to.equal('true');
      expect(getComputedStyle(surface(el).shadowRoot!.querySelector('.frame')!).transform).to.equal('matrix(-1, 0, 0, 1, 0, 0)');
      expect(video(el).controls).to.equal(false, 'native controls would read backwards');
      for (const unflipped of [timeline, bar(el), el.shadowRoot!.querySelector('et-comment-list')!, el.shadowRoot!.querySelector('et-composer')!, surface(el)]) {
        expect(getComputedStyle(unflipped).transform).to.equal('none');
      }
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const after = await screenshot(box);
      expect(luminance(after, 0.03, 0.3)).to.be.above(200);
      expect(luminance(after, 0.97, 0.3)).to.be.below(60);
      const timelineAfter = await screenshot(timeline.getBoundingClientRect());
      // Drawn as before (a flipped timeline would move its played part and markers to the other side).
      let changed = 0;
      for (let i = 0; i < timelineAfter.data.length; i++) if (Math.abs(timelineAfter.data[i]! - timelineBefore.data[i]!) > 24) changed++;
      expect(changed / timelineAfter.data.length).to.be.below(0.01, 'the timeline is drawn as before');

      press(el, 'M');
      await el.updateComplete;
      expect(getComputedStyle(video(el)).transform).to.equal('none');
      expect(video(el).controls).to.equal(true);
    });
  });
}

describe('practice player, controls', function () {
  this.timeout(30_000);
  const mp4 = SOURCES[0]!.source;

  it('a point comment plays the window around its moment (3 s before, 2 s after by default, configurable), then stops', async () => {
    const { el } = await mount(mp4, { frameRate: 24 });
    const point = commentEls(el).find((c) => c.comment.id === POINT.id)!;
    // A short window keeps the test quick: 0.5 s before, 0.5 s after.
    const inputs = bar(el).shadowRoot!.querySelectorAll<HTMLInputElement>('details input');
    inputs[0]!.value = '0.5';
    inputs[1]!.value = '0.5';
    inputs[1]!.dispatchEvent(new Event('change', { bubbles: true }));
    button(point.shadowRoot!, 'Play around 00:04.0').click();
    const v = video(el);
    await waitUntil(() => !v.paused, 'plays');
    expect(v.currentTime).to.be.closeTo(3.5, 0.15);
    await waitUntil(() => v.paused, 'stops at the window’s end', { timeout: 4000 });
    expect(v.currentTime).to.be.within(4.45, 4.6);
    expect(JSON.parse(localStorage.getItem([...Object.keys(localStorage)].find((k) => k.startsWith('et-practice:'))!)!)).to.include({ before: 0.5, after: 0.5 });

    // Defaults where nothing was chosen.
    localStorage.clear();
    fixtureCleanup();
    const fresh = await mount(mp4, { frameRate: 24 });
    const [before, after] = [...bar(fresh.el).shadowRoot!.querySelectorAll<HTMLInputElement>('details input')].map((i) => Number(i.value));
    expect([before, after]).to.deep.equal([3, 2]);
  });

  it('Loop (L) loops the composer’s in/out range; keys change speed and never fire while typing; every new key is in the list', async () => {
    const { el } = await mount(mp4, { frameRate: 24 });
    press(el, 'l');
    await el.updateComplete;
    expect(barButton(el, 'Loop').getAttribute('aria-pressed')).to.equal('false', 'nothing to loop yet');
    expect(el.shadowRoot!.querySelector('[role="status"][aria-live]')!.textContent).to.contain('Set in and out points');
    const composer = el.shadowRoot!.querySelector('et-composer')!;
    composer.markIn(3);
    composer.markOut(3.6);
    await composer.updateComplete;
    await el.updateComplete;
    press(el, 'L');
    await el.updateComplete;
    expect(barButton(el, 'Loop').getAttribute('aria-pressed')).to.equal('true');
    expect(el.shadowRoot!.querySelector('[role="status"][aria-live]')!.textContent).to.contain('Looping 00:03.0 to 00:03.6');
    const v = video(el);
    const seeks = recordSeeks('video', el);
    await loopRestarts(seeks, 3, 3.6, 2, 6000);
    barButton(el, 'Loop').click();
    await el.updateComplete;
    expect(barButton(el, 'Loop').getAttribute('aria-pressed')).to.equal('false');

    press(el, '>');
    expect(v.playbackRate).to.equal(1.25);
    press(el, '<');
    press(el, '<');
    expect(v.playbackRate).to.equal(0.75);
    await el.updateComplete;
    expect(speedSelect(el)!.value).to.equal('0.75');
    const area = composer.shadowRoot!.querySelector('textarea')!;
    for (const key of ['<', '>', ',', '.', 'm', 'l']) press(el, key, area);
    await el.updateComplete;
    expect(v.playbackRate).to.equal(0.75);
    expect(barButton(el, 'Mirror').getAttribute('aria-pressed')).to.equal('false');

    const list = el.shadowRoot!.querySelector('.tools dl')!.textContent!;
    for (const key of ['L', '<', '>', ',', '.', 'M']) expect(list).to.contain(key);
    expect(list).to.contain('Mirror the video');
  });

  it('with speed_control off there is no Speed and < > do nothing; an unknown frame rate steps 1/30 s, labelled approximate', async () => {
    const { el } = await mount(mp4, { frameRate: null, speedControl: false });
    expect(speedSelect(el)).to.equal(null);
    press(el, '>');
    expect(video(el).playbackRate).to.equal(1);
    const v = video(el);
    await pausedAt(el, 2);
    const t0 = v.currentTime;
    const shown = frameShown(v);
    barButton(el, 'Next frame').click();
    await shown;
    expect(v.currentTime - t0).to.be.closeTo(1 / 30, 1 / 60);
    const next = barButton(el, 'Next frame');
    const note = bar(el).shadowRoot!.getElementById(next.getAttribute('aria-describedby')!)!;
    expect(note.textContent).to.contain('approximate');
  });

  it('every new control shown passes axe, and each is a target of at least 24 × 24 px, timeline markers included', async () => {
    const { el } = await mount(mp4, { frameRate: null });
    bar(el).shadowRoot!.querySelector('details')!.open = true;
    el.shadowRoot!.querySelector<HTMLDetailsElement>('.tools details')!.open = true;
    barButton(el, 'Loop').click();
    await el.updateComplete;
    await expect(el).to.be.accessible();
    const targets = [
      ...bar(el).shadowRoot!.querySelectorAll<HTMLElement>('button, select, input, summary'),
      ...commentEls(el).flatMap((c) => [...c.shadowRoot!.querySelectorAll<HTMLElement>('button.practice, button.timecode')]),
      ...el.shadowRoot!.querySelector('et-timeline')!.shadowRoot!.querySelectorAll<HTMLElement>('.marker'),
    ];
    expect(targets.length).to.be.above(10);
    for (const t of targets) {
      const r = t.getBoundingClientRect();
      expect(r.width, t.outerHTML).to.be.at.least(24);
      expect(r.height, t.outerHTML).to.be.at.least(24);
    }
  });
});

describe('practice player, YouTube (stand-in IFrame API with its clock running)', function () {
  this.timeout(30_000);
  before(() => {
    (window as unknown as { __ytRealtime: boolean }).__ytRealtime = true;
  });
  after(() => {
    (window as unknown as { __ytRealtime: boolean }).__ytRealtime = false;
  });
  const source = { type: 'youtube' as const, url: 'https://www.youtube.com/watch?v=M7lc1UVf-VE', youtube_id: 'M7lc1UVf-VE', media_asset_id: null };

  it('loops a range within 100 ms of its end, plays at the speeds YouTube reports, steps 1/30 s labelled approximate, mirrors without its controls', async () => {
    const { el } = await mount(source, { youtube: true });
    const range = commentEls(el).find((c) => c.comment.id === RANGE.id)!;
    const seeks = recordSeeks('youtube', el);
    button(range.shadowRoot!, 'Loop this range').click();
    const overshoots = await loopRestarts(seeks, 1, 1.6, 5, 15_000);
    console.log(`YouTube (stand-in) loop overshoot (s): ${overshoots.map((o) => o.toFixed(3)).join(', ')}`);
    for (const o of overshoots) expect(o).to.be.below(0.1);
    barButton(el, 'Loop').click();

    await el.updateComplete;
    expect([...speedSelect(el)!.options].map((o) => o.textContent)).to.deep.equal(['0.25×', '0.5×', '0.75×', '1×', '1.25×', '1.5×', '1.75×', '2×']);
    const select = speedSelect(el)!;
    select.value = '0.5';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    expect(yt().rate).to.equal(0.5);
    el.seek(10);
    const t0 = yt().getCurrentTime();
    const w0 = performance.now();
    await new Promise((r) => setTimeout(r, 1000));
    expect((yt().getCurrentTime() - t0) / ((performance.now() - w0) / 1000)).to.be.within(0.45, 0.55);

    press(el, '.');
    await el.updateComplete;
    const paused = yt().getCurrentTime();
    expect(yt().getPlayerState()).to.equal(2, 'a frame step pauses');
    press(el, '.');
    expect(yt().getCurrentTime() - paused).to.be.closeTo(1 / 30, 1e-6);
    await el.updateComplete;
    const next = barButton(el, 'Next frame');
    expect(bar(el).shadowRoot!.getElementById(next.getAttribute('aria-describedby')!)!.textContent).to.contain('approximate');

    const old = yt();
    const at = old.getCurrentTime();
    barButton(el, 'Mirror').click();
    await waitUntil(() => yt() !== old && yt().getCurrentTime() === at, 'rebuilt where it was');
    expect(old.destroyed).to.equal(true);
    expect(yt().options.playerVars.controls).to.equal(0);
    expect(yt().rate).to.equal(0.5);
    expect(getComputedStyle(surface(el).shadowRoot!.querySelector('.frame')!).transform).to.equal('matrix(-1, 0, 0, 1, 0, 0)');
    expect(getComputedStyle(el.shadowRoot!.querySelector('et-timeline')!).transform).to.equal('none');
  });
});
