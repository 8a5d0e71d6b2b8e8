import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
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
    expect(point.getAttribute('aria-label')).to.equal('Comment at 00:10.0 by Sam Rivera: Point here');
  });

  it('exposes the playhead as a slider and passes an axe audit', async () => {
    const el = await mount();
    const slider = el.shadowRoot!.querySelector('[role="slider"]')!;
    expect(slider.getAttribute('aria-valuenow')).to.equal('20');
    expect(slider.getAttribute('aria-valuetext')).to.equal('00:20.0 of 01:00.0');
    await expect(el).to.be.accessible();
  });

  it('asks to seek when a marker is clicked', async () => {
    const el = await mount();
    setTimeout(() => el.shadowRoot!.querySelector<HTMLButtonElement>('.marker.range')!.click());
    const e = await oneEvent(el, 'et-seek-request');
    expect(e.detail.time).to.equal(30);
    expect(e.composed && e.bubbles).to.equal(true);
  });

  it('steps 1 s with the arrow keys, 5 s with Shift, 30 s with Page Up/Down, and jumps with Home and End', async () => {
    const el = await mount();
    const slider = el.shadowRoot!.querySelector<HTMLElement>('[role="slider"]')!;
    const times: number[] = [];
    el.addEventListener('et-seek-request', (e) => times.push(e.detail.time));
    const keys: [string, boolean][] = [['ArrowRight', false], ['ArrowLeft', false], ['ArrowRight', true], ['ArrowLeft', true], ['PageUp', false], ['PageDown', false], ['Home', false], ['End', false]];
    for (const [key, shiftKey] of keys) slider.dispatchEvent(new KeyboardEvent('keydown', { key, shiftKey, bubbles: true, composed: true }));
    expect(times).to.deep.equal([21, 19, 25, 15, 50, 0, 0, 60]);
  });

  it('labels markers with tenths, so comments 0.4 s apart read differently, and counts merged ones in the language', async () => {
    const close = [comment({ t_start: 1, t_end: 3.5, body: 'a' }), comment({ t_start: 1.4, t_end: 1.4, body: 'b' })];
    const el = await fixture<EtTimeline>(html`<et-timeline .duration=${60} .comments=${close}></et-timeline>`);
    const labels = [...el.shadowRoot!.querySelectorAll('.marker')].map((m) => m.getAttribute('aria-label'));
    expect(labels).to.deep.equal(['Comment at 00:01.0–00:03.5 by Sam Rivera: a', 'Comment at 00:01.4 by Sam Rivera: b']);
    const many = Array.from({ length: 200 }, (_, i) => comment({ t_start: i < 2 ? 0 : 30 + i / 10, t_end: 0 }));
    el.comments = many;
    el.lang = 'fr';
    await waitUntil(() => el.shadowRoot!.querySelector('.marker')!.getAttribute('aria-label')!.startsWith('2 commentaires'), 'French, plural');
    expect(el.shadowRoot!.querySelector('.marker')!.getAttribute('aria-label')).to.equal('2 commentaires à partir de 00:00.0');
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
