import { XAPI_VERSION } from './statements.ts';

export interface LrsSettings {
  /** The LRS's xAPI endpoint, e.g. https://lrs.example/xapi/ (resources are relative to it). */
  endpoint: string;
  username: string;
  password: string;
}

/** An LRS answer that is not success; `retryable` when trying again later may succeed. */
export class LrsError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'LrsError';
  }
}

const statementsUrl = (endpoint: string) => new URL('statements', endpoint.endsWith('/') ? endpoint : `${endpoint}/`);

/**
 * Sends statements to an LRS (xAPI 1.0.3 Communication 2.1). A batch goes as one POST. A 409
 * says the LRS already holds a statement with one of these ids (a previous try that was stored
 * but whose answer was lost): each is then PUT by its id, where 204 stores it and 409 means it is
 * there already. Either way each statement is stored once. Network failures, 429, 5xx and
 * refused credentials (401, 403: the tenant may fix them) are retryable; any other refusal is not
 * (the same statements would be refused again).
 */
export async function sendStatements(lrs: LrsSettings, statements: readonly { id?: unknown }[], timeoutMs = 10_000): Promise<void> {
  if (statements.length === 0) return;
  const headers = {
    'Content-Type': 'application/json',
    'X-Experience-API-Version': XAPI_VERSION,
    Authorization: `Basic ${Buffer.from(`${lrs.username}:${lrs.password}`).toString('base64')}`,
  };
  const call = async (method: 'POST' | 'PUT', url: URL, body: unknown): Promise<Response> => {
    try {
      return await fetch(url, { method, headers, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new LrsError(0, `The LRS could not be reached: ${(error as Error).message}`, true);
    }
  };
  const fail = async (res: Response): Promise<never> => {
    const retryable = res.status === 429 || res.status >= 500 || res.status === 401 || res.status === 403;
    const text = (await res.text()).slice(0, 300);
    throw new LrsError(res.status, `The LRS answered ${res.status}${text ? `: ${text}` : ''}`, retryable);
  };

  const url = statementsUrl(lrs.endpoint);
  const res = await call('POST', url, statements);
  if (res.ok) return void (await res.arrayBuffer());
  if (res.status !== 409) return fail(res);
  await res.arrayBuffer();
  for (const s of statements) {
    const one = new URL(url);
    one.searchParams.set('statementId', String(s.id));
    const put = await call('PUT', one, s);
    if (put.ok || put.status === 409) await put.arrayBuffer();
    else await fail(put);
  }
}
