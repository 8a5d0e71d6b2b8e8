import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../widget/src/elements/et-inbox.ts';
import type { EtInbox } from '../../widget/src/elements/et-inbox.ts';
import { compareInbox, placeInInbox } from '../../widget/src/lib/inbox-order.ts';
import { inboxItem, waiting } from './fixtures/inbox.ts';

const swing = { id: 'ex-swing', title: 'Swing' };
const stance = { id: 'ex-stance', title: 'Stance' };
const items = [
  waiting('a', 'Lena', swing, '2026-12-01T09:01:00.000Z'),
  waiting('b', 'Mo', stance, '2026-12-01T09:03:00.000Z'),
  inboxItem({ id: 'c', owner: { id: 'u-c', name: 'Nia' }, last_activity_at: '2026-12-01T09:30:00.000Z' }),
];

const buttons = (el: EtInbox) => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button.open')];

async function mount(list = items) {
  return fixture<EtInbox>(html`<et-inbox .items=${list} .exercises=${[swing, stance]} .courses=${[{ id: 'k1', title: 'Golf 101' }]}></et-inbox>`);
}

describe('et-inbox', () => {
  it('is a list named Inbox whose items are buttons named by student and exercise, with filters named Exercise, Course, Student', async () => {
    const el = await mount();
    const list = el.shadowRoot!.querySelector('ul')!;
    expect(list.getAttribute('aria-label')).to.equal('Inbox');
    expect(buttons(el).map((b) => b.textContent!.replace(/\s+/g, ' ').trim())).to.deep.equal(['Lena, Swing', 'Mo, Stance', 'Nia, Swing']);
    const labels = [...el.shadowRoot!.querySelectorAll<HTMLSelectElement | HTMLInputElement>('.filters select, .filters input')].map((c) => c.labels![0]!.querySelector('span')!.textContent);
    expect(labels).to.deep.equal(['Exercise', 'Course', 'Student']);
    expect(el.shadowRoot!.textContent).to.contain('2 unread').and.contain('Lena: Is my grip right?');
    expect([...el.shadowRoot!.querySelectorAll('button.done')].map((b) => b.textContent!.trim())).to.deep.equal(['Mark done', 'Mark done']);
    await expect(el).to.be.accessible();
  });

  it('j and k move, Enter opens at the oldest unanswered comment, r replies, e marks done', async () => {
    const el = await mount();
    buttons(el)[0]!.focus();
    await sendKeys({ press: 'j' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(buttons(el)[1]);
    await sendKeys({ press: 'j' });
    await sendKeys({ press: 'j' });
    await sendKeys({ press: 'k' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(buttons(el)[1]);
    setTimeout(() => void sendKeys({ press: 'Enter' }));
    expect((await oneEvent(el, 'et-inbox-open-request')).detail).to.deep.equal({ threadId: 'b', exerciseId: 'ex-stance', commentId: 'c-b', time: 12.5 });
    setTimeout(() => void sendKeys({ press: 'r' }));
    expect((await oneEvent(el, 'et-inbox-reply-request')).detail.threadId).to.equal('b');
    setTimeout(() => void sendKeys({ press: 'e' }));
    expect((await oneEvent(el, 'et-inbox-done-request')).detail).to.deep.equal({ threadId: 'b' });
  });

  it("keeps its keys: nothing outside hears j, k, r or e typed in the list", async () => {
    const el = await mount();
    const heard: string[] = [];
    const listener = (e: KeyboardEvent) => heard.push(e.key);
    document.addEventListener('keydown', listener);
    try {
      buttons(el)[0]!.focus();
      for (const key of ['j', 'k', 'r', 'e']) await sendKeys({ press: key });
      expect(heard).to.deep.equal([]);
    } finally {
      document.removeEventListener('keydown', listener);
    }
  });

  it('keeps the reader on the same thread when a live change reorders the list', async () => {
    const el = await mount();
    buttons(el)[2]!.focus();
    // Nia writes: her thread now waits, and goes last of the waiting ones (the newest wait).
    const nia = waiting('c', 'Nia', swing, '2026-12-01T10:00:00.000Z');
    el.items = placeInInbox(el.items, nia);
    await el.updateComplete;
    expect(buttons(el).map((b) => b.dataset.id)).to.deep.equal(['a', 'b', 'c']);
    const moved = placeInInbox(el.items, waiting('b', 'Mo', stance, '2026-12-01T08:00:00.000Z'));
    el.items = moved;
    await el.updateComplete;
    expect(buttons(el).map((b) => b.dataset.id)).to.deep.equal(['b', 'a', 'c']);
    expect(el.active).to.equal('c');
    await sendKeys({ press: 'k' });
    await el.updateComplete;
    expect(el.shadowRoot!.activeElement).to.equal(buttons(el)[1]);
  });

  it('tells the filters as the API names them; a name once typing pauses', async () => {
    const el = await mount();
    const select = el.shadowRoot!.querySelector('select')!;
    select.value = 'ex-stance';
    setTimeout(() => select.dispatchEvent(new Event('change')));
    expect((await oneEvent(el, 'et-inbox-filter-change')).detail).to.deep.equal({ exercise_id: 'ex-stance' });
    const input = el.shadowRoot!.querySelector('input')!;
    input.focus();
    setTimeout(() => void sendKeys({ type: 'Len' }));
    expect((await oneEvent(el, 'et-inbox-filter-change')).detail).to.deep.equal({ exercise_id: 'ex-stance', q: 'Len' });
  });

  it('orders as the API does', () => {
    const shuffled = [items[2]!, items[1]!, items[0]!];
    expect([...shuffled].sort(compareInbox).map((i) => i.id)).to.deep.equal(['a', 'b', 'c']);
  });

  it('speaks French when asked', async () => {
    const el = await fixture<EtInbox>(html`<et-inbox lang="fr" .items=${items}></et-inbox>`);
    expect(el.shadowRoot!.querySelector('ul')!.getAttribute('aria-label')).to.equal('Boîte de réception');
    expect(el.shadowRoot!.textContent).to.contain('Marquer comme traité');
  });
});
