import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../widget/src/elements/et-thread-switcher.ts';
import type { EtThreadSwitcher } from '../../widget/src/elements/et-thread-switcher.ts';
import { thread } from './fixtures/comments.ts';

const threads = [
  thread({ id: 'a', owner: { id: '1', name: 'Ada' }, last_activity_at: '2026-11-22T12:00:00Z', comment_count: 3 }),
  thread({ id: 'b', owner: { id: '2', name: 'Ben' }, last_activity_at: '2026-11-22T08:00:00Z', awaiting_reply: true, unread_count: 2 }),
  thread({ id: 'c', owner: { id: '3', name: 'Cy' }, last_activity_at: '2026-11-22T11:00:00Z', comment_count: 1, unread_count: 1 }),
];

describe('et-thread-switcher', () => {
  it('lists students awaiting a reply first, then by last activity, with counts', async () => {
    const el = await fixture<EtThreadSwitcher>(html`<et-thread-switcher .threads=${threads} current="a"></et-thread-switcher>`);
    const buttons = [...el.shadowRoot!.querySelectorAll('button')];
    expect(buttons.map((b) => b.querySelector('.name')!.textContent)).to.deep.equal(['Ben', 'Ada', 'Cy']);
    expect(buttons[0]!.textContent).to.contain('2 unread').and.contain('awaiting reply');
    // Plural rules, not a trailing "s": "1 comment", "3 comments".
    const meta = (b: Element) => b.querySelector('.meta')!.textContent!.replace(/\s+/g, ' ').trim();
    expect(buttons.map(meta)).to.deep.equal(['0 comments · 2 unread · awaiting reply', '3 comments', '1 comment · 1 unread']);
    expect(buttons[1]!.getAttribute('aria-current')).to.equal('true');
    await expect(el).to.be.accessible();
  });

  it('opens a thread on click', async () => {
    const el = await fixture<EtThreadSwitcher>(html`<et-thread-switcher .threads=${threads}></et-thread-switcher>`);
    setTimeout(() => el.shadowRoot!.querySelector('button')!.click());
    expect((await oneEvent(el, 'et-thread-select')).detail.threadId).to.equal('b');
  });

  it('lists the course learners who have not started after the threads, "not started" and not openable; one started since the list loaded opens', async () => {
    const roster = [
      { name: 'Ada', user_id: '1', thread_id: 'a', started: true },
      { name: 'Grace Newcomer', user_id: null, thread_id: null, started: false },
      { name: 'Hal', user_id: '9', thread_id: 'h', started: true },
      { name: null, user_id: null, thread_id: null, started: false },
    ];
    const el = await fixture<EtThreadSwitcher>(html`<et-thread-switcher .threads=${threads} .roster=${roster}></et-thread-switcher>`);
    const items = [...el.shadowRoot!.querySelectorAll('li')].map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
    // Ada's thread is listed once (as a thread); Hal's thread is newer than the list and still opens.
    expect(items.slice(3)).to.deep.equal(['Hal started since this list loaded', 'Grace Newcomer not started', 'A learner (the LMS shares no name) not started']);
    const grace = el.shadowRoot!.querySelector('li.not-started')!;
    expect(grace.querySelector('button')).to.equal(null);
    expect(grace.getAttribute('part')).to.equal('not-started');
    const buttons = [...el.shadowRoot!.querySelectorAll('button')];
    expect(buttons.length).to.equal(4);
    setTimeout(() => buttons[3]!.click());
    expect((await oneEvent(el, 'et-thread-select')).detail.threadId).to.equal('h');
    await expect(el).to.be.accessible();
  });

  it('lists the roster even before any thread exists', async () => {
    const el = await fixture<EtThreadSwitcher>(html`<et-thread-switcher .threads=${[]} .roster=${[{ name: 'Grace Newcomer', user_id: null, thread_id: null, started: false }]}></et-thread-switcher>`);
    expect(el.shadowRoot!.querySelector('li')!.textContent!.replace(/\s+/g, ' ').trim()).to.equal('Grace Newcomer not started');
    expect(el.shadowRoot!.textContent).not.to.contain('No student');
  });

  it('speaks French when asked', async () => {
    const el = await fixture<EtThreadSwitcher>(html`<et-thread-switcher lang="fr-CA" .threads=${threads}></et-thread-switcher>`);
    // French is a chunk of its own, fetched on first use.
    await waitUntil(() => el.shadowRoot!.querySelector('h2')!.textContent === 'Fils des étudiants', 'the French table arrives');
    const meta = [...el.shadowRoot!.querySelectorAll('button')].map((b) => b.querySelector('.meta')!.textContent!.replace(/\s+/g, ' ').trim());
    expect(meta).to.deep.equal(['0 commentaire · 2 non lus · en attente de réponse', '3 commentaires', '1 commentaire · 1 non lu']);
    expect(el.shadowRoot!.textContent).to.contain('en attente de réponse');
  });
});
