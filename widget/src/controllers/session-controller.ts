import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiClient, tokenExpired, tokenRole, tokenSubject } from '../lib/api-client.ts';
import { fire } from '../public-events.ts';

/** How long a refused request waits for the host page to answer `token-expired`. */
const TOKEN_WAIT_MS = 30_000;

/** What the session reads from its host: the element's public inputs. */
export interface SessionHost extends ReactiveControllerHost, EventTarget {
  apiBase: string;
  token: string;
  tokenProvider: (() => Promise<string>) | undefined;
  fetch: typeof globalThis.fetch | undefined;
}

/**
 * The user's session: the token, its renewal (through `tokenProvider`, or by asking the host page
 * with `token-expired`), and the one API client every other controller talks through.
 */
export class SessionController implements ReactiveController {
  readonly #host: SessionHost;
  #waiters: ((token: string | undefined) => void)[] = [];
  #renewing: Promise<string | undefined> | undefined;
  #client: { api: ApiClient; apiBase: string; fetch: typeof globalThis.fetch | undefined } | undefined;
  #lastToken = '';

  constructor(host: SessionHost) {
    this.#host = host;
    host.addController(this);
  }

  /** The API client for the current `api-base` (rebuilt when it changes); it always sends the current token. */
  get api(): ApiClient {
    const { apiBase, fetch } = this.#host;
    if (this.#client?.apiBase !== apiBase || this.#client.fetch !== fetch) {
      const api = new ApiClient({ apiBase, token: () => this.#host.token, refreshToken: this.refresh, ...(fetch ? { fetch } : {}) });
      this.#client = { api, apiBase, fetch };
    }
    return this.#client.api;
  }

  /** The user id, only to tell own comments apart. */
  get me(): string {
    return tokenSubject(this.#host.token) ?? '';
  }

  /** What the user's stored drafts and uploads are kept under: the API and the user. */
  get scope(): string {
    return `${this.#host.apiBase}:${this.me}`;
  }

  get instructor(): boolean {
    return tokenRole(this.#host.token) === 'instructor';
  }

  /** A new token arrived: requests waiting for one go on. */
  hostUpdate(): void {
    const token = this.#host.token;
    if (token && token !== this.#lastToken) for (const resolve of this.#waiters.splice(0)) resolve(token);
    this.#lastToken = token;
  }

  hostConnected(): void {}

  /** Nobody will answer now: requests waiting for a token give up. */
  hostDisconnected(): void {
    for (const resolve of this.#waiters.splice(0)) resolve(undefined);
  }

  /** After a 401: ask the provider (once for requests refused together), or the host page through `token-expired`. */
  refresh = async (): Promise<string | undefined> => {
    const provider = this.#host.tokenProvider;
    if (provider) {
      this.#renewing ??= provider()
        .catch(() => undefined)
        .then((t) => {
          this.#renewing = undefined;
          if (t) this.#host.token = t;
          return t;
        });
      return this.#renewing;
    }
    const waiting = new Promise<string | undefined>((resolve) => {
      this.#waiters.push(resolve);
      setTimeout(() => resolve(undefined), TOKEN_WAIT_MS);
    });
    fire(this.#host, 'token-expired', {});
    return waiting;
  };

  /**
   * The live channel's token: an expired one is renewed first, or the server would refuse every
   * reconnection of a learner who only watches (no request of theirs meets a 401 to renew it).
   */
  liveToken = async (): Promise<string> => (tokenExpired(this.#host.token) ? ((await this.refresh()) ?? this.#host.token) : this.#host.token);
}
