import { html, LitElement, nothing, type PropertyValues } from 'lit';
import './elements/et-comment-list.ts';
import './elements/et-composer.ts';
import './elements/et-thread-switcher.ts';
import './elements/et-timeline.ts';
import './elements/et-video-surface.ts';
import type { EtComposer } from './elements/et-composer.ts';
import type { EtCommentList } from './elements/et-comment-list.ts';
import { orderThreads } from './elements/et-thread-switcher.ts';
import type { EtVideoSurface } from './elements/et-video-surface.ts';
import { ApiClient, ApiError, tokenExpired, tokenRole, tokenSubject } from './lib/api-client.ts';
import { activeAt, buildTree, type CommentTree } from './lib/comment-order.ts';
import { defineOnce } from './lib/define-once.ts';
import type { EtEventDetails } from './lib/events.ts';
import { createLiveClient, type LiveClient, type LiveClientOptions } from './lib/live-client.ts';
import { newKey, Outbox, type OutboxEntry } from './lib/outbox.ts';
import { tokens } from './lib/shared-styles.ts';
import { format, stringsFor } from './lib/strings.ts';
import { formatTimecode } from './lib/timecode.ts';
import type { CommentView, DisplayComment, ExerciseView, MediaStatusEvent, NewComment, PlaybackView, ThreadView, UploadProgress } from './lib/types.ts';
import type { PutPart, Uploader } from './lib/uploader.ts';
import { sourceKind, YOUTUBE_API_URL, type SourceKind } from './players/player.ts';
import { styles } from './exercise-thread.styles.ts';

export type { LiveClient, LiveClientOptions };

const STEP = 5;
const RETRY_EVERY_MS = 15_000;
const TOKEN_WAIT_MS = 30_000;
// While a video is processing, ask again this often (the live status reaches only its uploader).
const PROCESSING_POLL_MS = 5_000;

/** What the video surface plays, or why it cannot yet. */
type Playback =
  | { state: 'play'; kind: SourceKind; src: string; youtubeId: string; poster: string }
  | { state: 'processing' }
  | { state: 'failed'; error: string };

function toPlayback(p: PlaybackView, ex: ExerciseView): Playback {
  if (p.type === 'youtube') {
    const id = (URL.canParse(p.url) ? new URL(p.url).searchParams.get('v') : null) ?? ex.source.youtube_id ?? '';
    return { state: 'play', kind: 'youtube', src: '', youtubeId: id, poster: '' };
  }
  return { state: 'play', kind: p.type === 'hls' ? 'hls' : 'file', src: p.url, youtubeId: '', poster: p.poster ?? '' };
}

type Ev<K extends keyof EtEventDetails> = CustomEvent<EtEventDetails[K]>;

/**
 * A timecoded comment thread on an exercise video. Add the script and the tag:
 *
 * ```html
 * <exercise-thread api-base="https://threads.example.edu" exercise-id="…" token="…"></exercise-thread>
 * ```
 *
 * A learner sees their own thread; an author of the exercise gets a switcher over the students'
 * threads. Without `exercise-id`, a learner picks from the catalogue, and an instructor sees their
 * exercises and a form to create one (from a YouTube URL, a video URL, or an uploaded file, which
 * shows as processing until it plays). Uploaded videos play as signed HLS; when the signature
 * expires mid-video a fresh URL is fetched and playback resumes where it was. Typed comments are never lost: they wait in the browser's storage until the API
 * acknowledges them (sent with an Idempotency-Key, so a retry never doubles one).
 *
 * Keyboard: Space or K plays and pauses, ← and → step 5 s, I and O set the in and out points
 * (when focus is not in a text field), Ctrl+Enter sends, ? shows the list.
 *
 * @fires token-expired - The API refused the token, or it expired before the live channel reconnects, and no `tokenProvider` is set: set a fresh `token` attribute.
 * @fires thread-changed - A thread was opened: `{threadId}`.
 * @fires comment-sent - The API acknowledged a comment typed here: `{comment}`.
 * @csspart video - The video or YouTube frame.
 * @csspart track - The timeline's slider track.
 * @csspart marker - A comment marker on the timeline.
 * @csspart preview - A marker's preview.
 * @csspart list - The scrolling comment list.
 * @csspart comment - A comment's box.
 * @csspart timecode - A comment's timecode button.
 * @csspart body - A comment's text.
 * @csspart composer - The composer's form.
 * @csspart textarea - The composer's text field.
 * @csspart send - The composer's send button.
 * @csspart switcher - The instructor's list of student threads.
 * @csspart thread - A student thread's button.
 * @cssproperty --et-color-text - Text colour.
 * @cssproperty --et-color-surface - Background.
 * @cssproperty --et-color-muted - Secondary text.
 * @cssproperty --et-color-border - Borders.
 * @cssproperty --et-color-accent - Buttons, playhead, markers.
 * @cssproperty --et-color-on-accent - Text on accent.
 * @cssproperty --et-color-subtle - Button and track background.
 * @cssproperty --et-color-active - The comment under the playhead.
 * @cssproperty --et-color-danger - Failures and range selection.
 * @cssproperty --et-color-focus - Focus ring.
 * @cssproperty --et-radius - Corner radius.
 * @cssproperty --et-font-family - Font.
 * @cssproperty --et-border - The element's border.
 * @cssproperty --et-padding - The element's padding.
 * @cssproperty --et-aspect-ratio - The video box's ratio before metadata loads (16 / 9).
 * @cssproperty --et-list-max-height - Height after which the comment list scrolls.
 * @cssproperty --et-timeline-height - Height of the timeline track.
 *
 * @tag exercise-thread
 */
export class ExerciseThread extends LitElement {
  static override properties = {
    apiBase: { type: String, attribute: 'api-base' },
    exerciseId: { type: String, attribute: 'exercise-id' },
    token: { type: String },
    threadId: { type: String, attribute: 'thread-id' },
    lang: { type: String },
    youtubeApiUrl: { type: String, attribute: 'youtube-api-url' },
    pauseOnType: { type: Boolean, attribute: 'pause-on-type' },
    tokenProvider: { attribute: false },
    fetch: { attribute: false },
    liveClientFactory: { attribute: false },
    putPart: { attribute: false },
    status: { state: true },
    playback: { state: true },
    catalogue: { state: true },
    uploadProgress: { state: true },
    uploadAssetId: { state: true },
    creating: { state: true },
    createError: { state: true },
    errorText: { state: true },
    exercise: { state: true },
    thread: { state: true },
    threads: { state: true },
    isAuthor: { state: true },
    currentTime: { state: true },
    duration: { state: true },
    replyTo: { state: true },
    announcement: { state: true },
    version: { state: true },
    range: { state: true },
  };

  /** The API's origin, without `/api/v1`. */
  declare apiBase: string;
  declare exerciseId: string;
  /** A user access token. */
  declare token: string;
  /** Opens this thread (an instructor opening a given student's thread). */
  declare threadId: string;
  /** The YouTube IFrame API's script URL (tests serve a stand-in). */
  declare youtubeApiUrl: string;
  /** Typing in the composer pauses the video. */
  declare pauseOnType: boolean;
  /** Supplies a fresh token when the API refuses the current one or it expires (an LTI launch page sets one). */
  declare tokenProvider: (() => Promise<string>) | undefined;
  /** The fetch to use (tests). */
  declare fetch: typeof globalThis.fetch | undefined;
  /** Builds the live channel client (tests give a stand-in). */
  declare liveClientFactory: (options: LiveClientOptions) => LiveClient;
  /** PUTs an upload's part to its signed URL (tests give a stand-in; default: XMLHttpRequest). */
  declare putPart: PutPart | undefined;
  declare playback: Playback | undefined;
  /** Without `exercise-id`: the exercises to pick from (an instructor's own). */
  declare catalogue: ExerciseView[] | undefined;
  declare uploadProgress: UploadProgress | undefined;
  declare uploadAssetId: string;
  declare creating: boolean;
  declare createError: string;

  declare status: 'idle' | 'loading' | 'ready' | 'error';
  declare errorText: string;
  declare exercise: ExerciseView | undefined;
  declare thread: ThreadView | undefined;
  declare threads: ThreadView[];
  declare isAuthor: boolean;
  declare currentTime: number;
  declare duration: number;
  declare replyTo: DisplayComment | null;
  declare announcement: string;
  /** Bumped whenever comments or the outbox change. */
  declare version: number;
  /** The composer's in and out points, shown on the timeline. */
  declare range: [number | null, number | null];

  static override styles = [tokens, styles];

  private api: ApiClient | undefined;
  private live: LiveClient | undefined;
  private outbox: Outbox | undefined;
  private readonly comments = new Map<string, CommentView>();
  private readonly sending = new Set<string>();
  private tree: CommentTree = { roots: [], replies: new Map() };
  private treeVersion = -1;
  private loadGeneration = 0;
  private tokenWaiters: ((token: string | undefined) => void)[] = [];
  private retryTimer: ReturnType<typeof setInterval> | undefined;
  private readTimer: ReturnType<typeof setTimeout> | undefined;
  private lastRead = -1;
  private me = '';
  private uploader: Uploader | undefined;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  /** Exercises created here whose video is still processing (the list marks them). */
  private readonly processingIds = new Set<string>();
  /** The exercise was opened from the list: offer the way back. */
  private fromCatalogue = false;

  constructor() {
    super();
    this.apiBase = '';
    this.exerciseId = '';
    this.token = '';
    this.threadId = '';
    this.youtubeApiUrl = YOUTUBE_API_URL;
    this.pauseOnType = true;
    this.tokenProvider = undefined;
    this.fetch = undefined;
    this.liveClientFactory = createLiveClient;
    this.putPart = undefined;
    this.playback = undefined;
    this.catalogue = undefined;
    this.uploadProgress = undefined;
    this.uploadAssetId = '';
    this.creating = false;
    this.createError = '';
    this.status = 'idle';
    this.errorText = '';
    this.exercise = undefined;
    this.thread = undefined;
    this.threads = [];
    this.isAuthor = false;
    this.currentTime = 0;
    this.duration = 0;
    this.replyTo = null;
    this.announcement = '';
    this.version = 0;
    this.range = [null, null];
    this.addEventListener('keydown', this.onKeydown);
    this.addEventListener('et-seek-request', (e) => this.seek(e.detail.time));
    this.addEventListener('et-time-update', this.onTimeUpdate);
    this.addEventListener('et-submit-request', (e) => void this.submit(e.detail));
    this.addEventListener('et-typing', this.onTyping);
    this.addEventListener('et-reply-request', this.onReply);
    this.addEventListener('et-reply-cancel', () => (this.replyTo = null));
    this.addEventListener('et-edit-request', (e) => void this.edit(e));
    this.addEventListener('et-delete-request', (e) => void this.deleteComment(e));
    this.addEventListener('et-report-request', (e) => void this.report(e));
    this.addEventListener('et-retry-request', (e) => void this.retry(e.detail.key));
    this.addEventListener('et-thread-select', (e) => void this.switchThread(e.detail.threadId));
    this.addEventListener('et-source-expired', () => void this.renewPlayback());
    this.addEventListener('et-exercise-select', (e) => this.openExercise(e.detail.id));
    this.addEventListener('et-catalogue-request', () => this.openExercise(''));
    this.addEventListener('et-exercise-create-request', (e) => void this.createExercise(e));
    this.addEventListener('et-upload-select', (e) => void this.startUpload(e.detail.file));
    this.addEventListener('et-upload-resume-request', () => void this.runUpload());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('online', this.flush);
    window.addEventListener('online', this.resumeUpload);
    this.retryTimer = setInterval(this.flush, RETRY_EVERY_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('online', this.flush);
    window.removeEventListener('online', this.resumeUpload);
    this.uploader?.stop();
    clearTimeout(this.pollTimer);
    clearInterval(this.retryTimer);
    clearTimeout(this.readTimer);
    this.live?.close();
    this.live = undefined;
    this.loadGeneration++;
    this.status = 'idle';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('token') && this.token) {
      for (const resolve of this.tokenWaiters.splice(0)) resolve(this.token);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    const keys = ['apiBase', 'exerciseId', 'threadId'] as const;
    const relevant = keys.some((k) => changed.has(k)) || (changed.has('token') && this.status !== 'ready');
    if (!relevant || !this.isConnected || !this.apiBase || !this.token) return;
    if (this.exerciseId) void this.load();
    else void this.loadCatalogue();
  }

  // --- loading -------------------------------------------------------------------------------

  private currentToken = (): string => this.token;

  /**
   * The live channel's token: an expired one is renewed first, or the server would refuse every
   * reconnection of a learner who only watches (no request of theirs meets a 401 to renew it).
   */
  private liveToken = async (): Promise<string> => (tokenExpired(this.token) ? ((await this.refreshToken()) ?? this.token) : this.token);

  private renewing: Promise<string | undefined> | undefined;

  /** After a 401: ask the provider (once for requests refused together), or the host page through `token-expired`. */
  private refreshToken = async (): Promise<string | undefined> => {
    if (this.tokenProvider) {
      const provider = this.tokenProvider;
      this.renewing ??= provider()
        .catch(() => undefined)
        .then((t) => {
          this.renewing = undefined;
          if (t) this.token = t;
          return t;
        });
      return this.renewing;
    }
    const waiting = new Promise<string | undefined>((resolve) => {
      this.tokenWaiters.push(resolve);
      setTimeout(() => resolve(undefined), TOKEN_WAIT_MS);
    });
    this.dispatchEvent(new CustomEvent('token-expired', { bubbles: true, composed: true }));
    return waiting;
  };

  /** Starts a load: a new generation, a fresh API client, no live channel yet. */
  private begin(): { gen: number; api: ApiClient } {
    const gen = ++this.loadGeneration;
    this.status = 'loading';
    clearTimeout(this.pollTimer);
    this.live?.close();
    this.live = undefined;
    this.me = tokenSubject(this.token) ?? '';
    const api = new ApiClient({ apiBase: this.apiBase, token: this.currentToken, refreshToken: this.refreshToken, fetch: this.fetch });
    this.api = api;
    return { gen, api };
  }

  /** Without `exercise-id`: the catalogue (a learner's), or an instructor's exercises and the form. */
  private async loadCatalogue(): Promise<void> {
    const { gen, api } = this.begin();
    this.exercise = undefined;
    this.thread = undefined;
    this.playback = undefined;
    const instructor = this.instructor;
    try {
      const [all] = await Promise.all([
        api.exercises(),
        import('./elements/et-exercise-list.ts'),
        instructor ? import('./elements/et-new-exercise.ts') : undefined,
      ]);
      if (gen !== this.loadGeneration) return;
      const mine = (ex: ExerciseView) => ex.creator_id === this.me || ex.author_ids.includes(this.me);
      this.catalogue = instructor ? all.filter(mine) : all.filter((ex) => !ex.archived);
      this.status = 'ready';
    } catch (error) {
      if (gen !== this.loadGeneration) return;
      this.status = 'error';
      this.errorText = error instanceof Error ? error.message : String(error);
    }
  }

  private get instructor(): boolean {
    return tokenRole(this.token) === 'instructor';
  }

  /** Opens an exercise from the list, or goes back to the list with `''`. */
  private openExercise(id: string): void {
    this.fromCatalogue = Boolean(id);
    this.threadId = '';
    this.exerciseId = id;
  }

  private async load(): Promise<void> {
    const { gen, api } = this.begin();
    this.playback = undefined;
    this.outbox = new Outbox(`et-outbox:v1:${this.apiBase}:${this.me}`);
    try {
      const exercise = await api.exercise(this.exerciseId);
      if (gen !== this.loadGeneration) return;
      this.exercise = exercise;
      void this.loadPlayback(exercise, gen);
      if (exercise.duration) this.duration = exercise.duration;
      this.isAuthor = Boolean(this.me) && (exercise.creator_id === this.me || exercise.author_ids.includes(this.me));
      let thread: ThreadView | undefined;
      if (this.isAuthor) {
        this.threads = await api.threads(exercise.id);
        thread = this.threadId ? await api.thread(this.threadId) : orderThreads(this.threads)[0];
      } else {
        thread = this.threadId ? await api.thread(this.threadId) : await api.openThread(exercise.id);
      }
      if (gen !== this.loadGeneration) return;
      this.live = this.liveClientFactory({
        apiBase: this.apiBase,
        tokenProvider: this.liveToken,
        fetch: this.fetch,
        onEvent: (name, comment) => this.onLiveComment(name, comment),
        onReconnect: () => this.flush(),
        onMediaStatus: (event) => this.onMediaStatus(event),
      });
      if (thread) await this.openThread(thread, gen);
      if (gen !== this.loadGeneration) return;
      this.status = 'ready';
    } catch (error) {
      if (gen !== this.loadGeneration) return;
      this.status = 'error';
      this.errorText = error instanceof Error ? error.message : String(error);
    }
  }

  // --- playback ------------------------------------------------------------------------------

  /** What to play, through the API (signed HLS for uploads); "processing" until the upload is ready. */
  private async loadPlayback(exercise: ExerciseView, gen = this.loadGeneration): Promise<void> {
    clearTimeout(this.pollTimer);
    try {
      const p = await this.api!.playback(exercise.id);
      if (gen !== this.loadGeneration) return;
      this.playback = toPlayback(p, exercise);
      this.processingIds.delete(exercise.id);
    } catch (error) {
      if (gen !== this.loadGeneration) return;
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof ApiError && error.status === 409) {
        if (error.type.endsWith('/media-failed')) {
          this.playback = { state: 'failed', error: message };
          return;
        }
        this.playback = { state: 'processing' };
        this.pollTimer = setTimeout(() => void this.loadPlayback(exercise, gen), PROCESSING_POLL_MS);
      } else if (exercise.source.type !== 'upload') {
        // An API without the playback route: the exercise's own source still plays.
        const src = exercise.source;
        this.playback = { state: 'play', kind: sourceKind(src), src: src.url ?? '', youtubeId: src.youtube_id ?? '', poster: '' };
      } else {
        this.playback = { state: 'failed', error: message };
      }
    }
  }

  private onMediaStatus(event: MediaStatusEvent): void {
    const ex = this.exercise;
    if (!ex || ex.source.media_asset_id !== event.media_asset_id || this.playback?.state === 'play') return;
    if (event.status === 'ready') void this.loadPlayback(ex);
    else if (event.status === 'failed') this.playback = { state: 'failed', error: event.error ?? '' };
  }

  /** The signed URL expired mid-video: a fresh one, handed to the player, which resumes in place. */
  private async renewPlayback(): Promise<void> {
    const ex = this.exercise;
    if (!ex || !this.api) return;
    try {
      const p = await this.api.playback(ex.id);
      if (ex !== this.exercise) return;
      this.surface?.renewSource(p.url);
      this.playback = toPlayback(p, ex);
    } catch (error) {
      this.announcement = error instanceof Error ? error.message : String(error);
    }
  }

  // --- uploads and new exercises -----------------------------------------------------------------

  private async startUpload(file: File): Promise<void> {
    if (!this.api) return;
    const { Uploader, xhrPut } = await import('./lib/uploader.ts');
    this.uploader?.stop();
    this.uploadAssetId = '';
    const uploader = new Uploader(this.api, file, this.putPart ?? xhrPut, (p) => {
      if (uploader === this.uploader) this.uploadProgress = p;
    }, `${this.apiBase}:${this.me}`);
    this.uploader = uploader;
    await this.runUpload();
  }

  private async runUpload(): Promise<void> {
    const uploader = this.uploader;
    if (!uploader || this.uploadProgress?.state === 'uploading') return;
    try {
      const asset = await uploader.run();
      if (uploader === this.uploader) this.uploadAssetId = asset.id;
    } catch {
      // Shown by the upload element as paused, with a resume button; `online` resumes it too.
    }
  }

  private resumeUpload = (): void => {
    if (this.uploadProgress?.state === 'paused') void this.runUpload();
  };

  private async createExercise(e: Ev<'et-exercise-create-request'>): Promise<void> {
    if (!this.api || this.creating) return;
    this.creating = true;
    this.createError = '';
    try {
      const ex = await this.api.createExercise(e.detail);
      if (ex.source.type === 'upload') this.processingIds.add(ex.id);
      this.catalogue = [ex, ...(this.catalogue ?? [])];
      this.uploader = undefined;
      this.uploadProgress = undefined;
      this.uploadAssetId = '';
      this.openExercise(ex.id);
    } catch (error) {
      this.createError = error instanceof Error ? error.message : String(error);
    } finally {
      this.creating = false;
    }
  }

  // --- threads ---------------------------------------------------------------------------------

  private async openThread(thread: ThreadView, gen = this.loadGeneration): Promise<void> {
    const api = this.api!;
    const comments = await api.comments(thread.id);
    if (gen !== this.loadGeneration) return;
    if (this.thread && this.thread.id !== thread.id) void this.live?.unsubscribe(this.thread.id);
    this.comments.clear();
    for (const c of comments) this.comments.set(c.id, c);
    this.thread = thread;
    this.replyTo = null;
    this.lastRead = -1;
    this.version++;
    const seq = this.maxSeq();
    void this.live?.subscribe(thread.id, seq).catch(() => undefined);
    this.dispatchEvent(new CustomEvent('thread-changed', { detail: { threadId: thread.id }, bubbles: true, composed: true }));
    this.scheduleRead(0);
    this.flush();
  }

  private async switchThread(threadId: string): Promise<void> {
    if (threadId === this.thread?.id || !this.api) return;
    const thread = this.threads.find((t) => t.id === threadId) ?? (await this.api.thread(threadId));
    await this.openThread(thread);
    this.threads = this.threads.map((t) => (t.id === threadId ? { ...t, unread_count: 0 } : t));
  }

  private maxSeq(): number {
    let max = 0;
    for (const c of this.comments.values()) if (c.seq > max) max = c.seq;
    return max;
  }

  /** Reading a thread marks it read, a moment after changes stop arriving. */
  private scheduleRead(delay = 1000): void {
    clearTimeout(this.readTimer);
    this.readTimer = setTimeout(() => {
      const thread = this.thread;
      const seq = this.maxSeq();
      if (!thread || !this.api || seq <= this.lastRead || document.visibilityState === 'hidden') return;
      this.lastRead = seq;
      this.api.markRead(thread.id, seq).catch(() => (this.lastRead = -1));
    }, delay);
  }

  private upsert(comment: CommentView): boolean {
    const before = this.comments.get(comment.id);
    if (before && before.seq > comment.seq) return false;
    this.comments.set(comment.id, comment);
    this.version++;
    return !before;
  }

  private onLiveComment(name: string, comment: CommentView): void {
    if (comment.thread_id !== this.thread?.id) return;
    const created = this.upsert(comment);
    if (created && name === 'comment:created' && comment.author.id !== this.me) {
      const s = stringsFor(this.lang);
      this.announcement = format(s.newComment, { author: comment.author.name, time: formatTimecode(comment.t_start) });
    }
    this.scheduleRead();
  }

  // --- the outbox ----------------------------------------------------------------------------

  private async submit(input: NewComment): Promise<void> {
    const thread = this.thread;
    if (!thread || !this.outbox) return;
    const entry: OutboxEntry = { ...input, key: newKey(), thread_id: thread.id, created_at: new Date().toISOString(), state: 'sending', auto: true };
    this.outbox.put(entry);
    this.version++;
    await this.send(entry.key);
  }

  private async send(key: string): Promise<void> {
    const outbox = this.outbox;
    const api = this.api;
    if (!outbox || !api || this.sending.has(key)) return;
    const entry = outbox.get(key);
    if (!entry) return;
    this.sending.add(key);
    outbox.update(key, { state: 'sending' });
    this.version++;
    try {
      const comment = await api.createComment(entry.thread_id, entry, key);
      outbox.remove(key);
      if (comment.thread_id === this.thread?.id) this.upsert(comment);
      this.announcement = stringsFor(this.lang).commentSent;
      this.dispatchEvent(new CustomEvent('comment-sent', { detail: { comment }, bubbles: true, composed: true }));
    } catch (error) {
      const retryable = !(error instanceof ApiError) || error.retryable;
      const message = error instanceof Error ? error.message : String(error);
      // Still retried on its own when the failure may pass (offline, 5xx); otherwise it waits for the user.
      outbox.update(key, retryable ? { state: 'sending', error: message, auto: true } : { state: 'failed', error: message, auto: false });
    } finally {
      this.sending.delete(key);
      this.version++;
    }
  }

  /** Sends what waits in the outbox for this thread: after load, reconnect, `online`, and periodically. */
  private flush = (): void => {
    const thread = this.thread;
    if (!thread || !this.outbox) return;
    for (const e of this.outbox.list(thread.id)) if (e.auto && !this.sending.has(e.key)) void this.send(e.key);
  };

  private async retry(key: string): Promise<void> {
    this.outbox?.update(key, { auto: true });
    await this.send(key);
  }

  private pendingComments(): DisplayComment[] {
    const thread = this.thread;
    if (!thread || !this.outbox) return [];
    return this.outbox.list(thread.id).map((e) => ({
      id: `pending:${e.key}`,
      thread_id: e.thread_id,
      seq: 0,
      author: { id: this.me, name: stringsFor(this.lang).you, role: this.isAuthor ? 'instructor' : 'learner' },
      t_start: e.t_start,
      t_end: e.t_end ?? e.t_start,
      body: e.body,
      parent_id: e.parent_id,
      created_at: e.created_at,
      updated_at: e.created_at,
      deleted: false,
      hidden: false,
      pending: e.state === 'failed' ? 'failed' : 'sending',
      ...(e.error ? { error: e.error } : {}),
      outboxKey: e.key,
    }));
  }

  // --- other requests ------------------------------------------------------------------------

  private async edit(e: Ev<'et-edit-request'>): Promise<void> {
    await this.act(async () => this.upsert(await this.api!.updateComment(e.detail.id, e.detail.body)));
  }

  private async deleteComment(e: Ev<'et-delete-request'>): Promise<void> {
    await this.act(async () => {
      const res = await this.api!.deleteComment(e.detail.id);
      const c = this.comments.get(e.detail.id);
      if (res) this.upsert(res);
      else if (c) this.upsert({ ...c, deleted: true, body: null });
    });
  }

  private async report(e: Ev<'et-report-request'>): Promise<void> {
    await this.act(() => this.api!.report(e.detail.id, e.detail.reason));
  }

  private async act(fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.announcement = error instanceof Error ? error.message : String(error);
    }
  }

  private onReply = (e: Ev<'et-reply-request'>): void => {
    const c = this.comments.get(e.detail.id);
    if (!c) return;
    this.replyTo = c;
    void this.updateComplete.then(() => this.composer?.focus());
  };

  // --- the player ----------------------------------------------------------------------------

  private get surface(): EtVideoSurface | null {
    return this.renderRoot.querySelector('et-video-surface');
  }
  private get composer(): EtComposer | null {
    return this.renderRoot.querySelector('et-composer');
  }
  /** The comment list, for tests and the benchmark. */
  get list(): EtCommentList | null {
    return this.renderRoot.querySelector('et-comment-list');
  }

  seek(time: number): void {
    this.currentTime = time;
    this.surface?.seek(time);
  }

  private onTimeUpdate = (e: Ev<'et-time-update'>): void => {
    this.currentTime = e.detail.currentTime;
    if (Number.isFinite(e.detail.duration) && e.detail.duration > 0) this.duration = e.detail.duration;
  };

  private onTyping = (e: Ev<'et-typing'>): void => {
    if (this.pauseOnType && !e.detail.empty) this.surface?.pause();
  };

  private togglePlay(): void {
    const s = this.surface;
    if (!s) return;
    if (s.paused) void s.play();
    else s.pause();
  }

  private onKeydown = (e: KeyboardEvent): void => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    const origin = e.composedPath()[0] as HTMLElement | undefined;
    const tag = origin?.tagName ?? '';
    // Text fields keep their keys; the native video handles its own.
    if (['INPUT', 'TEXTAREA', 'SELECT', 'VIDEO'].includes(tag) || origin?.isContentEditable) return;
    const onControl = ['BUTTON', 'A', 'SUMMARY'].includes(tag);
    switch (e.key) {
      case ' ':
      case 'k':
      case 'K':
        if (onControl && e.key === ' ') return;
        this.togglePlay();
        break;
      case 'ArrowLeft':
        this.seek(Math.max(0, this.currentTime - STEP));
        break;
      case 'ArrowRight':
        this.seek(this.duration ? Math.min(this.duration, this.currentTime + STEP) : this.currentTime + STEP);
        break;
      case 'i':
      case 'I':
        this.composer?.markIn(this.currentTime);
        break;
      case 'o':
      case 'O':
        this.composer?.markOut(this.currentTime);
        break;
      case '?': {
        const d = this.renderRoot.querySelector('details');
        if (d) d.open = !d.open;
        break;
      }
      default:
        return;
    }
    e.preventDefault();
  };

  private togglePauseOnType = (e: Event): void => {
    this.pauseOnType = (e.target as HTMLInputElement).checked;
  };

  // --- rendering -----------------------------------------------------------------------------

  private currentTree(): CommentTree {
    if (this.treeVersion !== this.version) {
      this.tree = buildTree([...this.comments.values(), ...this.pendingComments()]);
      this.treeVersion = this.version;
    }
    return this.tree;
  }

  override render() {
    const s = stringsFor(this.lang);
    const lang = this.lang || nothing;
    if (this.status === 'error') {
      return html`<div class="error" role="alert">${s.loadFailed} ${this.errorText}
          <button @click=${() => void this.load()}>${s.retry}</button></div>`;
    }
    if (this.status === 'ready' && !this.exerciseId && this.catalogue) return this.renderCatalogue();
    if (this.status !== 'ready' || !this.exercise) return html`<p class="status" role="status">${s.loading}</p>`;
    const ex = this.exercise;
    const tree = this.currentTree();
    const active = activeAt(tree.roots, this.currentTime);
    const readOnly = ex.archived || !this.thread;
    const pb = this.playback;
    return html`${this.fromCatalogue
        ? html`<button class="link back" @click=${() => this.openExercise('')}>← ${s.allExercises}</button>`
        : nothing}
      <section class="layout" aria-label=${`${s.elementLabel}: ${ex.title}`}>
      ${this.isAuthor
        ? html`<et-thread-switcher .threads=${this.threads} current=${this.thread?.id ?? ''} lang=${lang}></et-thread-switcher>`
        : nothing}
      <div class="main">
        ${pb?.state === 'play'
          ? html`<et-video-surface
              exportparts="video"
              kind=${pb.kind}
              src=${pb.src}
              youtube-id=${pb.youtubeId}
              poster=${pb.poster}
              youtube-api-url=${this.youtubeApiUrl}
              label=${`${s.video}: ${ex.title}`}
              lang=${lang}
            ></et-video-surface>`
          : html`<div class="pending-video" part="video">
              ${pb?.state === 'processing'
                ? html`<p role="status">${s.processing}</p>`
                : pb?.state === 'failed'
                  ? html`<p role="alert">${format(s.processingFailed, { reason: pb.error })}</p>`
                  : html`<p>${s.loading}</p>`}
            </div>`}
        <et-timeline
          exportparts="track, marker, preview"
          .duration=${this.duration}
          .currentTime=${this.currentTime}
          .comments=${tree.roots}
          .rangeStart=${this.range[0]}
          .rangeEnd=${this.range[1]}
          lang=${lang}
        ></et-timeline>
        ${readOnly
          ? this.thread
            ? html`<p class="status">${s.readOnly}</p>`
            : nothing
          : html`<et-composer
              exportparts="composer, textarea, send"
              .currentTime=${this.currentTime}
              .replyTo=${this.replyTo}
              lang=${lang}
              @et-range-change=${(e: Ev<'et-range-change'>) => (this.range = [e.detail.start, e.detail.end])}
            ></et-composer>`}
        <div class="tools">
          <label><input type="checkbox" .checked=${this.pauseOnType} @change=${this.togglePauseOnType} />${s.pauseOnType}</label>
          <details>
            <summary>${s.shortcuts}</summary>
            <dl>
              <dt><kbd>Space</kbd> / <kbd>K</kbd></dt>
              <dd>${s.shortcutPlay}</dd>
              <dt><kbd>←</kbd> <kbd>→</kbd></dt>
              <dd>${s.shortcutStep}</dd>
              <dt><kbd>I</kbd></dt>
              <dd>${s.shortcutIn}</dd>
              <dt><kbd>O</kbd></dt>
              <dd>${s.shortcutOut}</dd>
              <dt><kbd>Ctrl</kbd>+<kbd>Enter</kbd></dt>
              <dd>${s.shortcutSend}</dd>
              <dt><kbd>?</kbd></dt>
              <dd>${s.shortcutHelp}</dd>
            </dl>
          </details>
        </div>
      </div>
      <div class="side">
        ${this.thread
          ? html`<et-comment-list
              exportparts="list, comment, timecode, body"
              .comments=${tree.roots}
              .replies=${tree.replies}
              .me=${this.me}
              .canReply=${!readOnly}
              active-id=${active?.id ?? ''}
              lang=${lang}
            ></et-comment-list>`
          : nothing}
      </div>
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </section>`;
  }

  private renderCatalogue() {
    const s = stringsFor(this.lang);
    const lang = this.lang || nothing;
    const instructor = this.instructor;
    return html`<section class="catalogue" aria-label=${instructor ? s.myExercises : s.chooseExercise}>
      ${instructor
        ? html`<et-new-exercise
            .upload=${this.uploadProgress}
            asset-id=${this.uploadAssetId}
            ?busy=${this.creating}
            error=${this.createError}
            lang=${lang}
          ></et-new-exercise>`
        : nothing}
      <et-exercise-list
        .exercises=${this.catalogue ?? []}
        .processing=${new Set(this.processingIds)}
        heading=${instructor ? s.myExercises : s.chooseExercise}
        lang=${lang}
      ></et-exercise-list>
    </section>`;
  }
}

defineOnce('exercise-thread', ExerciseThread);

declare global {
  interface HTMLElementTagNameMap {
    'exercise-thread': ExerciseThread;
  }
}
