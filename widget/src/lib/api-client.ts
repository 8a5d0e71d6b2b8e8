import type { AttemptCreated, AttemptPlaybackView, AttemptView, CommentView, ExerciseView, GradeView, InboxCourseView, InboxFilters, InboxItemView, MarkerView, MediaAssetView, NewComment, NewExercise, NotificationPreferences, PlaybackView, PlayerEvent, RosterLearnerView, SnippetView, ThreadView, UploadView } from './types.ts';

/** Where the API's problem types live: a type is this plus its code. */
const PROBLEM_BASE = 'https://exercise-threads.dev/problems/';

/** The API answered with a problem document. */
export class ApiError extends Error {
  /** The problem's machine-readable code (`media-processing`, …), from its `type`; '' when it has none. */
  readonly code: string;
  constructor(
    readonly status: number,
    readonly title: string,
    detail: string,
    readonly type = 'about:blank',
  ) {
    super(detail || title);
    this.code = type.startsWith(PROBLEM_BASE) ? type.slice(PROBLEM_BASE.length) : '';
  }
  /** Worth trying again later without the user changing anything. */
  get retryable(): boolean {
    return this.status >= 500 || this.status === 429 || this.status === 408;
  }
}

/** The request never got an answer (offline, server down, blocked). */
export class NetworkError extends Error {
  readonly retryable = true;
}

export interface ApiClientOptions {
  /** The API's origin, without /api/v1. */
  apiBase: string;
  /** The current access token. */
  token: () => string;
  /** Asked once after a 401: resolves with a fresh token, or undefined to give up. */
  refreshToken: () => Promise<string | undefined>;
  fetch?: typeof fetch;
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal | undefined;
}

/** The widget's only HTTP door to the API. */
export class ApiClient {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ApiClientOptions) {
    this.base = `${options.apiBase.replace(/\/$/, '')}/api/v1`;
    this.fetchImpl = options.fetch ?? ((...args) => globalThis.fetch(...args));
  }

  /** One call; `signal` cancels it (a later load supersedes it), rejecting with an AbortError. */
  async request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    const res = await this.send(method, path, body, options);
    return (res.status === 204 ? undefined : await res.json()) as T;
  }

  /** A successful answer (a refused token refreshed once), or an ApiError with the problem's title and detail. */
  private async send(method: string, path: string, body: unknown, { headers = {}, signal }: RequestOptions, retried = false): Promise<Response> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.base}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${this.options.token()}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? null : JSON.stringify(body),
        mode: 'cors',
        credentials: 'omit',
        signal: signal ?? null,
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw new NetworkError(error instanceof Error ? error.message : 'Network error');
    }
    if (res.status === 401 && !retried && (await this.options.refreshToken())) {
      signal?.throwIfAborted();
      return this.send(method, path, body, { headers, ...(signal ? { signal } : {}) }, true);
    }
    if (!res.ok) {
      const problem = (await res.json().catch(() => ({}))) as { type?: string; title?: string; detail?: string };
      throw new ApiError(res.status, problem.title ?? res.statusText, problem.detail ?? '', problem.type);
    }
    return res;
  }

  /** Player events for the tenant's learning records (`recording: false` when it keeps none). */
  postEvents(exerciseId: string, events: PlayerEvent[]): Promise<{ accepted: number; duplicates: number; recording: boolean }> {
    return this.request('POST', '/events', { exercise_id: exerciseId, events });
  }

  /** A thread's export as a file: its bytes and the name the API gives it (Content-Disposition). */
  async exportThread(threadId: string, format: 'vtt' | 'jsonld' | 'csv'): Promise<{ blob: Blob; fileName: string }> {
    const res = await this.send('GET', `/threads/${encodeURIComponent(threadId)}/export?format=${format}`, undefined, { headers: { accept: '*/*' } });
    const disposition = res.headers.get('content-disposition') ?? '';
    // RFC 6266: filename* (UTF-8) when the name is not ASCII, else the quoted filename.
    const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
    const plain = /filename="((?:[^"\\]|\\.)*)"/i.exec(disposition)?.[1];
    const fileName = star ? decodeURIComponent(star) : (plain?.replace(/\\(.)/g, '$1') ?? `thread.${format}`);
    return { blob: await res.blob(), fileName };
  }

  private async all<T>(path: string, signal?: AbortSignal): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page: Page<T> = await this.request<Page<T>>('GET', `${path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`, undefined, { signal });
      out.push(...page.data);
      cursor = page.next_cursor;
    } while (cursor);
    return out;
  }

  /** The tenant's catalogue. */
  exercises(signal?: AbortSignal): Promise<ExerciseView[]> {
    return this.all('/exercises?limit=200', signal);
  }

  /** The exercise's course roster, every page of it (a large course spans several). */
  roster(exerciseId: string, signal?: AbortSignal): Promise<RosterLearnerView[]> {
    return this.all(`/exercises/${encodeURIComponent(exerciseId)}/roster?limit=200`, signal);
  }

  createExercise(e: NewExercise): Promise<ExerciseView> {
    return this.request('POST', '/exercises', { title: e.title, source: e.source, ...(e.description ? { description: e.description } : {}) });
  }

  /** What to play: a short-lived signed URL for uploads (409 until the asset is ready). */
  playback(exerciseId: string, signal?: AbortSignal): Promise<PlaybackView> {
    return this.request('GET', `/exercises/${encodeURIComponent(exerciseId)}/playback`, undefined, { signal });
  }

  /** Saves a sync point: seconds, the attempt's time minus the model's at the same moment. */
  setSyncOffset(attemptId: string, syncOffset: number): Promise<AttemptView> {
    return this.request('PATCH', `/attempts/${encodeURIComponent(attemptId)}`, { sync_offset: syncOffset });
  }

  startUpload(file: { name: string; size: number; type: string }): Promise<UploadView> {
    return this.request('POST', '/media/uploads', { file_name: file.name, size: file.size, content_type: file.type || 'video/mp4' });
  }

  /** The parts storage already holds, and fresh URLs for the rest. */
  resumeUpload(id: string, signal?: AbortSignal): Promise<UploadView> {
    return this.request('GET', `/media/uploads/${encodeURIComponent(id)}`, undefined, { signal });
  }

  completeUpload(id: string, parts: { part_number: number; etag: string }[]): Promise<MediaAssetView> {
    return this.request('POST', `/media/uploads/${encodeURIComponent(id)}/complete`, { parts });
  }

  /**
   * A new attempt in the caller's own thread and its multipart upload (the same as /media/uploads
   * answers). Sent again with the same key, the API answers the same attempt and its upload as it is now.
   */
  createAttempt(threadId: string, file: { name: string; size: number; type: string }, idempotencyKey: string, signal?: AbortSignal): Promise<AttemptCreated> {
    const body = { file_name: file.name, size: file.size, content_type: file.type.split(';')[0] || 'video/webm' };
    return this.request('POST', `/threads/${encodeURIComponent(threadId)}/attempts`, body, { signal, headers: { 'Idempotency-Key': idempotencyKey } });
  }

  attempts(threadId: string, signal?: AbortSignal): Promise<AttemptView[]> {
    return this.all(`/threads/${encodeURIComponent(threadId)}/attempts?limit=200`, signal);
  }

  attempt(id: string, signal?: AbortSignal): Promise<AttemptView> {
    return this.request('GET', `/attempts/${encodeURIComponent(id)}`, undefined, { signal });
  }

  deleteAttempt(id: string): Promise<unknown> {
    return this.request('DELETE', `/attempts/${encodeURIComponent(id)}`);
  }

  /** What to play for an attempt: its original while it transcodes, then HLS (409 before either is ready). */
  attemptPlayback(id: string, signal?: AbortSignal): Promise<AttemptPlaybackView> {
    return this.request('GET', `/attempts/${encodeURIComponent(id)}/playback`, undefined, { signal });
  }

  exercise(id: string, signal?: AbortSignal): Promise<ExerciseView> {
    return this.request('GET', `/exercises/${encodeURIComponent(id)}`, undefined, { signal });
  }

  /** A learner's own thread for the exercise, created on first visit. */
  openThread(exerciseId: string, signal?: AbortSignal): Promise<ThreadView> {
    return this.request('POST', '/threads', { exercise_video_id: exerciseId }, { signal });
  }

  thread(id: string, signal?: AbortSignal): Promise<ThreadView> {
    return this.request('GET', `/threads/${encodeURIComponent(id)}`, undefined, { signal });
  }

  threads(exerciseId: string, signal?: AbortSignal): Promise<ThreadView[]> {
    return this.all(`/threads?exercise_video_id=${encodeURIComponent(exerciseId)}&limit=200`, signal);
  }

  comments(threadId: string, signal?: AbortSignal): Promise<CommentView[]> {
    return this.all(`/threads/${encodeURIComponent(threadId)}/comments?limit=200`, signal);
  }

  /** One page of the changes after `seq`, in seq order: the live client's catch-up reads through here. */
  changesSince(threadId: string, seq: number, limit: number): Promise<Page<CommentView>> {
    return this.request('GET', `/threads/${encodeURIComponent(threadId)}/comments?since_seq=${seq}&limit=${limit}`);
  }

  createComment(threadId: string, c: NewComment, idempotencyKey: string): Promise<CommentView> {
    const body: Record<string, unknown> = { thread_id: threadId, t_start: c.t_start, body: c.body };
    if (c.t_end != null && c.t_end > c.t_start) body.t_end = c.t_end;
    if (c.parent_id) body.parent_id = c.parent_id;
    if (c.drawing) body.drawing = c.drawing;
    if (c.marker_ids?.length) body.marker_ids = c.marker_ids;
    if (c.attempt_id) body.attempt_id = c.attempt_id;
    return this.request('POST', '/comments', body, { headers: { 'Idempotency-Key': idempotencyKey } });
  }

  updateComment(id: string, body: string): Promise<CommentView> {
    return this.request('PATCH', `/comments/${encodeURIComponent(id)}`, { body });
  }

  deleteComment(id: string): Promise<CommentView | undefined> {
    return this.request('DELETE', `/comments/${encodeURIComponent(id)}`);
  }

  report(id: string, reason: string): Promise<unknown> {
    return this.request('POST', `/comments/${encodeURIComponent(id)}/reports`, { reason });
  }

  markRead(threadId: string, seq: number): Promise<unknown> {
    return this.request('POST', `/threads/${encodeURIComponent(threadId)}/read`, { seq });
  }

  grade(threadId: string, signal?: AbortSignal): Promise<GradeView> {
    return this.request('GET', `/threads/${encodeURIComponent(threadId)}/grade`, undefined, { signal });
  }

  setGrade(threadId: string, score: number, comment: string | null): Promise<GradeView> {
    return this.request('PUT', `/threads/${encodeURIComponent(threadId)}/grade`, { score, comment });
  }

  resendGrade(threadId: string): Promise<GradeView> {
    return this.request('POST', `/threads/${encodeURIComponent(threadId)}/grade/resend`);
  }

  notificationPreferences(): Promise<NotificationPreferences> {
    return this.request('GET', '/me/notifications');
  }

  updateNotificationPreferences(patch: Partial<NotificationPreferences>): Promise<NotificationPreferences> {
    return this.request('PATCH', '/me/notifications', patch);
  }

  /** A page of the instructor's inbox (the API's order), narrowed by `filters`. */
  inbox(filters: InboxFilters, cursor: string | null, signal?: AbortSignal): Promise<Page<InboxItemView>> {
    const q = new URLSearchParams({ limit: '25' });
    for (const [k, v] of Object.entries(filters)) if (v !== undefined && v !== '') q.set(k, String(v));
    if (cursor) q.set('cursor', cursor);
    return this.request('GET', `/inbox?${q}`, undefined, { signal });
  }

  /** The courses holding exercises the instructor authors: the inbox's "Course" filter. */
  async inboxCourses(signal?: AbortSignal): Promise<InboxCourseView[]> {
    return (await this.request<{ data: InboxCourseView[] }>('GET', '/inbox/courses', undefined, { signal })).data;
  }

  /** "No reply needed": answers the thread as the inbox now shows it. */
  markDone(threadId: string): Promise<InboxItemView> {
    return this.request('POST', `/threads/${encodeURIComponent(threadId)}/done`);
  }

  /** The snippets usable in an exercise (the caller's own and its shared ones). */
  snippets(exerciseId: string, signal?: AbortSignal): Promise<SnippetView[]> {
    return this.all(`/snippets?exercise_id=${encodeURIComponent(exerciseId)}&limit=200`, signal);
  }

  /** The markers usable in an exercise (the caller's own and its shared ones). */
  markers(exerciseId: string, signal?: AbortSignal): Promise<MarkerView[]> {
    return this.all(`/markers?exercise_id=${encodeURIComponent(exerciseId)}&limit=200`, signal);
  }
}

/** A token's claims, read without verifying (the API decides); none when it is not a JWT. */
function claims(token: string): Record<string, unknown> {
  try {
    const part = token.split('.')[1];
    return part ? (JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function stringClaim(token: string, name: string): string | undefined {
  const value = claims(token)[name];
  return typeof value === 'string' ? value : undefined;
}

/** The user id (`sub`) of a token: only to tell own comments apart. */
export const tokenSubject = (token: string): string | undefined => stringClaim(token, 'sub');

/** The token's role: only to choose what to show. */
export const tokenRole = (token: string): string | undefined => stringClaim(token, 'role');

/** Whether the token's `exp` has passed: only to renew it before the server refuses it. */
export function tokenExpired(token: string, now = Date.now()): boolean {
  const exp = claims(token).exp;
  return typeof exp === 'number' && exp * 1000 <= now;
}
