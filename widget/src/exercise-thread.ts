import { TaskStatus } from '@lit/task';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import './elements/et-comment-list.ts';
import './elements/et-composer.ts';
import './elements/et-timeline.ts';
import './elements/et-video-surface.ts';
import { AttemptsController } from './controllers/attempts-controller.ts';
import { LearningRecordsController } from './controllers/learning-records-controller.ts';
import { LocalizeController } from './controllers/localize-controller.ts';
import { OutboxController } from './controllers/outbox-controller.ts';
import { PlaybackController } from './controllers/playback-controller.ts';
import { PracticeController } from './controllers/practice-controller.ts';
import { SessionController } from './controllers/session-controller.ts';
import { SideBySideController } from './controllers/side-by-side-controller.ts';
import { FeedbackController } from './controllers/feedback-controller.ts';
import { GradeController } from './controllers/grade-controller.ts';
import { InboxController } from './controllers/inbox-controller.ts';
import type { RosterController } from './controllers/roster-controller.ts';
import { PreferencesController } from './controllers/preferences-controller.ts';
import { ShortcutsController } from './controllers/shortcuts-controller.ts';
import { ThreadController } from './controllers/thread-controller.ts';
import { activeAt, buildTree, type CommentTree } from './lib/comment-order.ts';
import { drawingsAt, type ShownDrawing } from './lib/drawing.ts';
import { defineOnce } from './lib/define-once.ts';
import type { LiveClient, LiveClientOptions } from './lib/live-client.ts';
import { tokens } from './lib/shared-styles.ts';
import { format, stringsFor } from './lib/strings.ts';
import { formatTimecode } from './lib/timecode.ts';
import type { DisplayComment, ExerciseView, InboxTarget } from './lib/types.ts';
import type { PutPart } from './lib/uploader.ts';
import { YOUTUBE_API_URL } from './players/player.ts';
import { fire } from './public-events.ts';
import { styles } from './exercise-thread.styles.ts';
import { renderAttempts, renderCatalogue, renderError, renderPlayer, renderTools, type Ev } from './exercise-thread.parts.ts';

export type { LiveClient, LiveClientOptions };
export type { ExerciseThreadEventMap, PlaybackErrorDetail, PlaybackErrorKind } from './public-events.ts';

/**
 * A timecoded comment thread on an exercise video. Add the script and the tag:
 *
 * ```html
 * <exercise-thread api-base="https://threads.example.edu" exercise-id="…" token="…"></exercise-thread>
 * ```
 *
 * A learner sees their own thread; an author of the exercise gets a switcher over the students'
 * threads. Without `exercise-id`, a learner picks from the catalogue, and an instructor sees their
 * exercises and a form to create one (both loaded only then). Uploaded videos play as signed HLS,
 * renewed in place when the signature expires; a video that cannot play says why, with "Try
 * again". Typed comments are never lost: they wait in the browser's storage until the API
 * acknowledges them (sent with an Idempotency-Key, so a retry never doubles one).
 *
 * Keyboard: Space or K plays and pauses, ← and → step 1 s (with Shift 5 s), I and O set the in and
 * out points (when focus is not in a text field), L loops, < and > change speed, comma and period step
 * a frame, M mirrors, Ctrl+Enter sends, Escape leaves a reply, ? shows the list.
 *
 * The owner of a thread deletes an attempt no instructor has commented on yet: "Delete attempt"
 * (named "Delete attempt 2") beside the "Attempt" select asks first, saying that the attempt's
 * comments go with it; a refusal (feedback arrived meanwhile) is said in words.
 *
 * @fires {CustomEvent<Record<string, never>>} token-expired - The API refused the token, or it expired before the live channel reconnects, and no `tokenProvider` is set: set a fresh `token` attribute.
 * @fires {CustomEvent<{ threadId: string }>} thread-changed - A thread was opened.
 * @fires {CustomEvent<{ comment: CommentView }>} comment-sent - The API acknowledged a comment typed here.
 * @fires {CustomEvent<{ kind: 'not-found' | 'forbidden' | 'network' | 'decode' | 'unsupported'; message: string }>} playback-error - The video cannot play; the message is the one shown over it.
 * @csspart video - The video or YouTube frame.
 * @csspart failure - The message over a video that cannot play.
 * @csspart track - The timeline's slider track.
 * @csspart marker - A comment marker on the timeline.
 * @csspart preview - A marker's preview.
 * @csspart list - The scrolling comment list.
 * @csspart comment - A comment's box.
 * @csspart timecode - A comment's timecode button.
 * @csspart body - A comment's text.
 * @csspart practice - The practice controls under the video (Loop, Speed, frame steps, Mirror).
 * @csspart composer - The composer's form.
 * @csspart textarea - The composer's text field.
 * @csspart send - The composer's send button.
 * @csspart switcher - The instructor's list of student threads.
 * @csspart thread - A student thread's button.
 * @csspart attempt-delete - The owner's "Delete attempt" button beside the "Attempt" select.
 * @csspart attempt-delete-confirm - Its confirmation's "Delete" button.
 * @csspart download - The "Download" menu button (the thread's owner and its exercise's authors).
 * @csspart download-menu - Its list of formats (WebVTT, Web Annotation, CSV).
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
    view: { type: String },
    token: { type: String },
    threadId: { type: String, attribute: 'thread-id' },
    lang: { type: String },
    youtubeApiUrl: { type: String, attribute: 'youtube-api-url' },
    pauseOnType: { type: Boolean, attribute: 'pause-on-type' },
    tokenProvider: { attribute: false },
    fetch: { attribute: false },
    liveClientFactory: { attribute: false },
    putPart: { attribute: false },
    currentTime: { state: true },
    duration: { state: true },
    replyTo: { state: true },
    announcement: { state: true },
    range: { state: true },
    focusedId: { state: true },
    drawingOpen: { state: true },
    markerFilter: { state: true },
  };

  /** The API's origin, without `/api/v1`. */
  declare apiBase: string;
  declare exerciseId: string;
  /** `inbox`: without `exercise-id`, an instructor's inbox across every exercise they author (instead of the catalogue). */
  declare view: string;
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
  /** Builds the live channel client (tests give a stand-in; default: the real one, a chunk fetched on connect). */
  declare liveClientFactory: ((options: LiveClientOptions) => LiveClient) | undefined;
  /** PUTs an upload's part to its signed URL (tests give a stand-in; default: XMLHttpRequest). */
  declare putPart: PutPart | undefined;
  private declare currentTime: number;
  private declare duration: number;
  private declare replyTo: DisplayComment | null;
  private declare announcement: string;
  /** The composer's in and out points, shown on the timeline. */
  private declare range: [number | null, number | null];
  /** The comment that has keyboard focus: its drawing shows whatever the time. */
  private declare focusedId: string | null;
  /** The drawing editor (a lazy chunk) is open over the paused frame. */
  private declare drawingOpen: boolean;
  /** "Filter by marker": the list and timeline show only comments carrying it ('' shows all). */
  private declare markerFilter: string;

  static override styles = [tokens, styles];

  readonly #localize = new LocalizeController(this);
  readonly #session = new SessionController(this);
  readonly #thread = new ThreadController(this, this.#session, {
    onArrived: (c) => (this.announcement = format(stringsFor(this.lang).newComment, { author: c.author?.name ?? stringsFor(this.lang).erasedAuthor, time: formatTimecode(c.t_start) })),
    onOpened: (thread) => {
      this.replyTo = null;
      this.#outbox.flush();
      void this.#attempts.opened(thread);
    },
    onAttempt: (name, attempt) => this.#attempts.live(name, attempt),
    onAttemptDeleted: (event) => this.#attempts.deleted(event),
    onReconnect: () => this.#outbox.flush(),
    onMediaStatus: (event) => this.#playback.mediaStatus(event),
    onGrade: (event) => this.#grade.live(event),
    onFailure: (message) => (this.announcement = message),
  });
  readonly #outbox = new OutboxController(this, this.#session, {
    thread: () => this.#thread.thread,
    author: () => ({ id: this.#session.me, name: stringsFor(this.lang).you, role: this.#thread.isAuthor ? 'instructor' : 'learner' }),
    onSent: (comment) => {
      if (comment.thread_id === this.#thread.thread?.id) this.#thread.upsert(comment);
      this.announcement = stringsFor(this.lang).commentSent;
      fire(this, 'comment-sent', { comment });
    },
  });
  readonly #attempts = new AttemptsController(this, this.#session, {
    thread: () => this.#thread.thread,
    isOwner: () => this.#owner,
    putPart: () => this.putPart,
    onTarget: (attempt) => {
      this.#playback.showAttempt(attempt);
      this.duration = (attempt ? attempt.duration : this.#thread.exercise?.duration) ?? 0;
    },
    onFailure: (message) => (this.announcement = message),
    onDeleted: (attempt) => {
      this.announcement = format(stringsFor(this.lang).attemptDeleted, { n: attempt.number });
      // The control went with the attempt: the focus goes to the select (when attempts remain).
      void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLSelectElement>('.attempts select')?.focus());
    },
  });
  // Player events for the tenant's LRS, when it has one (the API says so by refusing them otherwise).
  readonly #records = new LearningRecordsController(this, this.#session, () => this.exerciseId);
  readonly #playback = new PlaybackController(this, this.#session, {
    onReady: (ex) => this.#processing.delete(ex.id),
    onRenewed: (src) => this.#surface?.renewSource(src),
    onRenewalFailed: (message) => (this.announcement = message),
  });
  readonly #practice = new PracticeController(this, {
    player: () => this.#surface?.player,
    storageKey: (exerciseId) => `et-practice:${this.#session.scope}:${exerciseId}`,
    composerRange: () => this.range,
    lang: () => this.lang,
    announce: (message) => (this.announcement = message),
  });
  readonly #sbs = new SideBySideController(this, this.#session, {
    thread: () => this.#thread.thread,
    // The same list as the "Attempt" select's: the live channel's attempt:* events reach both.
    attempts: () => this.#attempts.attempts,
    network: {
      lang: () => this.lang,
      onSaved: (attempt) => this.#attempts.live('attempt:updated', attempt),
      announce: (message) => (this.announcement = message),
    },
  });
  readonly #feedback = new FeedbackController(this, this.#session, () => this.#thread.isAuthor);
  readonly #preferences = new PreferencesController(this, this.#session);
  readonly #grade = new GradeController(this, this.#session, () => (this.#thread.isAuthor ? this.#thread.thread?.id : undefined));
  readonly #inbox = new InboxController(this, this.#session, { onFailure: (message) => (this.announcement = message) });
  /** A thread opened from the inbox: where to go once it is in, and whether to reply. */
  #target: (InboxTarget & { reply: boolean }) | undefined;
  /** The inbox row to focus when the inbox shows again. */
  #refocus = '';
  /** A moment to go to once the video's player reports (it is made after the thread is in). */
  #seekOnReady: number | undefined;
  /** The thread opened from the inbox (offer the way back, and land on it there). */
  #fromInbox = '';
  /** Exercises created here whose video is still processing: the catalogue marks them. */
  readonly #processing = new Set<string>();
  #tree: { key: string; tree: CommentTree } | undefined;
  /** The exercise was opened from the catalogue: offer the way back. */
  #fromCatalogue = false;
  #shown: ExerciseView | undefined;
  /** The course roster for the switcher: a lazy chunk, made when an author's view first shows. */
  #roster: RosterController | undefined;
  #rosterChunk: unknown;

  constructor() {
    super();
    this.apiBase = this.exerciseId = this.token = this.threadId = this.announcement = this.view = '';
    this.tokenProvider = this.fetch = this.liveClientFactory = this.putPart = undefined;
    this.youtubeApiUrl = YOUTUBE_API_URL;
    this.pauseOnType = true;
    this.currentTime = this.duration = 0;
    this.replyTo = null;
    this.range = [null, null];
    this.focusedId = null;
    this.drawingOpen = false;
    this.markerFilter = '';
    new ShortcutsController(this, {
      togglePlay: () => (this.#surface?.paused ? void this.#surface.play() : this.#surface?.pause()),
      step: (delta) => this.seek(Math.max(0, this.duration ? Math.min(this.duration, this.currentTime + delta) : this.currentTime + delta)),
      markIn: () => this.#composer?.markIn(this.#commentTime),
      markOut: () => this.#composer?.markOut(this.#commentTime),
      toggleHelp: () => this.renderRoot.querySelector('details')?.toggleAttribute('open'),
      ...this.#practice.keys,
    });
    this.addEventListener('et-seek-request', (e) => this.seek(e.detail.time));
    this.addEventListener('et-time-update', ({ detail }) => this.#records.observe(detail));
    this.addEventListener('et-time-update', ({ detail: { currentTime, duration } }) => {
      if (this.#seekOnReady !== undefined) {
        // The first report comes from a player just made: the inbox's moment is set on it now.
        const at = this.#seekOnReady;
        this.#seekOnReady = undefined;
        this.seek(at);
        return;
      }
      this.currentTime = currentTime;
      if (Number.isFinite(duration) && duration > 0) this.duration = duration;
    });
    // A new comment goes to the side in focus when side by side, else to the target viewed; a reply to its parent's.
    this.addEventListener('et-submit-request', (e) =>
      void this.#outbox.submit({ ...e.detail, attempt_id: e.detail.parent_id ? undefined : this.#sbs.open ? this.#sbs.commentAttempt : this.#attempts.target || null }),
    );
    this.addEventListener('et-attempt-send-request', (e) => void this.#attempts.send(e.detail.file));
    this.addEventListener('et-attempt-delete-request', (e) => void this.#attempts.remove(e.detail.id));
    // In and out points read on one side's clock mean nothing on the other's.
    this.addEventListener('et-comment-target-change', () => this.#composer?.clearRange());
    this.addEventListener('et-typing', (e) => this.pauseOnType && !e.detail.empty && this.#surface?.pause());
    this.addEventListener('et-reply-request', (e) => {
      this.replyTo = this.#thread.comment(e.detail.id) ?? null;
      void this.updateComplete.then(() => this.#composer?.focus());
    });
    this.addEventListener('et-reply-cancel', () => (this.replyTo = null));
    this.addEventListener('et-comment-focus', (e) => (this.focusedId = e.detail.id));
    this.addEventListener('et-draw-request', () => void this.#openDrawing());
    this.addEventListener('et-drawing-save', (e) => this.#closeDrawing(() => this.#composer?.attachDrawing(e.detail.drawing)));
    this.addEventListener('et-drawing-cancel', () => this.#closeDrawing());
    this.addEventListener('et-edit-request', (e) => void this.#thread.edit(e.detail.id, e.detail.body));
    this.addEventListener('et-delete-request', (e) => void this.#thread.remove(e.detail.id));
    this.addEventListener('et-report-request', (e) => void this.#thread.report(e.detail.id, e.detail.reason));
    this.addEventListener('et-retry-request', (e) => void this.#outbox.retry(e.detail.key));
    this.addEventListener('et-thread-select', (e) => this.#thread.select(e.detail.threadId));
    this.addEventListener('et-download-request', (e) => void this.#thread.download(e.detail.format));
    this.addEventListener('et-source-expired', () => void this.#playback.renew());
    this.addEventListener('et-playback-failed', (e) => fire(this, 'playback-error', e.detail));
    this.addEventListener('et-playback-retry-request', () => void this.#playback.retry());
    this.addEventListener('et-grade-save-request', (e) => void this.#grade.save(e.detail.score, e.detail.comment));
    this.addEventListener('et-grade-resend-request', () => void this.#grade.resend());
    this.addEventListener('et-preferences-change-request', (e) => void this.#preferences.change(e.detail));
    this.addEventListener('et-inbox-open-request', (e) => this.#openFromInbox(e.detail, false));
    this.addEventListener('et-inbox-reply-request', (e) => this.#openFromInbox(e.detail, true));
    this.addEventListener('et-inbox-done-request', (e) => void this.#inbox.done(e.detail.threadId));
    this.addEventListener('et-inbox-filter-change', (e) => this.#inbox.filter(e.detail));
    this.addEventListener('et-inbox-more-request', () => void this.#inbox.more());
    this.addEventListener('et-exercise-select', (e) => {
      this.#fromCatalogue = true;
      this.threadId = '';
      this.exerciseId = e.detail.id;
    });
  }

  /** Where loading stands: `ready` once the exercise and its thread (or the catalogue's frame, or the inbox's first page) show. */
  get status(): 'idle' | 'loading' | 'ready' | 'error' {
    const status = this.exerciseId ? this.#thread.status : !(this.apiBase && this.token) ? 'idle' : this.#inboxShown ? this.#inboxStatus() : 'ready';
    return status === 'ready' && !this.#localize.ready ? 'loading' : status;
  }

  /** The comment list, for tests and the benchmark. */
  get list() {
    return this.renderRoot.querySelector('et-comment-list');
  }

  /** Moves the playhead. */
  seek(time: number): void {
    this.#practice.seeked(time);
    this.currentTime = time;
    this.#surface?.seek(time);
  }

  get #inboxShown(): boolean {
    return this.view === 'inbox' && !this.exerciseId && Boolean(this.apiBase && this.token);
  }

  #inboxStatus(): 'loading' | 'ready' | 'error' {
    // Once a page has shown, a new filter's load keeps the list (and the focus in it) in place.
    if (this.#inbox.load.status === TaskStatus.ERROR) return 'error';
    return this.#inbox.shown && customElements.get('et-inbox') ? 'ready' : 'loading';
  }

  /** Opens a thread picked in the inbox at its oldest unanswered comment (and, for `r`, answers it). */
  #openFromInbox(target: InboxTarget, reply: boolean): void {
    this.#target = { ...target, reply };
    this.#fromInbox = target.threadId;
    this.#fromCatalogue = false;
    this.threadId = target.threadId;
    this.exerciseId = target.exerciseId;
  }

  #backToInbox(): void {
    const id = this.#fromInbox;
    this.#fromInbox = '';
    this.exerciseId = this.threadId = '';
    this.#refocus = id;
  }

  /** Once the thread opened from the inbox is in: to its oldest unanswered moment, and into the reply. */
  #landOnTarget(): void {
    const target = this.#target;
    if (!target || this.#thread.status !== 'ready' || this.#thread.thread?.id !== target.threadId) return;
    this.#target = undefined;
    if (target.time !== null) {
      this.seek(target.time);
      this.#seekOnReady = target.time;
    }
    if (!target.reply) return;
    this.replyTo = (target.commentId && this.#thread.comment(target.commentId)) || null;
    void this.updateComplete.then(() => this.#composer?.focus());
  }

  protected override updated(): void {
    this.#landOnTarget();
    // Back in the inbox: on the row the thread was opened from, once the list is in again.
    const inbox = this.#refocus ? this.renderRoot.querySelector('et-inbox') : null;
    if (inbox) {
      const id = this.#refocus;
      this.#refocus = '';
      void inbox.updateComplete.then(() => inbox.focusThread(id));
    }
  }

  /** Draws on the paused frame: the editor is its own chunk, fetched the first time. */
  async #openDrawing(): Promise<void> {
    this.#surface?.pause();
    await import('./elements/et-drawing-editor.ts');
    this.drawingOpen = true;
  }

  #closeDrawing(then?: () => void): void {
    then?.();
    this.drawingOpen = false;
    void this.updateComplete.then(() => this.#composer?.focusDraw());
  }

  /** The reader owns the open thread: they add attempts to it. */
  get #owner(): boolean {
    const thread = this.#thread.thread;
    return Boolean(thread && this.#session.me && thread.owner.id === this.#session.me);
  }

  /** The single video, or the model and attempt side by side (driven as one). */
  get #surface() {
    return this.renderRoot.querySelector('et-side-by-side') ?? this.renderRoot.querySelector('et-video-surface');
  }
  /** Where a new comment is anchored: the model's time, or the attempt's when it goes to the attempt. */
  get #commentTime(): number {
    return this.#practice.snap(this.#sbs.commentTime(this.currentTime));
  }
  get #composer() {
    return this.renderRoot.querySelector('et-composer');
  }

  protected override willUpdate(): void {
    const ex = this.exerciseId ? this.#thread.exercise : undefined;
    if (ex !== this.#shown) {
      this.#shown = ex;
      this.duration = ex?.duration ?? 0;
      this.#playback.show(ex);
    }
    const pb = this.#playback.playback;
    this.#practice.show(ex, pb.state === 'play' ? pb.frameRate : null);
    // What most readers never use stays out of the entry: fetched when first shown.
    if (this.#thread.thread) void import('./elements/et-download-menu.ts');
    const inbox = this.#inboxShown;
    this.#inbox.show(inbox);
    if (inbox) void import('./elements/et-inbox.ts').then(() => this.requestUpdate());
    else if (!this.exerciseId && this.apiBase && this.token) void import('./elements/et-catalogue.ts');
    if (this.#thread.thread) void import('./elements/et-download-menu.ts');
    if (this.#owner && !ex?.archived) {
      void import('./elements/et-attempt-recorder.ts');
      void import('./elements/et-attempt-delete.ts');
    }
    if (this.#thread.isAuthor) {
      void this.#attempts.list(this.#thread.threads);
      void import('./elements/et-thread-switcher.ts');
      if (!this.#rosterChunk) this.#rosterChunk = import('./controllers/roster-controller.ts').then((m) => (this.#roster = new m.RosterController(this, this.#session, () => this.exerciseId)));
      void import('./elements/et-snippet-picker.ts');
      void import('./elements/et-marker-picker.ts');
      void import('./elements/et-grade.ts');
    }
  }

  #currentTree(): CommentTree {
    const target = this.#attempts.target;
    const key = `${this.#thread.thread?.id}:${this.#thread.version}:${this.#outbox.version}:${target}`;
    // The list, the timeline and live arrivals follow the target viewed: the model, or one attempt.
    const onTarget = (c: DisplayComment) => (c.attempt_id ?? '') === target;
    if (this.#tree?.key !== key) this.#tree = { key, tree: buildTree([...this.#thread.comments, ...this.#outbox.pending(this.#thread.comments)].filter(onTarget)) };
    return this.#tree.tree;
  }

  #renderInbox() {
    const status = this.#inboxStatus();
    const s = stringsFor(this.lang);
    if (status === 'error') return renderError(s, this.#inbox.load.error, () => void this.#inbox.load.run());
    if (status !== 'ready') return html`<p class="status" role="status">${s.loading}</p>`;
    return html`<et-inbox .items=${this.#inbox.items} .exercises=${this.#inbox.exercises} .courses=${this.#inbox.courses} .filters=${this.#inbox.filters}
        ?has-more=${Boolean(this.#inbox.next)} lang=${this.lang || nothing}></et-inbox>
      ${this.#renderEmailSettings()}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>`;
  }

  /** The thread's markers as a "Filter by marker" control (none without markers), and the comments it lets through. */
  #byMarker(all: DisplayComment[]) {
    const used = new Map<string, string>();
    for (const c of all) for (const m of c.markers) used.set(m.id, m.label);
    const chosen = used.has(this.markerFilter) ? this.markerFilter : '';
    if (!used.size) return { roots: all, filter: nothing };
    const s = stringsFor(this.lang);
    const roots = chosen ? all.filter((c) => c.marker_ids.includes(chosen)) : all;
    const filter = html`<label class="marker-filter"
      >${s.filterByMarker}
      <select @change=${(e: Event) => (this.markerFilter = (e.target as HTMLSelectElement).value)}>
        <option value="">${s.allMarkers}</option>
        ${[...used].map(([id, label]) => html`<option value=${id} ?selected=${id === chosen}>${label}</option>`)}
      </select></label
    >`;
    return { roots, filter };
  }

  /**
   * "Email notifications", beside the shortcuts in a thread and under the inbox: closed, it costs
   * nothing; opened, its element (a lazy chunk) and the reader's settings are fetched.
   */
  #renderEmailSettings() {
    const p = this.#preferences;
    const onToggle = (e: Event) => {
      if (!(e.target as HTMLDetailsElement).open) return;
      void import('./elements/et-notification-preferences.ts');
      void p.load();
    };
    return html`<details class="email-settings" @toggle=${onToggle}>
      <summary>${stringsFor(this.lang).emailSettings}</summary>
      <et-notification-preferences .preferences=${p.preferences} ?digest-available=${this.#session.instructor} status=${p.status}
        error=${p.error} lang=${this.lang || nothing}></et-notification-preferences>
    </details>`;
  }

  override render() {
    if (!this.#localize.ready) return nothing;
    const s = stringsFor(this.lang);
    const lang = this.lang || nothing;
    if (this.#inboxShown) return this.#renderInbox();
    if (!this.exerciseId) return this.status === 'ready' ? renderCatalogue(this.#session, this.putPart, this.#processing, this.lang) : nothing;
    const status = this.#thread.status;
    if (status === 'error') return renderError(s, this.#thread.error, () => this.#thread.retry());
    const ex = this.#thread.exercise;
    if (status !== 'ready' || !ex) return html`<p class="status" role="status">${s.loading}</p>`;
    const thread = this.#thread.thread;
    const tree = this.#currentTree();
    const { roots, filter } = this.#byMarker(tree.roots);
    const readOnly = ex.archived || !thread;
    const pb = this.#playback.playback;
    const over: { drawings: ShownDrawing[]; editor: TemplateResult | typeof nothing } = {
      drawings: drawingsAt([...tree.roots, ...[...tree.replies.values()].flat()], this.currentTime, this.focusedId),
      editor: this.drawingOpen && !readOnly
        ? html`<et-drawing-editor .drawing=${this.#composer?.drawing ?? null} .aspect=${this.#surface?.pictureAspect ?? 16 / 9} lang=${lang}></et-drawing-editor>`
        : nothing,
    };
    return html`${this.#fromCatalogue
        ? html`<button class="link back" @click=${() => (this.exerciseId = '')}>← ${s.allExercises}</button>`
        : this.#fromInbox
          ? html`<button class="link back" @click=${() => this.#backToInbox()}>← ${s.backToInbox}</button>`
          : nothing}
      <section class="layout" aria-label=${`${s.elementLabel}: ${ex.title}`}>
        ${this.#thread.isAuthor
          ? html`<et-thread-switcher .threads=${this.#thread.threads} .roster=${this.#roster?.learners ?? []} .attempts=${this.#attempts.byThread} current=${thread?.id ?? ''} lang=${lang}></et-thread-switcher>`
          : nothing}
        <div class="main">
          ${this.#sbs.open && pb.state === 'play'
            ? this.#sbs.render(pb, { ...over, retries: this.#playback.attempt, label: `${s.video}: ${ex.title}`, youtubeApiUrl: this.youtubeApiUrl, lang: this.lang, mirrored: this.#practice.mirrored })
            : renderPlayer(pb, this.#playback.attempt, ex, this.youtubeApiUrl, this.lang, this.#practice.mirrored, over)}
          ${this.#playback.playback.state === 'play' ? this.#practice.renderBar(this.lang) : nothing} ${this.#sbs.renderToggle(this.lang)}
          ${thread
            ? renderAttempts(s, this.#attempts.attempts, this.#attempts.target, (id) => this.#attempts.select(id), this.#owner && !readOnly
                ? { maxSeconds: ex.max_attempt_seconds ?? 0, progress: this.#attempts.progress, refusal: this.#attempts.refusal, lang: this.lang,
                    comments: tree, owner: thread.owner.id, deleting: this.#attempts.deleting, deleteRefusal: this.#attempts.deleteRefusal }
                : undefined)
            : nothing}
          <et-timeline exportparts="track, marker, preview" .duration=${this.duration} .currentTime=${this.currentTime}
            .comments=${roots} .rangeStart=${this.range[0]} .rangeEnd=${this.range[1]} lang=${lang}></et-timeline>
          ${readOnly
            ? thread
              ? html`<p class="status">${s.readOnly}</p>`
              : nothing
            : html`<et-composer exportparts="composer, textarea, send" .currentTime=${this.#commentTime} .replyTo=${this.replyTo} lang=${lang}
                .snippets=${this.#feedback.snippets} .markers=${this.#feedback.markers}
                @et-range-change=${(e: Ev<'et-range-change'>) => (this.range = [e.detail.start, e.detail.end])}></et-composer>`}
          ${this.#thread.isAuthor && thread
            ? html`<et-grade .grade=${this.#grade.grade} status=${this.#grade.status} error=${this.#grade.error} lang=${lang}></et-grade>`
            : nothing}
          ${renderTools(s, this.pauseOnType, (on) => (this.pauseOnType = on))} ${this.#renderEmailSettings()}
          ${thread
            ? // Whoever sees the thread is its owner or one of its exercise's authors: the export is theirs.
              html`<et-download-menu exportparts="button: download, menu: download-menu" ?busy=${this.#thread.downloading} lang=${lang}></et-download-menu>`
            : nothing}
        </div>
        <div class="side">
          ${thread
            ? html`${filter}<et-comment-list exportparts="list, comment, timecode, body" .comments=${roots} .replies=${tree.replies}
                .me=${this.#session.me} .canReply=${!readOnly} active-id=${activeAt(roots, this.currentTime)?.id ?? ''} lang=${lang}></et-comment-list>`
            : nothing}
        </div>
        <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      </section>`;
  }
}

defineOnce('exercise-thread', ExerciseThread);

declare global {
  interface HTMLElementTagNameMap {
    'exercise-thread': ExerciseThread;
  }
}
