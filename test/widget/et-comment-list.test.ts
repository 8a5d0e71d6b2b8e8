import { expect, fixture, html } from '@open-wc/testing';
import { setupIgnoreWindowResizeObserverLoopErrors } from '@lit-labs/virtualizer/support/resize-observer-errors.js';
import { sendKeys } from '@web/test-runner-commands';
import '../../widget/src/elements/et-comment-list.ts';
import type { EtComment } from '../../widget/src/elements/et-comment.ts';
import type { EtCommentList } from '../../widget/src/elements/et-comment-list.ts';
import { buildTree } from '../../widget/src/lib/comment-order.ts';
import { comment, ME } from './fixtures/comments.ts';

describe('et-comment-list', () => {
  it('orders comments by timecode with replies nested under their comment', async () => {
    const a = comment({ t_start: 30, body: 'late' });
    const b = comment({ t_start: 5, body: 'early' });
    const r = comment({ t_start: 30, parent_id: a.id, body: 'reply' });
    const tree = buildTree([a, r, b]);
    const el = await fixture<EtCommentList>(html`<et-comment-list .comments=${tree.roots} .replies=${tree.replies} .me=${ME}></et-comment-list>`);
    const items = [...el.shadowRoot!.querySelectorAll<EtComment>('ol[part="list"] > li > et-comment')];
    expect(items.map((c) => c.comment.body)).to.deep.equal(['early', 'late']);
    expect(items[1]!.replies.map((c) => c.body)).to.deep.equal(['reply']);
    await expect(el).to.be.accessible();
  });

  it('highlights the comment under the playhead and scrolls it into view inside the list only', async () => {
    const many = Array.from({ length: 40 }, (_, i) => comment({ t_start: i * 10 }));
    const tree = buildTree(many);
    const el = await fixture<EtCommentList>(
      html`<et-comment-list style="--et-list-max-height: 10rem" .comments=${tree.roots} .replies=${tree.replies}></et-comment-list>`,
    );
    const pageScroll = document.scrollingElement!.scrollTop;
    el.activeId = many[35]!.id;
    await el.updateComplete;
    const list = el.shadowRoot!.querySelector('ol')!;
    const item = list.querySelector<HTMLElement>(`li[data-id="${many[35]!.id}"]`)!;
    expect(list.scrollTop).to.be.greaterThan(0);
    expect(item.offsetTop).to.be.at.least(list.scrollTop);
    expect(item.offsetTop + item.offsetHeight).to.be.at.most(list.scrollTop + list.clientHeight + 1);
    expect((item.querySelector('et-comment') as EtComment).active).to.equal(true);
    expect(document.scrollingElement!.scrollTop).to.equal(pageScroll);
  });

  it('does not follow the playhead while the user scrolls the list', async () => {
    const many = Array.from({ length: 40 }, (_, i) => comment({ t_start: i * 10 }));
    const tree = buildTree(many);
    const el = await fixture<EtCommentList>(html`<et-comment-list style="--et-list-max-height: 10rem" .comments=${tree.roots}></et-comment-list>`);
    const list = el.shadowRoot!.querySelector('ol')!;
    list.dispatchEvent(new WheelEvent('wheel', { deltaY: 10 }));
    el.activeId = many[35]!.id;
    await el.updateComplete;
    expect(list.scrollTop).to.equal(0);
  });

  describe('a 5,000-comment thread', () => {
    // The virtualizer measures items as they resize; Chromium reports that as a benign loop error.
    setupIgnoreWindowResizeObserverLoopErrors(beforeEach, afterEach);
    const many = Array.from({ length: 5000 }, (_, i) => comment({ t_start: i * 0.12 }));
    const items = (el: EtCommentList) => [...el.shadowRoot!.querySelectorAll<HTMLLIElement>('ol[part="list"] > li')];
    const mount = async () => {
      const el = await fixture<EtCommentList>(html`<et-comment-list style="--et-list-max-height: 20rem" .comments=${many} .me=${ME}></et-comment-list>`);
      // The virtualizer is a lazy chunk; until it arrives the list shows the first comments.
      await el.whenWindowed();
      expect(el.shadowRoot!.querySelector('ol.windowed')).to.not.equal(null);
      return el;
    };
    /** The virtualizer lays out on animation frames after Lit's update. */
    async function until(cond: () => boolean): Promise<void> {
      for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => requestAnimationFrame(r));
      expect(cond(), 'condition never held').to.equal(true);
    }
    /** The virtualizer has measured what it rendered: the scroll height holds for a few frames. */
    async function settled(list: HTMLElement): Promise<void> {
      let last = -1;
      for (let same = 0, i = 0; same < 3 && i < 100; i++) {
        await new Promise((r) => requestAnimationFrame(r));
        same = list.scrollHeight === last ? same + 1 : 0;
        last = list.scrollHeight;
      }
    }
    const inView = (el: EtCommentList, id: string) => {
      const list = el.shadowRoot!.querySelector('ol')!.getBoundingClientRect();
      const item = el.shadowRoot!.querySelector(`li[data-id="${id}"]`)?.getBoundingClientRect();
      return Boolean(item && item.height > 0 && item.top >= list.top - 1 && item.bottom <= list.bottom + 1);
    };
    /** The comment that holds keyboard focus. */
    const focused = (el: EtCommentList) => el.shadowRoot!.activeElement as EtComment | null;

    it('keeps only the comments near the visible part of the list in the DOM, each with its place in the whole', async () => {
      const el = await mount();
      await until(() => items(el).length > 0);
      const first = items(el);
      expect(first.length).to.be.lessThan(100);
      expect(first[0]!.dataset.id).to.equal(many[0]!.id);
      expect(first.every((li) => li.getAttribute('aria-setsize') === '5000')).to.equal(true);
      expect(first.map((li) => li.getAttribute('aria-posinset'))).to.deep.equal(first.map((_, i) => String(i + 1)));

      const list = el.shadowRoot!.querySelector('ol')!;
      // Once the first items are measured, the scroll height stands for all 5,000, not only those in the DOM.
      await settled(list);
      expect(list.scrollHeight).to.be.greaterThan(5000 * 40);
      list.scrollTop = list.scrollHeight / 2;
      await until(() => Number(items(el)[0]!.getAttribute('aria-posinset')) > 1000);
      const middle = items(el);
      expect(middle.length).to.be.lessThan(100);
      const at = Number(middle[0]!.getAttribute('aria-posinset'));
      expect(middle.map((li) => li.dataset.id)).to.deep.equal(many.slice(at - 1, at - 1 + middle.length).map((c) => c.id));
      await expect(el).to.be.accessible();
    });

    it('highlights the comment under the playhead and scrolls it into view inside the list only', async () => {
      const el = await mount();
      await until(() => items(el).length > 0);
      const pageScroll = document.scrollingElement!.scrollTop;
      el.activeId = many[4200]!.id;
      await el.updateComplete;
      await until(() => inView(el, many[4200]!.id));
      expect(el.shadowRoot!.querySelector<EtComment>(`li[data-id="${many[4200]!.id}"] > et-comment`)!.active).to.equal(true);
      expect(items(el).length).to.be.lessThan(100);
      // The next comment under the playhead is near: the highlight moves and the list follows.
      el.activeId = many[4210]!.id;
      await el.updateComplete;
      await until(() => inView(el, many[4210]!.id));
      expect(el.shadowRoot!.querySelectorAll('et-comment[active]').length).to.equal(1);
      expect(el.shadowRoot!.querySelector<EtComment>(`li[data-id="${many[4210]!.id}"] > et-comment`)!.active).to.equal(true);
      expect(document.scrollingElement!.scrollTop).to.equal(pageScroll);
    });

    it('takes keyboard focus to the comment under the playhead, then from comment to comment', async () => {
      const el = await mount();
      await until(() => items(el).length > 0);
      el.activeId = many[4200]!.id;
      await until(() => inView(el, many[4200]!.id));
      el.shadowRoot!.querySelector('ol')!.focus();
      await sendKeys({ press: 'ArrowDown' });
      await until(() => focused(el)?.comment.id === many[4200]!.id);
      await sendKeys({ press: 'ArrowDown' });
      await until(() => focused(el)?.comment.id === many[4201]!.id && inView(el, many[4201]!.id));
      await sendKeys({ press: 'ArrowUp' });
      await sendKeys({ press: 'ArrowUp' });
      await until(() => focused(el)?.comment.id === many[4199]!.id && inView(el, many[4199]!.id));
      // Tab goes on into the comment's own controls.
      await sendKeys({ press: 'Tab' });
      expect(focused(el)!.shadowRoot!.activeElement?.getAttribute('part')).to.equal('timecode');
      // While the reader is in the list with the keyboard, the playhead does not pull it away.
      el.activeId = many[10]!.id;
      await el.updateComplete;
      await new Promise((r) => setTimeout(r, 100));
      expect(focused(el)?.comment.id).to.equal(many[4199]!.id);
      expect(inView(el, many[4199]!.id)).to.equal(true);
    });

    it('keeps focus in the list when the keyboard scrolls it far from the focused comment', async () => {
      const el = await mount();
      await until(() => items(el).length > 0);
      const list = el.shadowRoot!.querySelector('ol')!;
      list.focus();
      await sendKeys({ press: 'ArrowDown' });
      await until(() => focused(el)?.comment.id === many[0]!.id);
      await sendKeys({ press: 'End' });
      await until(() => list.scrollTop > 100_000 && !items(el).some((li) => li.dataset.id === many[0]!.id));
      expect(el.shadowRoot!.activeElement).to.equal(list);
    });

    it('reaches comments far from the start with the keyboard alone', async () => {
      const el = await mount();
      await until(() => items(el).length > 0);
      const rendered = items(el).length;
      el.shadowRoot!.querySelector('ol')!.focus();
      for (let i = 0; i <= rendered + 5; i++) await sendKeys({ press: 'ArrowDown' });
      await until(() => focused(el)?.comment.id === many[rendered + 5]!.id && inView(el, many[rendered + 5]!.id));
      expect(items(el)[0]!.dataset.id).not.to.equal(many[0]!.id);
    });
  });

  it('says so when there are no comments', async () => {
    const el = await fixture<EtCommentList>(html`<et-comment-list></et-comment-list>`);
    expect(el.shadowRoot!.textContent).to.contain('No comments yet');
  });
});
