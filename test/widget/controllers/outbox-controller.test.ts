import { expect, waitUntil } from '@open-wc/testing';
import { OutboxController } from '../../../widget/src/controllers/outbox-controller.ts';
import { SessionController } from '../../../widget/src/controllers/session-controller.ts';
import type { CommentView } from '../../../widget/src/lib/types.ts';
import { fakeApi, ME, thread, tokenFor } from '../fixtures/fake-api.ts';
import { fakeHost, flush } from '../fixtures/fake-host.ts';

function setup() {
  const api = fakeApi();
  let offline = true;
  const host = fakeHost({ token: tokenFor(ME) });
  host.fetch = (input, init) => (offline && init?.method === 'POST' ? Promise.reject(new TypeError('Failed to fetch')) : api.fetch(input, init));
  const sent: CommentView[] = [];
  const outbox = new OutboxController(host, new SessionController(host), {
    thread: () => thread(),
    author: () => ({ id: ME, name: 'you', role: 'learner' }),
    onSent: (c) => sent.push(c),
  });
  return { api, host, outbox, sent, online: () => (offline = false) };
}

describe('OutboxController', () => {
  beforeEach(() => localStorage.clear());

  it('keeps an unsent comment as a pending row in storage, and sends it once with the same key on `online`', async () => {
    const { api, host, outbox, sent, online } = setup();
    await outbox.submit({ body: 'kept', t_start: 1, t_end: null, parent_id: null });
    const [row] = outbox.pending();
    expect([row!.body, row!.pending, Boolean(row!.error)]).to.deep.equal(['kept', 'sending', true]);
    expect(Object.keys(localStorage).some((k) => k.startsWith('et-outbox:v1:http://api.test:'))).to.equal(true);
    online();
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => sent.length === 1, 'sent');
    expect(outbox.pending()).to.deep.equal([]);
    expect(api.state.requests.filter((r) => r === 'POST /comments')).to.have.length(1);
    host.remove();
  });

  it('disconnected, it no longer sends on `online`', async () => {
    const { host, outbox, sent, online } = setup();
    await outbox.submit({ body: 'waits', t_start: 1, t_end: null, parent_id: null });
    host.remove();
    online();
    window.dispatchEvent(new Event('online'));
    await flush(host);
    expect(sent).to.deep.equal([]);
    expect(outbox.pending().map((p) => p.body)).to.deep.equal(['waits']);
  });
});
