import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widget/src/elements/et-snippet-picker.ts';
import type { EtSnippetPicker } from '../../widget/src/elements/et-snippet-picker.ts';
import { snippet } from './fixtures/inbox.ts';

const snippets = [
  snippet('1', 'Grip', 'Relax your grip: hold it like a bird.'),
  snippet('2', 'Backswing', 'Slow the backswing; let the hips lead.'),
  snippet('3', 'Great work', 'Great work — that is the tempo we want.', { scope: 'exercise', exercise_id: 'ex' }),
];

describe('et-snippet-picker', () => {
  it('a button "Insert snippet" opens a searchable list; typing narrows it; arrows and Enter insert', async () => {
    const el = await fixture<EtSnippetPicker>(html`<et-snippet-picker .snippets=${snippets}></et-snippet-picker>`);
    const toggle = el.shadowRoot!.querySelector('button')!;
    expect(toggle.textContent!.trim()).to.equal('Insert snippet');
    toggle.click();
    await el.updateComplete;
    const input = el.shadowRoot!.querySelector('input')!;
    expect(el.shadowRoot!.activeElement).to.equal(input);
    expect(input.getAttribute('aria-label')).to.equal('Search snippets');
    await expect(el).to.be.accessible();
    await sendKeys({ type: 'the' });
    await el.updateComplete;
    const options = () => [...el.shadowRoot!.querySelectorAll('[role=option] .title')].map((o) => o.textContent);
    expect(options()).to.deep.equal(['Backswing', 'Great work']);
    await sendKeys({ press: 'ArrowDown' });
    setTimeout(() => void sendKeys({ press: 'Enter' }));
    expect((await oneEvent(el, 'et-snippet-insert')).detail.body).to.equal('Great work — that is the tempo we want.');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('input')).to.equal(null);
  });

  it('Escape closes and gives focus back; its keys do not leave it', async () => {
    const el = await fixture<EtSnippetPicker>(html`<et-snippet-picker .snippets=${snippets}></et-snippet-picker>`);
    const heard: string[] = [];
    el.addEventListener('keydown', (e) => heard.push(e.key));
    await el.show();
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('input')).to.equal(null);
    expect(el.shadowRoot!.activeElement).to.equal(el.shadowRoot!.querySelector('button'));
    expect(heard).to.deep.equal([]);
  });

  it('says so when nothing matches, in French too', async () => {
    const el = await fixture<EtSnippetPicker>(html`<et-snippet-picker lang="fr" .snippets=${snippets}></et-snippet-picker>`);
    await el.show();
    await sendKeys({ type: 'zzz' });
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('Aucun extrait ne correspond.');
  });
});
