/**
 * A platform's LTI Advantage service (token endpoint, AGS, NRPS) refused or failed. Knows no
 * transport: the grade passback records `message`, and the job queue retries when `retryable`.
 */
export class PlatformServiceError extends Error {
  constructor(
    message: string,
    /** The platform's HTTP status, when it answered. */
    readonly status: number | undefined,
    /** An outage (network, 5xx, 429, 408) may pass; a refusal (other 4xx) will not. */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'PlatformServiceError';
  }
}

const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

/** Fetches from a platform with a timeout; network failures and unexpected answers become PlatformServiceErrors. */
export async function platformFetch(doFetch: typeof fetch, url: string, init: RequestInit, timeoutMs: number, what: string): Promise<Response> {
  let res: Response;
  try {
    res = await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
  } catch (error) {
    throw new PlatformServiceError(`${what}: the platform could not be reached (${(error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message}).`, undefined, true);
  }
  if (res.ok) return res;
  const text = (await res.text().catch(() => '')).slice(0, 300);
  throw new PlatformServiceError(`${what}: the platform answered ${res.status}${text ? ` (${text})` : ''}.`, res.status, RETRYABLE.has(res.status));
}
