import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../widget/src/elements/et-composer.ts';
import type { EtComposer } from '../../widget/src/elements/et-composer.ts';
import { comment } from './fixtures/comments.ts';

const label = (el: EtComposer) => el.shadowRoot!.querySelector('label')!.textContent!.trim();
const area = (el: EtComposer) => el.shadowRoot!.querySelector('textarea')!;
const button = (el: EtComposer, name: string) => [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === name)!;

async function type(el: EtComposer, text: string): Promise<void> {
  area(el).value = text;
  area(el).dispatchEvent(new InputEvent('input', { bubbles: true }));
  await el.updateComplete;
}

describe('et-composer', () => {
  it('follows the playhead until the user types, then stays put', async () => {
    const el = await fixture<EtComposer>(html`<et-composer .currentTime=${83}></et-composer>`);
    expect(label(el)).to.equal('Comment at 01:23.0');
    el.currentTime = 84;
    await el.updateComplete;
    expect(label(el)).to.equal('Comment at 01:24.0');
    await type(el, 'Nice');
    el.currentTime = 95;
    await el.updateComplete;
    expect(label(el)).to.equal('Comment at 01:24.0');
    await expect(el).to.be.accessible();
  });

  it('reports typing so the video can pause', async () => {
    const el = await fixture<EtComposer>(html`<et-composer></et-composer>`);
    setTimeout(() => void type(el, 'x'));
    expect((await oneEvent(el, 'et-typing')).detail.empty).to.equal(false);
  });

  it('makes a range from the in and out buttons and sends it with Ctrl+Enter', async () => {
    const el = await fixture<EtComposer>(html`<et-composer .currentTime=${10}></et-composer>`);
    button(el, 'Set in point').click();
    el.currentTime = 14.2504;
    await el.updateComplete;
    button(el, 'Set out point').click();
    await el.updateComplete;
    expect(label(el)).to.equal('Comment from 00:10.0 to 00:14.2');
    await type(el, 'Arms drop here');
    setTimeout(() => area(el).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true })));
    const e = await oneEvent(el, 'et-submit-request');
    expect(e.detail).to.deep.equal({ body: 'Arms drop here', t_start: 10, t_end: 14.25, parent_id: null });
    await el.updateComplete;
    expect(area(el).value).to.equal('');
    expect(label(el)).to.equal('Comment at 00:14.2');
  });

  it('tells the timeline about the range as it changes', async () => {
    const el = await fixture<EtComposer>(html`<et-composer .currentTime=${3}></et-composer>`);
    setTimeout(() => el.markIn(3));
    expect((await oneEvent(el, 'et-range-change')).detail).to.deep.equal({ start: 3, end: null });
  });

  it('does not send an empty comment', async () => {
    const el = await fixture<EtComposer>(html`<et-composer></et-composer>`);
    let sent = false;
    el.addEventListener('et-submit-request', () => (sent = true));
    await type(el, '   ');
    expect(button(el, 'Send').disabled).to.equal(true);
    el.submit();
    expect(sent).to.equal(false);
  });

  it('answers a comment at its time when replying', async () => {
    const parent = comment({ t_start: 7, author: { id: 'x', name: 'Maya', role: 'instructor' } });
    const el = await fixture<EtComposer>(html`<et-composer .currentTime=${50} .replyTo=${parent}></et-composer>`);
    expect(label(el)).to.equal('Replying to Maya');
    await type(el, 'Thanks');
    setTimeout(() => button(el, 'Send').click());
    expect((await oneEvent(el, 'et-submit-request')).detail).to.deep.equal({ body: 'Thanks', t_start: 7, t_end: null, parent_id: parent.id });
  });
});
