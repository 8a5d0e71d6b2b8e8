import { initialState, Task } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { GradeStatus } from '../elements/et-grade.ts';
import type { GradeEvent, GradeView } from '../lib/types.ts';
import type { SessionController } from './session-controller.ts';

/**
 * The open thread's grade, for an author of its exercise: read when the thread opens (latest
 * call wins), saved and resent through the API; a failed save keeps the grade shown and says why.
 */
export class GradeController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #session: SessionController;
  readonly #thread: () => string | undefined;
  #saved: { thread: string; grade: GradeView } | undefined;
  status: GradeStatus = 'idle';
  error = '';
  readonly load: Task<[string], GradeView>;

  constructor(host: ReactiveControllerHost, session: SessionController, authoredThread: () => string | undefined) {
    this.#host = host;
    this.#session = session;
    this.#thread = authoredThread;
    host.addController(this);
    this.load = new Task(host, {
      args: () => [authoredThread() ?? ''],
      task: ([threadId], { signal }) => (threadId ? session.api.grade(threadId, signal) : initialState),
    });
  }

  hostConnected(): void {}

  /** The grade of the open thread (the latest saved one when it is newer than the load). */
  get grade(): GradeView | null {
    const thread = this.#thread();
    if (!thread) return null;
    if (this.#saved?.thread === thread) return this.#saved.grade;
    return this.load.value ?? null;
  }

  /** `grade:updated` from the live channel: the open thread's grade as saved now (by any author) and where its passback stands. */
  live({ thread_id: thread, ...grade }: GradeEvent): void {
    if (thread !== this.#thread()) return;
    this.#saved = { thread, grade };
    this.#host.requestUpdate();
  }

  save(score: number, comment: string | null): Promise<void> {
    return this.#write((api, thread) => api.setGrade(thread, score, comment));
  }

  resend(): Promise<void> {
    return this.#write((api, thread) => api.resendGrade(thread));
  }

  async #write(call: (api: SessionController['api'], thread: string) => Promise<GradeView>): Promise<void> {
    const thread = this.#thread();
    if (!thread) return;
    this.status = 'saving';
    this.#host.requestUpdate();
    try {
      this.#saved = { thread, grade: await call(this.#session.api, thread) };
      this.status = 'idle';
      this.error = '';
    } catch (error) {
      this.status = 'failed';
      this.error = error instanceof Error ? error.message : String(error);
    }
    this.#host.requestUpdate();
  }
}
