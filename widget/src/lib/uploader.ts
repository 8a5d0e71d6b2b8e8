import pRetry from 'p-retry';
import { ApiError, type ApiClient } from './api-client.ts';
import type { MediaAssetView, UploadProgress, UploadView } from './types.ts';

/** PUTs one part's bytes to its signed URL and resolves with the ETag storage answered. */
export type PutPart = (url: string, body: Blob, onProgress: (loaded: number) => void, signal: AbortSignal) => Promise<string>;

/** A part PUT that failed: `status` 0 when the connection dropped. */
export class PartError extends Error {
  constructor(readonly status: number) {
    super(status ? `Storage answered ${status}.` : 'The connection dropped.');
  }
}

/** How often an attempt's part is tried again before its upload pauses (1 s, 2 s, 4 s, 8 s: about 15 s of a dropped connection). */
export const PART_RETRIES = 4;

/** The browser's PUT with upload progress (fetch reports none): straight to storage, no credentials. */
export const xhrPut: PutPart = (url, body, onProgress, signal) =>
  new Promise<string>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      const etag = xhr.getResponseHeader('ETag');
      if (xhr.status >= 200 && xhr.status < 300 && etag) resolve(etag);
      else reject(new PartError(xhr.status || 0));
    };
    xhr.onerror = () => reject(new PartError(0));
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });

/**
 * Where a multipart upload starts, resumes and completes, and where its id is remembered so a
 * reload resumes it: an exercise video (`POST /media/uploads`, the id in localStorage) or a
 * learner's attempt (`POST /threads/:id/attempts`, the id kept with the take in IndexedDB).
 */
export interface UploadTarget<T> {
  /** The upload id remembered from an earlier run, if any. */
  recall(): string | undefined;
  /** Starts a new upload (called when there is none to resume). */
  start(signal: AbortSignal): Promise<UploadView>;
  /** The parts storage already holds, and fresh URLs for the rest (`GET /media/uploads/:id`). */
  resume(id: string, signal: AbortSignal): Promise<UploadView>;
  /** The upload started: remember its id before the first byte goes. */
  remember(id: string): void | Promise<void>;
  /** Every part is in: complete, and forget the id. */
  complete(id: string, parts: { part_number: number; etag: string }[]): Promise<T>;
}

/** The multipart flow's own API calls: the exercise video's upload, its id in localStorage under the file's name, size and date. */
export function mediaUploadTarget(api: ApiClient, file: File, scope: string): UploadTarget<MediaAssetView> {
  const key = `et-upload:v1:${scope}:${file.name}:${file.size}:${file.lastModified}`;
  return {
    recall: () => localStorage.getItem(key) ?? undefined,
    start: () => api.startUpload(file),
    resume: (id) => api.resumeUpload(id),
    remember: (id) => localStorage.setItem(key, id),
    complete: async (id, parts) => {
      const asset = await api.completeUpload(id, parts);
      localStorage.removeItem(key);
      return asset;
    },
  };
}

/** Worth another try of the same part: the connection dropped, or storage failed for a moment. */
const transient = (error: unknown) => error instanceof PartError && (error.status === 0 || error.status >= 500 || error.status === 429);

/**
 * One file's multipart upload: start (or resume) through its target, PUT each missing part
 * straight to its signed storage URL, complete with the ETags. A part that fails for a moment (a
 * dropped connection, a 5xx) is tried again with exponential backoff (p-retry); past that the
 * upload reports `paused`, and `run()` again resumes: the API lists what storage holds, only the
 * missing parts go, with fresh URLs.
 */
export class Uploader<T = MediaAssetView> {
  private id: string | undefined;
  private readonly etags = new Map<number, string>();
  private partSize = 0;
  private controller: AbortController | undefined;
  private readonly target: UploadTarget<T>;
  /** How often a part that failed for a moment is tried again before pausing (0: pause at once, the exercise form's resume button). */
  retries = 0;
  /** The backoff's first wait (tests shorten it). */
  retryMinMs = 1000;

  constructor(
    api: ApiClient,
    readonly file: File,
    private readonly put: PutPart,
    private readonly onProgress: (p: UploadProgress) => void,
    scope: string | UploadTarget<T>,
  ) {
    this.target = typeof scope === 'string' ? (mediaUploadTarget(api, file, scope) as unknown as UploadTarget<T>) : scope;
    this.id = this.target.recall();
  }

  private report(state: UploadProgress['state'], loaded: number, error?: string): void {
    this.onProgress({ state, fileName: this.file.name, loaded, total: this.file.size, ...(error ? { error } : {}) });
  }

  private partBytes(n: number): number {
    return Math.max(0, Math.min(this.partSize, this.file.size - (n - 1) * this.partSize));
  }

  private done(): number {
    let sum = 0;
    for (const n of this.etags.keys()) sum += this.partBytes(n);
    return sum;
  }

  /** Uploads what is missing and completes; throws (after reporting `paused`) when interrupted. */
  async run(): Promise<T> {
    this.controller = new AbortController();
    const signal = this.controller.signal;
    try {
      let view: UploadView | undefined;
      try {
        view = this.id ? await this.target.resume(this.id, signal) : undefined;
      } catch (error) {
        // Completed, removed or swept meanwhile: start over.
        if (!(error instanceof ApiError) || error.retryable) throw error;
      }
      if (!view) {
        view = await this.target.start(signal);
        await this.target.remember(view.id);
      }
      if (view.id !== this.id) this.etags.clear();
      this.id = view.id;
      this.partSize = view.part_size;
      for (const p of view.uploaded_parts ?? []) this.etags.set(p.part_number, p.etag);
      this.report('uploading', this.done());
      for (const part of view.parts) {
        if (this.etags.has(part.part_number)) continue;
        const start = (part.part_number - 1) * this.partSize;
        const blob = this.file.slice(start, start + this.partSize);
        const before = this.done();
        const etag = await pRetry(() => this.put(part.url, blob, (loaded) => this.report('uploading', before + loaded), signal), {
          retries: this.retries,
          minTimeout: this.retryMinMs,
          signal,
          shouldRetry: ({ error }) => transient(error),
        });
        this.etags.set(part.part_number, etag);
        this.report('uploading', this.done());
      }
      const parts = [...this.etags].map(([part_number, etag]) => ({ part_number, etag })).sort((a, b) => a.part_number - b.part_number);
      const result = await this.target.complete(this.id, parts);
      this.report('done', this.file.size);
      return result;
    } catch (error) {
      this.report('paused', this.done(), error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  /** Stops the part in flight; `run()` resumes later. */
  stop(): void {
    this.controller?.abort();
  }
}
