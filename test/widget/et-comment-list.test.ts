import { aTimeout, expect, fixture, html } from '@open-wc/testing';
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

  it('renders a long thread in slices, ending with every comment', async () => {
    const many = Array.from({ length: 600 }, (_, i) => comment({ t_start: i }));
    const el = await fixture<EtCommentList>(html`<et-comment-list .comments=${many}></et-comment-list>`);
    const count = () => el.shadowRoot!.querySelectorAll('li').length;
    expect(count()).to.be.lessThan(600);
    for (let i = 0; i < 100 && count() < 600; i++) await aTimeout(20);
    expect(count()).to.equal(600);
  });

  it('says so when there are no comments', async () => {
    const el = await fixture<EtCommentList>(html`<et-comment-list></et-comment-list>`);
    expect(el.shadowRoot!.textContent).to.contain('No comments yet');
  });
});
