import { html, LitElement, nothing } from 'lit';
import { LocalizeController } from '../controllers/localize-controller.ts';
import { attemptStringsFor } from '../lib/attempt-strings.ts';
import { defineOnce } from '../lib/define-once.ts';
import { emit } from '../lib/events.ts';
import { tokens } from '../lib/shared-styles.ts';
import { format } from '../lib/strings.ts';
import { formatTimecode } from '../lib/timecode.ts';
import type { UploadProgress } from '../lib/types.ts';
import { styles } from './et-attempt-recorder.styles.ts';

type Phase = 'idle' | 'asking' | 'denied' | 'countdown' | 'recording' | 'review';

/** What MediaRecorder writes, in the order we prefer it (WebM plays in every recording browser but Safari). */
const TYPES = ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm', 'video/mp4'];
const COUNTDOWN = 3;
/**
 * Recording stops this much before the limit: the file MediaRecorder writes runs a little past the
 * wall-clock time (its last timeslice), and the API refuses an attempt longer than the limit.
 */
const LIMIT_MARGIN_S = 0.5;

/** A video file's duration in seconds, read from its metadata (NaN when the browser cannot read it). */
function durationOf(file: Blob): Promise<number> {
  const url = URL.createObjectURL(file);
  const v = document.createElement('video');
  v.preload = 'metadata';
  return new Promise<number>((resolve) => {
    v.onloadedmetadata = () => resolve(v.duration);
    v.onerror = () => resolve(NaN);
    v.src = url;
  }).finally(() => URL.revokeObjectURL(url));
}

/**
 * A learner's attempt: recorded in the browser (camera and microphone through MediaRecorder, a
 * live preview, a 3-2-1 countdown, stopped at the exercise's time limit) or chosen from the device
 * (`accept="video/*" capture`, so phones offer their camera). The take is watched before it goes:
 * "Retake" records again, "Send attempt" asks the top element to send it. A file over the size or
 * time limit is refused here, before a byte is sent. Refused camera access says so and offers the
 * file instead. It sends nothing itself; it shows the `progress` it is given.
 *
 * @fires et-attempt-send-request - "Send attempt": `{file}` (a recording is a File named attempt-….webm).
 * @csspart preview - The live camera preview and the take's player.
 * @csspart record - The "Record an attempt" button.
 * @csspart choose - The "Choose a video file" button.
 * @csspart progress - The sending progress bar.
 * @cssproperty --et-recorder-aspect-ratio - The preview's ratio (16 / 9).
 * @cssproperty --et-recorder-preview-transform - The live preview's transform (scaleX(-1): a mirror, as people expect of a selfie camera; the take is not mirrored).
 * @cssproperty --et-recorder-dot-color - The recording dot (falls back to --et-color-danger).
 * @cssproperty --et-recorder-bar-color - The progress bar (falls back to --et-color-accent).
 *
 * @tag et-attempt-recorder
 */
export class EtAttemptRecorder extends LitElement {
  static override properties = {
    maxSeconds: { type: Number, attribute: 'max-seconds' },
    maxBytes: { type: Number, attribute: 'max-bytes' },
    progress: { attribute: false },
    refusal: { type: String },
    lang: { type: String },
    phase: { state: true },
    message: { state: true },
    count: { state: true },
    elapsed: { state: true },
  };

  /** The exercise's `max_attempt_seconds`: recording stops there, a longer file is refused (0: no limit). */
  declare maxSeconds: number;
  /** The largest file the API takes (0: no limit). */
  declare maxBytes: number;
  /** The sending's progress, if a take is on its way. */
  declare progress: UploadProgress | undefined;
  /** Why the API refused the last take (the limit reached, too long), shown as an alert; '' for none. */
  declare refusal: string;
  private declare phase: Phase;
  private declare message: string;
  private declare count: number;
  private declare elapsed: number;

  static override styles = [tokens, styles];

  #stream: MediaStream | undefined;
  #recorder: MediaRecorder | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #take: File | undefined;
  #takeUrl = '';

  constructor() {
    super();
    new LocalizeController(this);
    this.maxSeconds = this.maxBytes = 0;
    this.progress = undefined;
    this.refusal = '';
    this.phase = 'idle';
    this.message = '';
    this.count = this.elapsed = 0;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stopCamera();
    this.#discard();
  }

  /** The take waiting for "Send attempt" or "Retake", if any. */
  get take(): File | undefined {
    return this.#take;
  }

  #stopCamera(): void {
    clearInterval(this.#timer);
    if (this.#recorder?.state === 'recording') this.#recorder.stop();
    this.#recorder = undefined;
    for (const t of this.#stream?.getTracks() ?? []) t.stop();
    this.#stream = undefined;
  }

  #discard(): void {
    if (this.#takeUrl) URL.revokeObjectURL(this.#takeUrl);
    this.#takeUrl = '';
    this.#take = undefined;
  }

  /** "Record an attempt" or "Retake": the camera, its preview, 3-2-1, then recording. */
  async #record(): Promise<void> {
    this.#discard();
    this.message = '';
    const s = attemptStringsFor(this.lang);
    if (!navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined') {
      this.phase = 'denied';
      this.message = s.noRecorder;
      return;
    }
    this.phase = 'asking';
    try {
      this.#stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
    } catch (error) {
      this.phase = 'denied';
      this.message = format(s.denied, { reason: error instanceof Error ? error.message || error.name : String(error) });
      return;
    }
    this.phase = 'countdown';
    await this.updateComplete;
    const live = this.renderRoot.querySelector<HTMLVideoElement>('video.live');
    if (live) live.srcObject = this.#stream;
    for (this.count = COUNTDOWN; this.count > 0; this.count--) {
      await new Promise((r) => setTimeout(r, 1000));
      if (this.phase !== 'countdown') return;
    }
    this.#start();
  }

  #start(): void {
    const stream = this.#stream;
    if (!stream) return;
    const mimeType = TYPES.find((t) => MediaRecorder.isTypeSupported(t)) ?? '';
    const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : {});
    const chunks: Blob[] = [];
    recorder.ondataavailable = (e) => e.data.size && chunks.push(e.data);
    recorder.onstop = () => {
      const type = (recorder.mimeType || mimeType || 'video/webm').split(';')[0]!;
      const ext = type.endsWith('mp4') ? 'mp4' : 'webm';
      this.#take = new File(chunks, `attempt-${new Date().toISOString().replace(/[:.]/g, '-')}.${ext}`, { type });
      this.#takeUrl = URL.createObjectURL(this.#take);
      this.#stopCamera();
      this.phase = 'review';
    };
    this.#recorder = recorder;
    recorder.start(1000);
    const started = performance.now();
    this.elapsed = 0;
    this.phase = 'recording';
    this.#timer = setInterval(() => {
      this.elapsed = (performance.now() - started) / 1000;
      if (this.maxSeconds > 0 && this.elapsed >= this.maxSeconds - LIMIT_MARGIN_S) {
        this.message = format(attemptStringsFor(this.lang).limitReached, { limit: formatTimecode(this.maxSeconds) });
        this.#stop();
      }
    }, 100);
  }

  #stop(): void {
    clearInterval(this.#timer);
    if (this.#recorder?.state === 'recording') this.#recorder.stop();
    else this.#stopCamera();
  }

  async #chosen(e: Event): Promise<void> {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    this.#stopCamera();
    this.#discard();
    const s = attemptStringsFor(this.lang);
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    this.phase = 'idle';
    if (this.maxBytes > 0 && file.size > this.maxBytes) {
      this.message = format(s.tooLarge, { name: file.name, size: mb(file.size), max: mb(this.maxBytes) });
      return;
    }
    const duration = await durationOf(file);
    if (Number.isNaN(duration)) {
      this.message = format(s.unreadable, { name: file.name });
      return;
    }
    // MediaRecorder's WebM states no duration (Infinity): the API's probe decides then.
    if (this.maxSeconds > 0 && Number.isFinite(duration) && duration > this.maxSeconds) {
      this.message = format(s.tooLong, { name: file.name, duration: formatTimecode(duration), limit: formatTimecode(this.maxSeconds) });
      return;
    }
    this.message = '';
    this.#take = file;
    this.#takeUrl = URL.createObjectURL(file);
    this.phase = 'review';
  }

  #send(): void {
    const file = this.#take;
    if (!file) return;
    emit(this, 'et-attempt-send-request', { file });
    this.#discard();
    this.phase = 'idle';
    this.message = '';
  }

  #choose(): void {
    this.renderRoot.querySelector<HTMLInputElement>('input[type="file"]')?.click();
  }

  override render() {
    const s = attemptStringsFor(this.lang);
    const p = this.progress;
    const busy = p?.state === 'uploading';
    const limit = this.maxSeconds > 0 ? formatTimecode(this.maxSeconds) : '';
    const phase = this.phase;
    const live = phase === 'countdown' || phase === 'recording';
    const choose = html`<button part="choose" type="button" ?disabled=${busy} @click=${() => this.#choose()}>${s.choose}</button>`;
    return html`<section aria-labelledby="h">
      <h2 id="h">${s.recorder}</h2>
      <input type="file" accept="video/*" capture="user" aria-label=${s.choose} tabindex="-1" @change=${(e: Event) => void this.#chosen(e)} />
      ${live ? html`<video part="preview" class="live" muted autoplay playsinline aria-label=${s.camera}></video>` : nothing}
      ${phase === 'review' ? html`<video part="preview" controls playsinline src=${this.#takeUrl} aria-label=${s.take}></video>` : nothing}
      ${phase === 'countdown' ? html`<p class="countdown" role="status">${format(s.countdown, { n: this.count })}</p>` : nothing}
      ${phase === 'recording'
        ? html`<p class="status recording" role="timer">
            ${format(limit ? s.recording : s.recordingNoLimit, { elapsed: formatTimecode(this.elapsed), limit })}
          </p>`
        : nothing}
      ${phase === 'asking' ? html`<p class="status" role="status">${s.asking}</p>` : nothing}
      ${phase === 'review' ? html`<p class="status">${s.review}</p>` : nothing}
      ${this.message || this.refusal
        ? html`<p class="status ${phase === 'denied' || phase === 'idle' ? 'error' : ''}" role="alert">${this.message || this.refusal}</p>`
        : nothing}
      <div class="actions">
        ${phase === 'recording' || phase === 'countdown'
          ? html`<button class="primary" type="button" @click=${() => (phase === 'countdown' ? this.#cancelCountdown() : this.#stop())}>${s.stop}</button>`
          : phase === 'review'
            ? html`<button type="button" @click=${() => void this.#record()}>${s.retake}</button>
                <button class="primary" type="button" ?disabled=${busy} @click=${() => this.#send()}>${s.send}</button>${choose}`
            : html`${phase === 'denied'
                ? nothing
                : html`<button part="record" type="button" ?disabled=${busy || phase === 'asking'} @click=${() => void this.#record()}>${s.record}</button>`}${choose}`}
      </div>
      ${p && p.state !== 'done'
        ? html`<progress part="progress" max=${p.total} .value=${p.loaded} aria-label=${s.recorder}></progress>
            <p class="status ${p.state === 'paused' ? 'error' : ''}" role="status">
              ${p.state === 'paused'
                ? format(s.sendPaused, { reason: p.error ?? '' })
                : format(s.sending, { percent: p.total ? Math.floor((p.loaded / p.total) * 100) : 0 })}
            </p>`
        : p?.state === 'done'
          ? html`<p class="status" role="status">${s.sent}</p>`
          : nothing}
    </section>`;
  }

  #cancelCountdown(): void {
    this.#stopCamera();
    this.phase = 'idle';
  }
}

defineOnce('et-attempt-recorder', EtAttemptRecorder);

declare global {
  interface HTMLElementTagNameMap {
    'et-attempt-recorder': EtAttemptRecorder;
  }
}
