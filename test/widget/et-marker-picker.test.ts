import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../widget/src/elements/et-marker-picker.ts';
import type { EtMarkerPicker } from '../../widget/src/elements/et-marker-picker.ts';
import { marker } from './fixtures/inbox.ts';

const markers = [marker('m1', 'posture', '#ff8800'), marker('m2', 'timing', '#0055ff')];

describe('et-marker-picker', () => {
  it('is a group "Markers" of toggle buttons named by their labels, in their colours', async () => {
    const el = await fixture<EtMarkerPicker>(html`<et-marker-picker .markers=${markers} .selected=${['m2']}></et-marker-picker>`);
    const group = el.shadowRoot!.querySelector('[role=group]')!;
    expect(group.getAttribute('aria-label')).to.equal('Markers');
    const buttons = [...group.querySelectorAll('button')];
    expect(buttons.map((b) => [b.textContent!.trim(), b.getAttribute('aria-pressed')])).to.deep.equal([
      ['posture', 'false'],
      ['timing', 'true'],
    ]);
    expect(getComputedStyle(buttons[0]!.querySelector('.swatch')!).backgroundColor).to.equal('rgb(255, 136, 0)');
    await expect(el).to.be.accessible();
  });

  it('toggles and tells the chosen ids', async () => {
    const el = await fixture<EtMarkerPicker>(html`<et-marker-picker .markers=${markers}></et-marker-picker>`);
    const [posture] = el.shadowRoot!.querySelectorAll('button');
    setTimeout(() => posture!.click());
    expect((await oneEvent(el, 'et-markers-change')).detail.ids).to.deep.equal(['m1']);
    await el.updateComplete;
    expect(posture!.getAttribute('aria-pressed')).to.equal('true');
    setTimeout(() => posture!.click());
    expect((await oneEvent(el, 'et-markers-change')).detail.ids).to.deep.equal([]);
  });
});
