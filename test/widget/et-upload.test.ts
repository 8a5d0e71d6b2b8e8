import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../widget/src/elements/et-upload.ts';
import type { EtUpload } from '../../widget/src/elements/et-upload.ts';

const pick = (el: EtUpload, file: File) => {
  const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type="file"]')!;
  const dt = new DataTransfer();
  dt.items.add(file);
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
};

describe('et-upload', () => {
  it('asks for the picked file to be uploaded, and passes an axe audit', async () => {
    const el = await fixture<EtUpload>(html`<et-upload></et-upload>`);
    await expect(el).to.be.accessible();
    const file = new File([new Uint8Array(10)], 'swing.mp4', { type: 'video/mp4' });
    setTimeout(() => pick(el, file));
    const e = await oneEvent(el, 'et-upload-select');
    expect(e.detail.file).to.equal(file);
    expect(e.bubbles && e.composed).to.equal(true);
  });

  it('shows progress, locks the picker while uploading, and offers resume after a stop', async () => {
    const el = await fixture<EtUpload>(html`<et-upload></et-upload>`);
    el.progress = { state: 'uploading', fileName: 'swing.mp4', loaded: 25, total: 100 };
    await el.updateComplete;
    const bar = el.shadowRoot!.querySelector('progress')!;
    expect([bar.value, bar.max]).to.deep.equal([25, 100]);
    expect(el.shadowRoot!.querySelector('.status')!.textContent).to.equal('Uploading swing.mp4: 25%');
    expect(el.shadowRoot!.querySelector<HTMLInputElement>('input')!.disabled).to.equal(true);
    expect(el.shadowRoot!.querySelector('button')).to.equal(null);
    await expect(el).to.be.accessible();

    el.progress = { state: 'paused', fileName: 'swing.mp4', loaded: 50, total: 100, error: 'The connection dropped.' };
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role="alert"]')!.textContent).to.equal('Upload stopped: The connection dropped.');
    const resume = el.shadowRoot!.querySelector('button')!;
    expect(resume.textContent).to.equal('Resume upload');
    setTimeout(() => resume.click());
    await oneEvent(el, 'et-upload-resume-request');

    el.progress = { state: 'done', fileName: 'swing.mp4', loaded: 100, total: 100 };
    el.lang = 'fr';
    await waitUntil(() => el.shadowRoot!.querySelector('[role="status"]')?.textContent === 'swing.mp4 téléversé.', 'in French once its table arrives');
    expect(el.shadowRoot!.querySelector('button')).to.equal(null);
  });
});
