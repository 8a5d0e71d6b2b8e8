import { createStore, del, entries, get, set, type UseStore } from 'idb-keyval';

/**
 * A take on its way to the API: the recording (or the chosen file) itself, and how far its sending
 * got. Kept in IndexedDB from the moment "Send attempt" is pressed until the API has every part, so a
 * reload or a closed tab never loses it; the attempt and upload ids are written as soon as the API
 * gives them, so after a reload the same attempt's upload resumes (and no second attempt is made).
 */
export interface Take {
  /** Also the Idempotency-Key of `POST /threads/:id/attempts`. */
  key: string;
  /** The API and user it belongs to (session scope). */
  scope: string;
  threadId: string;
  blob: Blob;
  name: string;
  type: string;
  created_at: string;
  attemptId?: string;
  uploadId?: string;
}

/**
 * idb-keyval (about 600 bytes): IndexedDB as a promise-based key-value store that holds Blobs as
 * they are, with no schema or version upgrades to write by hand. One database of its own, so it never
 * touches a host page's stores.
 */
let store: UseStore | undefined;
const takes = () => (store ??= createStore('exercise-threads', 'takes'));

export const saveTake = (take: Take): Promise<void> => set(take.key, take, takes());

export const loadTake = (key: string): Promise<Take | undefined> => get<Take>(key, takes());

export async function updateTake(key: string, patch: Partial<Take>): Promise<void> {
  const take = await loadTake(key);
  if (take) await saveTake({ ...take, ...patch });
}

export const forgetTake = (key: string): Promise<void> => del(key, takes());

/** The takes of one user's thread still to send, oldest first. */
export async function pendingTakes(scope: string, threadId: string): Promise<Take[]> {
  const all = await entries<string, Take>(takes());
  return all
    .map(([, t]) => t)
    .filter((t) => t.scope === scope && t.threadId === threadId)
    .sort((a, b) => a.created_at.localeCompare(b.created_at));
}
