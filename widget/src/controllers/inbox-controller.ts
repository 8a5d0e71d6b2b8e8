import { initialState, Task } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { placeInInbox } from '../lib/inbox-order.ts';
import type { LiveClient, LiveClientOptions } from '../lib/live-client.ts';
import type { InboxFilters, InboxItemView } from '../lib/types.ts';
import type { SessionController } from './session-controller.ts';

export interface InboxHost extends ReactiveControllerHost {
  apiBase: string;
  token: string;
  /** Builds the live client; undefined: the real one, fetched as its own chunk. */
  liveClientFactory: ((options: LiveClientOptions) => LiveClient) | undefined;
}

export interface InboxEvents {
  /** A thread changed live (a learner's comment, a reply): the host may announce it. */
  onChanged?(item: InboxItemView): void;
  onFailure?(message: string): void;
}

/** Whether a thread changed live belongs under the filters shown (a course filter cannot be told here: it is kept). */
function matches(item: InboxItemView, f: InboxFilters): boolean {
  if (f.exercise_id && item.exercise.id !== f.exercise_id) return false;
  if (f.q && !item.owner.name.toLocaleLowerCase().includes(f.q.toLocaleLowerCase())) return false;
  return true;
}

/**
 * The instructor's inbox: its pages (latest call wins: a superseded filter's answer never lands),
 * "Mark done", and the live channel's `inbox:updated`, which places a changed thread where the
 * API's order puts it (a learner's new comment moves it up; a reply clears its badge). The
 * server chooses who hears of a thread (the exercise's authors), so nothing is filtered for access here.
 */
export class InboxController implements ReactiveController {
  readonly #host: InboxHost;
  readonly #session: SessionController;
  readonly #events: InboxEvents;
  #active = false;
  #live: LiveClient | undefined;
  #connection = 0;
  items: InboxItemView[] = [];
  next: string | null = null;
  filters: InboxFilters = {};
  /** A page has landed since the inbox was last shown. */
  shown = false;
  /** The exercises the instructor authors, for the "Exercise" filter. */
  exercises: { id: string; title: string }[] = [];
  /** The courses holding them, for the "Course" filter (none outside an LMS). */
  courses: { id: string; title: string }[] = [];
  #optionsLoaded = false;

  readonly load: Task<[boolean, string, InboxFilters, number], void>;

  constructor(host: InboxHost, session: SessionController, events: InboxEvents = {}) {
    this.#host = host;
    this.#session = session;
    this.#events = events;
    host.addController(this);
    this.load = new Task(host, {
      args: () => [this.#active, host.apiBase, this.filters, this.#connection],
      task: async ([active, apiBase, filters], { signal }) => {
        if (!active || !apiBase) return initialState;
        const api = this.#session.api;
        const me = this.#session.me;
        // The filters' options once; the page on every load.
        const [page, all, courses] = await Promise.all([
          api.inbox(filters, null, signal),
          this.#optionsLoaded ? undefined : api.exercises(signal),
          this.#optionsLoaded ? undefined : api.inboxCourses(signal),
        ]);
        if (all) this.exercises = all.filter((e) => e.creator_id === me || e.author_ids.includes(me)).map((e) => ({ id: e.id, title: e.title }));
        if (courses) this.courses = courses;
        this.#optionsLoaded = true;
        this.items = page.data;
        this.next = page.next_cursor;
        this.shown = true;
        void this.#startLive();
      },
    });
  }

  /** Shown or not (the element's inbox view without an open thread): loads afresh when shown again. */
  show(active: boolean): void {
    if (active === this.#active) return;
    this.#active = active;
    if (active) this.#connection++;
    else this.shown = false;
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.#live?.close();
    this.#live = undefined;
    this.load.abort();
    this.#active = false;
  }

  filter(filters: InboxFilters): void {
    this.filters = filters;
    this.#host.requestUpdate();
  }

  async more(): Promise<void> {
    if (!this.next) return;
    try {
      const page = await this.#session.api.inbox(this.filters, this.next);
      this.items = [...this.items, ...page.data.filter((i) => !this.items.some((x) => x.id === i.id))];
      this.next = page.next_cursor;
      this.#host.requestUpdate();
    } catch (error) {
      this.#events.onFailure?.(error instanceof Error ? error.message : String(error));
    }
  }

  /** "No reply needed": the thread stops waiting and takes its place among the rest. */
  async done(threadId: string): Promise<void> {
    try {
      this.#place(await this.#session.api.markDone(threadId));
    } catch (error) {
      this.#events.onFailure?.(error instanceof Error ? error.message : String(error));
    }
  }

  #place(item: InboxItemView): void {
    const known = this.items.some((i) => i.id === item.id);
    if (!known && !matches(item, this.filters)) return;
    this.items = placeInInbox(this.items, item, matches(item, this.filters));
    this.#host.requestUpdate();
  }

  async #startLive(): Promise<void> {
    if (this.#live) return;
    const factory = this.#host.liveClientFactory ?? (await import('../lib/live-client.ts')).createLiveClient;
    if (this.#live || !this.#active) return;
    this.#live = factory({
      apiBase: this.#host.apiBase,
      tokenProvider: this.#session.liveToken,
      changesSince: (threadId, since, limit) => this.#session.api.changesSince(threadId, since, limit),
      onEvent: () => undefined,
      onInbox: (item) => {
        this.#place(item);
        this.#events.onChanged?.(item);
      },
      // Changes made while the channel was down are read back by loading the list again.
      onConnect: (reconnect) => {
        if (reconnect && this.#active) {
          this.#connection++;
          this.#host.requestUpdate();
        }
      },
    });
  }
}
