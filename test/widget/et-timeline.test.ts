import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../widget/src/elements/et-timeline.ts';
import type { EtTimeline } from '../../widget/src/elements/et-timeline.ts';
import { comment } from './fixtures/comments.ts';

const comments = [comment({ t_start: 10, t_end: 10, body: 'Point here' }), comment({ t_start: 30, t_end: 45, body: 'A range' })];

async function mount(): Promise<EtTimeline> {
  return fixture<EtTimeline>(html`<et-timeline .duration=${60} .currentTime=${20} .comments=${comments}></et-timeline>`);
}

describe('et-timeline', () => {
  it('draws a tick per point comment and a bar per range, placed by time', async () => {
    const el = await mount();
    const point = el.shadowRoot!.querySelector<HTMLElement>('.marker.point')!;
    const range = el.shadowRoot!.querySelector<HTMLElement>('.marker.range')!;
    expect(parseFloat(point.style.left)).to.be.closeTo((10 / 60) * 100, 0.01);
    expect(range.style.left).to.equal('50%');
    expect(parseFloat(range.style.width)).to.be.closeTo(25, 0.01);
    expect(point.getAttribute('aria-label')).to.contain('00:10').and.contain('Point here');
  });

  it('exposes the playhead as a slider and passes an axe audit', async () => {
    const el = await mount();
    const slider = el.shadowRoot!.querySelector('[role="slider"]')!;
    expect(slider.getAttribute('aria-valuenow')).to.equal('20');
    expect(slider.getAttribute('aria-valuetext')).to.equal('00:20 of 01:00');
    await expect(el).to.be.accessible();
  });

  it('asks to seek when a marker is clicked', async () => {
    const el = await mount();
    setTimeout(() => el.shadowRoot!.querySelector<HTMLButtonElement>('.marker.range')!.click());
    const e = await oneEvent(el, 'et-seek-request');
    expect(e.detail.time).to.equal(30);
    expect(e.composed && e.bubbles).to.equal(true);
  });

  it('steps with the arrow keys and jumps with Home and End', async () => {
    const el = await mount();
    const slider = el.shadowRoot!.querySelector<HTMLElement>('[role="slider"]')!;
    const times: number[] = [];
    el.addEventListener('et-seek-request', (e) => times.push(e.detail.time));
    for (const key of ['ArrowRight', 'ArrowLeft', 'Home', 'End']) slider.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
    expect(times).to.deep.equal([25, 15, 0, 60]);
  });

  it('previews a marker on focus and hides it on blur', async () => {
    const el = await mount();
    const marker = el.shadowRoot!.querySelector<HTMLButtonElement>('.marker.point')!;
    marker.focus();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role="tooltip"]')!.textContent).to.contain('Point here');
    marker.blur();
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role="tooltip"]')).to.equal(null);
  });

  it('merges crowded points into counted ticks', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => comment({ t_start: (i * 60) / 1000, t_end: (i * 60) / 1000 }));
    const el = await fixture<EtTimeline>(html`<et-timeline .duration=${60} .comments=${many}></et-timeline>`);
    const ticks = el.shadowRoot!.querySelectorAll<HTMLElement>('.marker');
    expect(ticks.length).to.be.at.most(130);
    const total = [...ticks].reduce((sum, t) => sum + Number(t.dataset.count ?? 1), 0);
    expect(total).to.equal(1000);
  });
});
