import { ApiError, type ApiClient } from './api-client.ts';
import type { MediaAssetView, UploadProgress } from './types.ts';

/** PUTs one part's bytes to its signed URL and resolves with the ETag storage answered. */
export type PutPart = (url: string, body: Blob, onProgress: (loaded: number) => void, signal: AbortSignal) => Promise<string>;

/** A part PUT that failed: `status` 0 when the connection dropped. */
export class PartError extends Error {
  constructor(readonly status: number) {
    super(status ? `Storage answered ${status}.` : 'The connection dropped.');
  }
}

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
 * One file's multipart upload: start (or resume) through the API, PUT each missing part straight
 * to its signed storage URL, complete with the ETags. Stopped by a dropped connection, `run()`
 * again resumes: the API lists what storage holds and hands fresh URLs for the rest. The upload's
 * id is kept in localStorage under the file's name, size and date, so picking the same file after
 * a reload resumes it too.
 */
export class Uploader {
  private id: string | undefined;
  private readonly etags = new Map<number, string>();
  private partSize = 0;
  private controller: AbortController | undefined;
  private readonly key: string;

  constructor(
    private readonly api: ApiClient,
    readonly file: File,
    private readonly put: PutPart,
    private readonly onProgress: (p: UploadProgress) => void,
    scope: string,
  ) {
    this.key = `et-upload:v1:${scope}:${file.name}:${file.size}:${file.lastModified}`;
    this.id = localStorage.getItem(this.key) ?? undefined;
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
  async run(): Promise<MediaAssetView> {
    this.controller = new AbortController();
    const signal = this.controller.signal;
    try {
      let view;
      try {
        view = this.id ? await this.api.resumeUpload(this.id) : undefined;
      } catch (error) {
        // Completed, removed or swept meanwhile: start over.
        if (!(error instanceof ApiError) || error.retryable) throw error;
      }
      view ??= await this.api.startUpload(this.file);
      if (view.id !== this.id) this.etags.clear();
      this.id = view.id;
      this.partSize = view.part_size;
      localStorage.setItem(this.key, view.id);
      for (const p of view.uploaded_parts ?? []) this.etags.set(p.part_number, p.etag);
      this.report('uploading', this.done());
      for (const part of view.parts) {
        if (this.etags.has(part.part_number)) continue;
        const start = (part.part_number - 1) * this.partSize;
        const blob = this.file.slice(start, start + this.partSize);
        const before = this.done();
        const etag = await this.put(part.url, blob, (loaded) => this.report('uploading', before + loaded), signal);
        this.etags.set(part.part_number, etag);
        this.report('uploading', this.done());
      }
      const parts = [...this.etags].map(([part_number, etag]) => ({ part_number, etag })).sort((a, b) => a.part_number - b.part_number);
      const asset = await this.api.completeUpload(this.id, parts);
      localStorage.removeItem(this.key);
      this.report('done', this.file.size);
      return asset;
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
