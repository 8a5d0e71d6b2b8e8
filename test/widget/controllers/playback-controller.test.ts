import { expect, waitUntil } from '@open-wc/testing';
import { PlaybackController } from '../../../widget/src/controllers/playback-controller.ts';
import { SessionController } from '../../../widget/src/controllers/session-controller.ts';
import { exercise, fakeApi, json, ME, PROBLEM, tokenFor } from '../fixtures/fake-api.ts';
import { fakeHost } from '../fixtures/fake-host.ts';

const upload = exercise({ source: { type: 'upload', url: null, youtube_id: null, media_asset_id: 'asset-1' } });

function setup(answer: () => Response) {
  const api = fakeApi({ exercise: upload });
  api.state.override = (method, path) => (path.endsWith('/playback') ? answer() : undefined);
  const host = fakeHost({ token: tokenFor(ME) });
  host.fetch = api.fetch;
  const playback = new PlaybackController(host, new SessionController(host));
  return { api, host, playback, polls: () => api.state.requests.filter((r) => r.endsWith('/playback')).length };
}
const problem = (code: string) => json(409, { type: `${PROBLEM}${code}`, title: 'Not playable', status: 409, detail: 'whatever the words' });

describe('PlaybackController', () => {
  it('says processing on media-processing and plays once the live status says ready', async () => {
    let ready = false;
    const { host, playback } = setup(() => (ready ? json(200, { type: 'hls', url: 'https://x/master.m3u8', expires_at: '' }) : problem('media-processing')));
    playback.show(upload);
    await waitUntil(() => playback.playback.state === 'processing');
    ready = true;
    playback.mediaStatus({ media_asset_id: 'asset-1', status: 'ready', error: null });
    await waitUntil(() => playback.playback.state === 'play');
    expect(playback.playback).to.include({ kind: 'hls', src: 'https://x/master.m3u8' });
    host.remove();
  });

  it('says failed on media-failed, whatever the detail says, and does not poll', async () => {
    const { host, playback, polls } = setup(() => problem('media-failed'));
    playback.show(upload);
    await waitUntil(() => playback.playback.state === 'failed');
    expect(polls()).to.equal(1);
    host.remove();
  });

  it('"Try again" asks afresh and bumps the attempt, so the surface rebuilds its player', async () => {
    const { host, playback, polls } = setup(() => json(200, { type: 'mp4', url: 'https://x/a.mp4' }));
    playback.show(upload);
    await waitUntil(() => playback.playback.state === 'play');
    await playback.retry();
    expect([polls(), playback.attempt]).to.deep.equal([2, 1]);
    host.remove();
  });

  it('disconnected, it stops asking; connected again, it asks once more', async () => {
    const { host, playback, polls } = setup(() => problem('media-processing'));
    playback.show(upload);
    await waitUntil(() => playback.playback.state === 'processing');
    host.remove();
    expect(polls()).to.equal(1);
    document.body.append(host);
    await waitUntil(() => polls() === 2, 'asked again on reconnect');
    host.remove();
  });
});
