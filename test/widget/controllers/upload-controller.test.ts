import { expect, waitUntil } from '@open-wc/testing';
import { UploadController } from '../../../widget/src/controllers/upload-controller.ts';
import { ApiClient } from '../../../widget/src/lib/api-client.ts';
import { PartError, type PutPart } from '../../../widget/src/lib/uploader.ts';
import { json } from '../fixtures/fake-api.ts';
import { fakeHost } from '../fixtures/fake-host.ts';

function setup() {
  const view = (parts: number[]) => ({ id: 'up-1', status: 'pending', size: 10, part_size: 5, part_count: 2, expires_at: '', parts: parts.map((n) => ({ part_number: n, url: `https://storage.test/part-${n}` })), uploaded_parts: [] });
  const api = new ApiClient({
    apiBase: 'http://api.test',
    token: () => 't',
    refreshToken: async () => undefined,
    fetch: async (input, init) => {
      const path = new URL(String(input)).pathname;
      if (init?.method === 'POST' && path.endsWith('/media/uploads')) return json(201, view([1, 2]));
      if (path.endsWith('/media/uploads/up-1')) return json(200, { ...view([2]), uploaded_parts: [{ part_number: 1, etag: '"1"', size: 5 }] });
      if (path.endsWith('/complete')) return json(202, { id: 'asset-1', status: 'uploaded' });
      return json(404, {});
    },
  });
  let drop = true;
  const puts: string[] = [];
  const putPart: PutPart = async (url, body, onProgress, signal) => {
    puts.push(url);
    if (url.endsWith('part-2') && drop) {
      drop = false;
      throw new PartError(0);
    }
    signal.throwIfAborted();
    onProgress(body.size);
    return `"${url.slice(-1)}"`;
  };
  const host = fakeHost();
  const upload = new UploadController(host, () => ({ api, scope: 'test', putPart }));
  return { host, upload, puts };
}

describe('UploadController', () => {
  beforeEach(() => localStorage.clear());

  it('pauses when a part drops, resumes on `online` with only the missing part, and ends with the asset', async () => {
    const { host, upload, puts } = setup();
    await upload.start(new File([new Uint8Array(10)], 'a.mp4', { type: 'video/mp4' }));
    expect(upload.progress!.state).to.equal('paused');
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => upload.assetId === 'asset-1', 'completed');
    expect(upload.progress!.state).to.equal('done');
    expect(puts.map((u) => u.slice(-6))).to.deep.equal(['part-1', 'part-2', 'part-2']);
    host.remove();
  });

  it('disconnected, it does not resume on `online`', async () => {
    const { host, upload, puts } = setup();
    await upload.start(new File([new Uint8Array(10)], 'b.mp4', { type: 'video/mp4' }));
    host.remove();
    window.dispatchEvent(new Event('online'));
    await new Promise((r) => setTimeout(r, 50));
    expect(puts).to.have.length(2);
    expect(upload.progress!.state).to.equal('paused');
  });
});
