// Sending a learner's take: a lazy chunk of its own (IndexedDB, the multipart uploader and its
// backoff), fetched when a take is sent or a thread's owner opens their thread.
import { ApiError, type ApiClient } from './api-client.ts';
import { newKey } from './outbox.ts';
import { forgetTake, loadTake, pendingTakes, saveTake, updateTake, type Take } from './take-store.ts';
import type { AttemptView, UploadProgress } from './types.ts';
import { PART_RETRIES, Uploader, xhrPut, type PutPart, type UploadTarget } from './uploader.ts';

export { pendingTakes, type Take };

export interface SendOptions {
  api: ApiClient;
  putPart?: PutPart | undefined;
  onProgress(progress: UploadProgress): void;
  /** The attempt exists (its POST answered): show it at once, as "processing". */
  onCreated(attempt: AttemptView): void;
  /** Stops the part in flight (the element left the page). */
  signal?: AbortSignal;
  /** The backoff's first wait (tests shorten it). */
  retryMinMs?: number;
}

/** Keeps a new take in IndexedDB before anything goes to the network; returns it. */
export async function keepTake(scope: string, threadId: string, file: File): Promise<Take> {
  const take: Take = { key: newKey(), scope, threadId, blob: file, name: file.name, type: file.type, created_at: new Date().toISOString() };
  await saveTake(take);
  return take;
}

/**
 * Sends one kept take, resuming where an earlier run stopped: the attempt is created once (its
 * POST carries the take's key as Idempotency-Key, and its id is written to the take as soon as the
 * API answers), the parts storage holds are not sent again, and the take is forgotten only once
 * the upload is complete. A Web Lock on the take's key keeps two tabs from sending it together:
 * the second resolves with `undefined` at once. Throws (after `onProgress` says `paused`) when
 * interrupted; calling again resumes.
 */
export async function sendTake(key: string, options: SendOptions): Promise<AttemptView | undefined> {
  const run = async (): Promise<AttemptView | undefined> => {
    const take = await loadTake(key);
    if (!take) return undefined;
    const { api } = options;
    const file = take.blob instanceof File ? take.blob : new File([take.blob], take.name, { type: take.type });
    let attempt: AttemptView | undefined;
    const target: UploadTarget<AttemptView | undefined> = {
      recall: () => take.uploadId,
      start: async (signal) => {
        // The upload is gone: if its attempt is past its upload, this take was sent already.
        if (take.attemptId) {
          const known = await api.attempt(take.attemptId, signal).catch((e: unknown) => {
            if (e instanceof ApiError && e.status === 404) return undefined;
            throw e;
          });
          if (known && known.status !== 'pending') throw new AlreadySent(known);
        }
        // The take's key, kept with it since before this POST's first try: a reload before the answer
        // was stored sends it again, and the API answers the same attempt instead of making another.
        const created = await api.createAttempt(take.threadId, file, take.key, signal);
        attempt = created.attempt;
        take.attemptId = created.attempt.id;
        await updateTake(key, { attemptId: created.attempt.id });
        options.onCreated(created.attempt);
        // A replay of an attempt whose upload completed meanwhile (another tab sent it).
        if (created.attempt.status !== 'pending') throw new AlreadySent(created.attempt);
        return created.upload;
      },
      resume: (id, signal) => api.resumeUpload(id, signal),
      remember: async (id) => {
        take.uploadId = id;
        await updateTake(key, { uploadId: id });
      },
      complete: async (id, parts) => {
        await api.completeUpload(id, parts);
        await forgetTake(key);
        return take.attemptId ? (attempt ?? (await api.attempt(take.attemptId).catch(() => undefined))) : undefined;
      },
    };
    const uploader = new Uploader(api, file, options.putPart ?? xhrPut, options.onProgress, target);
    uploader.retries = PART_RETRIES;
    if (options.retryMinMs !== undefined) uploader.retryMinMs = options.retryMinMs;
    options.signal?.addEventListener('abort', () => uploader.stop(), { once: true });
    try {
      return await uploader.run();
    } catch (error) {
      // Refused for good (the limit reached, too large, too long): the take cannot go; forget it.
      if (error instanceof ApiError && !error.retryable && error.status !== 401) await forgetTake(key);
      if (!(error instanceof AlreadySent)) throw error;
      await forgetTake(key);
      options.onProgress({ state: 'done', fileName: take.name, loaded: file.size, total: file.size });
      return error.attempt;
    }
  };
  if (!navigator.locks) return run();
  return navigator.locks.request(`et-take:${key}`, { ifAvailable: true }, (lock) => (lock ? run() : undefined));
}

/** The take's attempt already has its video (the tab closed between completing and forgetting). */
class AlreadySent extends Error {
  constructor(readonly attempt: AttemptView) {
    super('Already sent.');
  }
}

