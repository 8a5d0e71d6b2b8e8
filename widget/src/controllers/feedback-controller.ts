import { initialState, Task } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MarkerView, SnippetView } from '../lib/types.ts';
import type { SessionController } from './session-controller.ts';

export interface FeedbackHost extends ReactiveControllerHost {
  exerciseId: string;
}

/**
 * The feedback bank an author uses in an exercise's composer: their snippets and markers (their own
 * and the exercise's shared ones). Learners keep none, so nothing is asked for them.
 */
export class FeedbackController implements ReactiveController {
  readonly bank: Task<[string, boolean], { snippets: SnippetView[]; markers: MarkerView[] }>;

  constructor(host: FeedbackHost, session: SessionController, isAuthor: () => boolean) {
    host.addController(this);
    this.bank = new Task(host, {
      args: () => [host.exerciseId, isAuthor()],
      task: async ([exerciseId, author], { signal }) => {
        if (!exerciseId || !author) return initialState;
        const [snippets, markers] = await Promise.all([session.api.snippets(exerciseId, signal), session.api.markers(exerciseId, signal)]);
        return { snippets, markers };
      },
    });
  }

  hostConnected(): void {}

  /** Undefined until loaded (or for a learner): the composer then offers neither. */
  get snippets(): SnippetView[] | undefined {
    return this.bank.value?.snippets;
  }
  get markers(): MarkerView[] | undefined {
    return this.bank.value?.markers;
  }
}
