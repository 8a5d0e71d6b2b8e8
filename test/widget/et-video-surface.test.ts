import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../widget/src/elements/et-video-surface.ts';
import type { EtVideoSurface } from '../../widget/src/elements/et-video-surface.ts';
import { sourceKind } from '../../widget/src/players/player.ts';

const FAKE_YT = new URL('./fixtures/fake-youtube-api.js', import.meta.url).href;

describe('et-video-surface', () => {
  // The test server answers without byte ranges, so seeking needs the file in memory.
  let sample = '';
  before(async () => {
    sample = URL.createObjectURL(await (await fetch('/embed-demo/media/sample.mp4')).blob());
  });

  it('picks the player by source', () => {
    expect(sourceKind({ type: 'youtube', youtube_id: 'abc' })).to.equal('youtube');
    expect(sourceKind({ type: 'url', url: 'https://x/a/index.m3u8?token=1' })).to.equal('hls');
    expect(sourceKind({ type: 'url', url: 'https://x/a.mp4' })).to.equal('file');
  });

  it('plays a file through <video>, reports time, seeks, and reserves its aspect ratio', async () => {
    const el = await fixture<EtVideoSurface>(html`<et-video-surface style="width:320px" kind="file" src=${sample} label="Exercise video"></et-video-surface>`);
    const box = el.shadowRoot!.querySelector<HTMLElement>('.box')!;
    expect(box.getBoundingClientRect().height).to.be.closeTo(180, 1);
    await el.ready;
    const update = await oneEvent(el, 'et-time-update');
    expect(update.detail.paused).to.equal(true);
    await waitUntil(() => Number.isFinite(el.player!.duration), 'metadata loads');
    setTimeout(() => el.seek(3));
    await waitUntil(() => Math.abs(el.currentTime - 3) < 0.01);
    await expect(el).to.be.accessible();
  });

  it('plays YouTube through the IFrame API, loaded from its configured URL', async () => {
    const el = await fixture<EtVideoSurface>(html`<et-video-surface kind="youtube" youtube-id="M7lc1UVf-VE" youtube-api-url=${FAKE_YT} label="Exercise video"></et-video-surface>`);
    const player = await el.ready;
    expect(player).to.not.equal(undefined);
    expect(document.querySelector(`script[src="${FAKE_YT}"]`)).to.not.equal(null);
    expect(el.shadowRoot!.querySelector('iframe')).to.not.equal(null);
    await el.play();
    expect(el.paused).to.equal(false);
    setTimeout(() => el.seek(42));
    const e = await oneEvent(el, 'et-time-update');
    expect(e.detail.currentTime).to.equal(42);
    expect(e.detail.duration).to.equal(120);
    el.remove();
    expect((window as unknown as { __ytPlayers: { destroyed?: boolean }[] }).__ytPlayers.at(-1)!.destroyed).to.equal(true);
  });

  it('reports a YouTube video that cannot play through the same adapter interface: message, "Try again", et-playback-failed', async () => {
    const el = await fixture<EtVideoSurface>(html`<et-video-surface kind="youtube" youtube-id="gone-000000" youtube-api-url=${FAKE_YT} label="Exercise video"></et-video-surface>`);
    await el.ready;
    const yt = (window as unknown as { __ytPlayers: { fail(code: number): void }[] }).__ytPlayers.at(-1)!;
    setTimeout(() => yt.fail(100));
    const failed = await oneEvent(el, 'et-playback-failed');
    expect(failed.detail).to.deep.equal({ kind: 'not-found', message: 'This video could not be found.' });
    await el.updateComplete;
    const retry = [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('[part="failure"] button')].find((b) => b.textContent!.trim() === 'Try again')!;
    setTimeout(() => retry.click());
    await oneEvent(el, 'et-playback-retry-request');
    el.attempt = 1;
    await el.ready;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="failure"]')).to.equal(null);
    el.remove();
  });
});
