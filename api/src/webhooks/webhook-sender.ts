import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, isPublicAddress } from './url-guard.ts';

export interface SendOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

export interface SenderOptions {
  allowPrivateUrls: boolean;
  timeoutMs?: number;
}

/** Bytes of the receiver's answer read (and then dropped): enough for an error line, no more. */
const MAX_ANSWER_BYTES = 4096;

/**
 * One signed POST. Any 2xx is success; anything else (another status, a timeout, a refused
 * address, a reset) is a failure the queue retries. Redirects are not followed: a receiver could
 * point one at an internal address.
 */
export function postWebhook(url: string, body: string, headers: Record<string, string>, options: SenderOptions): Promise<SendOutcome> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  // Literal addresses connect without a lookup, so they are checked here.
  if (!options.allowPrivateUrls && isIP(host) && !isPublicAddress(host)) {
    return Promise.resolve({ ok: false, statusCode: null, error: 'The URL points at a loopback, private or reserved address.' });
  }
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'exercise-threads-webhooks/1', ...headers, 'content-length': Buffer.byteLength(body) },
        lookup: guardedLookup(options.allowPrivateUrls) as never,
        timeout: options.timeoutMs ?? 15_000,
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (text.length < MAX_ANSWER_BYTES) text += chunk;
          else response.destroy();
        });
        const done = () => {
          const ok = status >= 200 && status < 300;
          resolve({ ok, statusCode: status, error: ok ? null : `HTTP ${status}${text ? `: ${text.slice(0, 200)}` : ''}` });
        };
        response.on('end', done);
        response.on('close', done);
      },
    );
    request.on('timeout', () => request.destroy(new Error('The receiver did not answer in time.')));
    request.on('error', (error) => resolve({ ok: false, statusCode: null, error: error.message }));
    request.end(body);
  });
}
