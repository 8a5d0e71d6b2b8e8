import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../widget/src/elements/et-attempt-recorder.ts';
import type { EtAttemptRecorder } from '../../widget/src/elements/et-attempt-recorder.ts';

// Chromium runs with a fake camera and microphone, allowed without a prompt (web-test-runner.config.mjs).
const root = (el: EtAttemptRecorder) => el.shadowRoot!;
const button = (el: EtAttemptRecorder, name: string) => [...root(el).querySelectorAll('button')].find((b) => b.textContent!.trim() === name);
const names = (el: EtAttemptRecorder) => [...root(el).querySelectorAll('button')].map((b) => b.textContent!.trim());
const pick = (el: EtAttemptRecorder, file: File) => {
  const input = root(el).querySelector<HTMLInputElement>('input[type="file"]')!;
  const dt = new DataTransfer();
  dt.items.add(file);
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
};

describe('et-attempt-recorder', () => {
  it('records with the camera after 3-2-1, stops at the time limit, offers Retake and Send, and passes axe throughout', async () => {
    const el = await fixture<EtAttemptRecorder>(html`<et-attempt-recorder max-seconds="2"></et-attempt-recorder>`);
    expect(names(el)).to.deep.equal(['Record an attempt', 'Choose a video file']);
    const input = root(el).querySelector<HTMLInputElement>('input[type="file"]')!;
    expect([input.accept, input.hasAttribute('capture')]).to.deep.equal(['video/*', true]);
    await expect(el).to.be.accessible();

    button(el, 'Record an attempt')!.click();
    await waitUntil(() => root(el).querySelector('.countdown'), 'the countdown shows', { timeout: 5000 });
    expect(root(el).querySelector('.countdown')!.textContent).to.equal('Recording in 3…');
    const live = root(el).querySelector<HTMLVideoElement>('video.live')!;
    await waitUntil(() => live.srcObject instanceof MediaStream, 'the camera preview plays');
    expect(names(el)).to.deep.equal(['Stop recording']);
    await expect(el).to.be.accessible();

    await waitUntil(() => root(el).querySelector('[role="timer"]'), 'recording after the countdown', { timeout: 5000 });
    await waitUntil(() => button(el, 'Send attempt'), 'stopped at the limit', { timeout: 6000 });
    expect(root(el).querySelector('[role="alert"]')!.textContent).to.contain('The time limit (00:02.0) is reached');
    expect(names(el)).to.deep.equal(['Retake', 'Send attempt', 'Choose a video file']);
    const take = el.take!;
    expect(take.type).to.equal('video/webm');
    expect(take.size).to.be.greaterThan(1000);
    // The take plays back before it is sent.
    const review = root(el).querySelector<HTMLVideoElement>('video[controls]')!;
    await waitUntil(() => review.readyState >= 1, 'the take loads');
    expect(review.getAttribute('aria-label')).to.equal('Your take');
    await expect(el).to.be.accessible();

    setTimeout(() => button(el, 'Send attempt')!.click());
    const sent = await oneEvent(el, 'et-attempt-send-request');
    expect(sent.detail.file).to.equal(take);
    expect(sent.bubbles && sent.composed).to.equal(true);
    await el.updateComplete;
    expect(names(el)).to.deep.equal(['Record an attempt', 'Choose a video file']);
  });

  it('Retake discards the take and records again; Stop recording during the countdown goes back', async () => {
    const el = await fixture<EtAttemptRecorder>(html`<et-attempt-recorder max-seconds="1"></et-attempt-recorder>`);
    button(el, 'Record an attempt')!.click();
    await waitUntil(() => button(el, 'Retake'), 'a first take', { timeout: 8000 });
    const first = el.take;
    button(el, 'Retake')!.click();
    await waitUntil(() => root(el).querySelector('.countdown'), 'counting down again');
    expect(el.take).to.equal(undefined);
    button(el, 'Stop recording')!.click();
    await el.updateComplete;
    expect(names(el)).to.deep.equal(['Record an attempt', 'Choose a video file']);
    expect(first!.size).to.be.greaterThan(0);
  });

  it('says clearly when the camera is refused, and offers the file instead', async () => {
    const original = navigator.mediaDevices.getUserMedia;
    navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    try {
      const el = await fixture<EtAttemptRecorder>(html`<et-attempt-recorder></et-attempt-recorder>`);
      button(el, 'Record an attempt')!.click();
      await waitUntil(() => root(el).querySelector('[role="alert"]'), 'the refusal shows');
      expect(root(el).querySelector('[role="alert"]')!.textContent).to.equal(
        'The camera or microphone could not be used (Permission denied). You can choose a video file instead.',
      );
      expect(names(el)).to.deep.equal(['Choose a video file']);
      await expect(el).to.be.accessible();
    } finally {
      navigator.mediaDevices.getUserMedia = original;
    }
  });

  it('refuses a file over the size or time limit before anything is sent, and reviews one within them', async () => {
    const el = await fixture<EtAttemptRecorder>(html`<et-attempt-recorder max-seconds="3" max-bytes="1048576"></et-attempt-recorder>`);
    let asked = 0;
    el.addEventListener('et-attempt-send-request', () => asked++);
    pick(el, new File([new Uint8Array(2 * 1048576)], 'big.mp4', { type: 'video/mp4' }));
    await waitUntil(() => root(el).querySelector('[role="alert"]'), 'too large');
    expect(root(el).querySelector('[role="alert"]')!.textContent).to.equal('big.mp4 is 2.0 MB; the largest attempt is 1.0 MB.');

    // The demo's sample lasts longer than 3 s.
    const sample = await (await fetch('/test-media/sample.mp4')).blob();
    el.maxBytes = 0;
    pick(el, new File([sample], 'sample.mp4', { type: 'video/mp4' }));
    await waitUntil(() => root(el).querySelector('[role="alert"]')?.textContent?.startsWith('sample.mp4 lasts'), 'too long');
    expect(button(el, 'Send attempt')).to.equal(undefined);

    el.maxSeconds = 0;
    pick(el, new File([sample], 'sample.mp4', { type: 'video/mp4' }));
    await waitUntil(() => button(el, 'Send attempt'), 'reviewed');
    expect(root(el).querySelector('[role="alert"]')).to.equal(null);
    expect(asked).to.equal(0);
    setTimeout(() => button(el, 'Send attempt')!.click());
    const sent = await oneEvent(el, 'et-attempt-send-request');
    expect(sent.detail.file.name).to.equal('sample.mp4');
  });

  it('shows the sending progress it is given', async () => {
    const el = await fixture<EtAttemptRecorder>(html`<et-attempt-recorder></et-attempt-recorder>`);
    el.progress = { state: 'uploading', fileName: 'a.webm', loaded: 30, total: 100 };
    await el.updateComplete;
    expect(root(el).querySelector('progress')!.value).to.equal(30);
    expect(root(el).querySelector('.status')!.textContent!.trim()).to.equal('Sending your attempt: 30%');
    expect(button(el, 'Record an attempt')!.disabled).to.equal(true);
    await expect(el).to.be.accessible();
    el.progress = { state: 'paused', fileName: 'a.webm', loaded: 30, total: 100, error: 'The connection dropped.' };
    await el.updateComplete;
    expect(root(el).querySelector('.status.error')!.textContent!.trim()).to.equal('Sending stopped (The connection dropped.); it resumes when the connection is back.');
  });
});
