import { expect } from '@open-wc/testing';
import { SessionController } from '../../../widget/src/controllers/session-controller.ts';
import { fakeHost, flush } from '../fixtures/fake-host.ts';
import { json, ME, tokenFor } from '../fixtures/fake-api.ts';

describe('SessionController', () => {
  it('sends the current token, and after a 401 asks the host page with token-expired, then retries with the new one', async () => {
    const seen: string[] = [];
    const host = fakeHost({ token: 'old' });
    host.fetch = async (_input, init = {}) => {
      const auth = new Headers(init.headers).get('authorization')!;
      seen.push(auth);
      return auth === 'Bearer old' ? json(401, { title: 'Unauthorized', status: 401 }) : json(200, { id: 'x' });
    };
    const session = new SessionController(host);
    host.addEventListener('token-expired', () => {
      host.token = tokenFor(ME);
      host.requestUpdate();
    });
    const answer = await session.api.exercise('x');
    expect(answer).to.deep.equal({ id: 'x' });
    expect(seen).to.deep.equal(['Bearer old', `Bearer ${tokenFor(ME)}`]);
    expect(session.me).to.equal(ME);
    host.remove();
  });

  it('renews through tokenProvider once for requests refused together', async () => {
    let calls = 0;
    const host = fakeHost({ token: 'old' });
    host.tokenProvider = async () => `fresh-${++calls}`;
    const session = new SessionController(host);
    const [a, b] = await Promise.all([session.refresh(), session.refresh()]);
    expect([a, b, calls, host.token]).to.deep.equal(['fresh-1', 'fresh-1', 1, 'fresh-1']);
    host.remove();
  });

  it('disconnected, a request waiting for a token gives up instead of hanging', async () => {
    const host = fakeHost({ token: 'old' });
    const session = new SessionController(host);
    const waiting = session.refresh();
    host.remove();
    expect(await waiting).to.equal(undefined);
  });

  it('builds a new API client when api-base changes, and keeps one otherwise', async () => {
    const host = fakeHost({ token: 't' });
    const session = new SessionController(host);
    const first = session.api;
    expect(session.api).to.equal(first);
    host.apiBase = 'http://other.test';
    await flush(host);
    expect(session.api).to.not.equal(first);
    expect(session.scope).to.equal('http://other.test:');
    host.remove();
  });
});
