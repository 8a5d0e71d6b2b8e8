import { initialState, Task } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { RosterLearnerView } from '../lib/types.ts';
import type { SessionController } from './session-controller.ts';

/**
 * The course roster of the open exercise (`GET /exercises/:id/roster`), for its authors: every
 * learner the LMS lists, also those who have not started. A lazy chunk, made the first time an
 * author's view shows (a learner's page never fetches it); latest call wins. The roster is paged:
 * every page is read (following next_cursor), so a large course lists everyone.
 */
export class RosterController implements ReactiveController {
  readonly load: Task<[string], RosterLearnerView[]>;

  constructor(host: ReactiveControllerHost, session: SessionController, exerciseId: () => string) {
    host.addController(this);
    this.load = new Task(host, {
      args: () => [exerciseId()],
      task: ([id], { signal }) => (id ? session.api.roster(id, signal) : initialState),
    });
    // Made after the host's first update: run now rather than at its next one.
    host.requestUpdate();
  }

  hostConnected(): void {}

  /** The roster's learners; empty while loading, and when the roster cannot be read (the switcher still lists the threads). */
  get learners(): RosterLearnerView[] {
    return this.load.value ?? [];
  }
}
