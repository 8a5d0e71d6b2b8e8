import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../widget/src/elements/et-comment.ts';
import type { EtComment } from '../../widget/src/elements/et-comment.ts';
import { comment, ME, TEACHER } from './fixtures/comments.ts';

const q = <T extends Element = HTMLElement>(el: EtComment, s: string) => el.shadowRoot!.querySelector<T & Element>(s) as T;
const button = (el: EtComment, name: string) =>
  [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === name || b.getAttribute('aria-label')?.startsWith(name))!;

describe('et-comment', () => {
  it('shows the timecode, author and body, and never renders the body as HTML', async () => {
    const c = comment({ t_start: 83, t_end: 90, body: '<img src=x onerror=alert(1)> look' });
    const el = await fixture<EtComment>(html`<et-comment .comment=${c} .me=${ME}></et-comment>`);
    expect(q(el, '.timecode').textContent!.trim()).to.equal('01:23.0–01:30.0');
    expect(q(el, '.timecode').getAttribute('aria-label')).to.equal('Go to 01:23.0–01:30.0');
    expect(q(el, '.body').textContent).to.equal('<img src=x onerror=alert(1)> look');
    expect(el.shadowRoot!.querySelector('img')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('asks to seek from its timecode', async () => {
    const el = await fixture<EtComment>(html`<et-comment .comment=${comment({ t_start: 42 })}></et-comment>`);
    setTimeout(() => q<HTMLButtonElement>(el, '.timecode').click());
    expect((await oneEvent(el, 'et-seek-request')).detail.time).to.equal(42);
  });

  it('keeps the place of a deleted or hidden comment with a notice', async () => {
    const deleted = await fixture<EtComment>(html`<et-comment .comment=${comment({ deleted: true, body: null })}></et-comment>`);
    expect(q(deleted, '.notice').textContent).to.contain('deleted');
    const hidden = await fixture<EtComment>(html`<et-comment .comment=${comment({ hidden: true, body: null, author: { id: TEACHER, name: 'M', role: 'instructor' } })} .me=${ME}></et-comment>`);
    expect(q(hidden, '.notice').textContent).to.contain('hidden by a moderator');
    expect(hidden.shadowRoot!.querySelector('.body')).to.equal(null);
  });

  it('shows an erased author’s tombstone in its place: no name, no body, nothing to act on', async () => {
    const el = await fixture<EtComment>(html`<et-comment .comment=${comment({ author: null, deleted: true, body: null })} .me=${ME}></et-comment>`);
    expect(q(el, '.author').textContent!.trim()).to.equal('erased user');
    expect(q(el, 'article').getAttribute('aria-label')).to.match(/^erased user, /);
    expect(q(el, '.notice').textContent).to.contain('deleted');
    expect(button(el, 'Edit')).to.equal(undefined);
    expect(button(el, 'Report')).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('lets the author edit by keyboard: Ctrl+Enter saves', async () => {
    const c = comment({ author: { id: ME, name: 'Sam', role: 'learner' }, body: 'old' });
    const el = await fixture<EtComment>(html`<et-comment .comment=${c} .me=${ME}></et-comment>`);
    button(el, 'Edit').click();
    await el.updateComplete;
    const area = q<HTMLTextAreaElement>(el, '#edit');
    expect(el.shadowRoot!.activeElement).to.equal(area);
    area.value = 'new text';
    setTimeout(() => area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true })));
    const e = await oneEvent(el, 'et-edit-request');
    expect(e.detail).to.deep.equal({ id: c.id, body: 'new text' });
  });

  it('asks before deleting an own comment', async () => {
    const c = comment({ author: { id: ME, name: 'Sam', role: 'learner' } });
    const el = await fixture<EtComment>(html`<et-comment .comment=${c} .me=${ME}></et-comment>`);
    button(el, 'Delete').click();
    await el.updateComplete;
    await expect(el).to.be.accessible();
    setTimeout(() => button(el, 'Delete').click());
    expect((await oneEvent(el, 'et-delete-request')).detail.id).to.equal(c.id);
  });

  it("reports someone else's comment with a reason, and offers no edit", async () => {
    const c = comment({ author: { id: TEACHER, name: 'Maya', role: 'instructor' } });
    const el = await fixture<EtComment>(html`<et-comment .comment=${c} .me=${ME}></et-comment>`);
    expect(button(el, 'Edit')).to.equal(undefined);
    button(el, 'Report').click();
    await el.updateComplete;
    q<HTMLTextAreaElement>(el, '#reason').value = 'Rude';
    setTimeout(() => button(el, 'Send report').click());
    expect((await oneEvent(el, 'et-report-request')).detail).to.deep.equal({ id: c.id, reason: 'Rude' });
    await el.updateComplete;
    expect(el.shadowRoot!.textContent).to.contain('Reported');
  });

  it('shows a failed pending comment with a retry button that asks to send it again', async () => {
    const c = comment({ pending: 'failed', error: 'Must not be empty.', outboxKey: 'k-1' });
    const el = await fixture<EtComment>(html`<et-comment .comment=${c} .me=${ME}></et-comment>`);
    expect(q(el, '[role="alert"]').textContent).to.contain('Must not be empty.');
    await expect(el).to.be.accessible();
    setTimeout(() => button(el, 'Retry').click());
    expect((await oneEvent(el, 'et-retry-request')).detail.key).to.equal('k-1');
  });

  it('nests replies and lets only the thread-level comment be replied to', async () => {
    const parent = comment({ author: { id: TEACHER, name: 'Maya', role: 'instructor' } });
    const reply = comment({ parent_id: parent.id, body: 'An answer' });
    const el = await fixture<EtComment>(html`<et-comment .comment=${parent} .replies=${[reply]} .me=${ME}></et-comment>`);
    const nested = el.shadowRoot!.querySelector('ol et-comment') as EtComment;
    await nested.updateComplete;
    expect(nested.shadowRoot!.textContent).to.contain('An answer');
    expect(button(nested, 'Reply')).to.equal(undefined);
    setTimeout(() => button(el, 'Reply').click());
    expect((await oneEvent(el, 'et-reply-request')).detail.id).to.equal(parent.id);
  });
});
