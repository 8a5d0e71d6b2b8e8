import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../lib/api-client.ts';
import type { UploadProgress } from '../lib/types.ts';
import { Uploader, xhrPut, type PutPart } from '../lib/uploader.ts';

export interface UploadSource {
  api: ApiClient;
  /** What the upload's id is remembered under (the API and the user), so a reload resumes it. */
  scope: string;
  /** PUTs a part (tests give a stand-in; default: XMLHttpRequest, which reports progress). */
  putPart?: PutPart | undefined;
}

/**
 * One video upload at a time: start, progress, pause when the connection drops (resumed by the
 * user or by `online`), and the finished media asset. Disconnected, the part in flight stops.
 */
export class UploadController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #source: () => UploadSource | undefined;
  #uploader: Uploader | undefined;
  progress: UploadProgress | undefined;
  /** The finished upload's media asset. */
  assetId = '';

  constructor(host: ReactiveControllerHost, source: () => UploadSource | undefined) {
    this.#host = host;
    this.#source = source;
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('online', this.#resumeIfPaused);
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.#resumeIfPaused);
    this.#uploader?.stop();
  }

  async start(file: File): Promise<void> {
    const source = this.#source();
    if (!source) return;
    this.#uploader?.stop();
    this.assetId = '';
    const uploader = new Uploader(
      source.api,
      file,
      source.putPart ?? xhrPut,
      (p) => {
        if (uploader !== this.#uploader) return;
        this.progress = p;
        this.#host.requestUpdate();
      },
      source.scope,
    );
    this.#uploader = uploader;
    await this.resume();
  }

  async resume(): Promise<void> {
    const uploader = this.#uploader;
    if (!uploader || this.progress?.state === 'uploading') return;
    try {
      const asset = await uploader.run();
      if (uploader !== this.#uploader) return;
      this.assetId = asset.id;
      this.#host.requestUpdate();
    } catch {
      // Shown as paused, with a resume button; `online` resumes it too.
    }
  }

  /** The upload went into an exercise: the form starts empty again. */
  reset(): void {
    this.#uploader = undefined;
    this.progress = undefined;
    this.assetId = '';
    this.#host.requestUpdate();
  }

  #resumeIfPaused = (): void => {
    if (this.progress?.state === 'paused') void this.resume();
  };
}
