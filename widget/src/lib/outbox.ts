import type { NewComment } from './types.ts';

/** A typed comment the server has not acknowledged yet. */
export interface OutboxEntry extends NewComment {
  key: string;
  thread_id: string;
  created_at: string;
  state: 'sending' | 'failed';
  error?: string;
  /** Whether it is retried on its own (reconnect, reload) or waits for the user's retry. */
  auto: boolean;
}

/** An idempotency key; crypto.randomUUID exists only in secure contexts, so fall back. */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Pending comments, kept in the browser's storage until the server acknowledges them, so a
 * reload or a crash loses nothing. Entries are re-read on every call: another tab may have
 * sent one meanwhile (the Idempotency-Key keeps a double send to one comment).
 */
export class Outbox {
  private memory: Record<string, OutboxEntry> = {};

  constructor(
    private readonly storageKey: string,
    private readonly storage: Storage | undefined = safeLocalStorage(),
  ) {}

  private read(): Record<string, OutboxEntry> {
    if (!this.storage) return this.memory;
    try {
      return JSON.parse(this.storage.getItem(this.storageKey) ?? '{}') as Record<string, OutboxEntry>;
    } catch {
      return {};
    }
  }

  private write(all: Record<string, OutboxEntry>): void {
    if (!this.storage) {
      this.memory = all;
      return;
    }
    try {
      if (Object.keys(all).length) this.storage.setItem(this.storageKey, JSON.stringify(all));
      else this.storage.removeItem(this.storageKey);
    } catch {
      // Storage full or blocked: keep it for this page's life at least.
      this.memory = all;
    }
  }

  list(threadId: string): OutboxEntry[] {
    return Object.values(this.read())
      .filter((e) => e.thread_id === threadId)
      .sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  get(key: string): OutboxEntry | undefined {
    return this.read()[key];
  }

  put(entry: OutboxEntry): void {
    this.write({ ...this.read(), [entry.key]: entry });
  }

  update(key: string, patch: Partial<OutboxEntry>): OutboxEntry | undefined {
    const all = this.read();
    const entry = all[key];
    if (!entry) return undefined;
    all[key] = { ...entry, ...patch };
    this.write(all);
    return all[key];
  }

  remove(key: string): void {
    const all = this.read();
    delete all[key];
    this.write(all);
  }
}

export function safeLocalStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // sandboxed iframes without allow-same-origin throw here
  }
}
