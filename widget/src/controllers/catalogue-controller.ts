import { initialState, Task } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../lib/api-client.ts';
import type { ExerciseView, NewExercise } from '../lib/types.ts';

export interface CatalogueHost extends ReactiveControllerHost {
  api: ApiClient | undefined;
  me: string;
  instructor: boolean;
}

/**
 * Without `exercise-id`: the exercises to pick from (an instructor's own, or a learner's
 * catalogue without the archived ones), and the instructor's new exercises.
 */
export class CatalogueController implements ReactiveController {
  readonly #host: CatalogueHost;
  #created: ExerciseView[] = [];
  creating = false;
  createError = '';
  readonly list: Task<[ApiClient | undefined, string, boolean], ExerciseView[]>;

  constructor(host: CatalogueHost) {
    this.#host = host;
    host.addController(this);
    this.list = new Task(host, {
      args: () => [host.api, host.me, host.instructor],
      task: async ([api, me, instructor], { signal }) => {
        if (!api) return initialState;
        const all = await api.exercises(signal);
        const mine = (ex: ExerciseView) => ex.creator_id === me || ex.author_ids.includes(me);
        return instructor ? all.filter(mine) : all.filter((ex) => !ex.archived);
      },
    });
  }

  hostConnected(): void {}

  /** The list with exercises created here first (the API may not list them yet). */
  get exercises(): ExerciseView[] {
    const listed = this.list.value ?? [];
    return [...this.#created.filter((c) => !listed.some((e) => e.id === c.id)), ...listed];
  }

  /** Creates an exercise; resolves with it, or undefined after showing why not. */
  async create(input: NewExercise): Promise<ExerciseView | undefined> {
    const api = this.#host.api;
    if (!api || this.creating) return undefined;
    this.creating = true;
    this.createError = '';
    this.#host.requestUpdate();
    try {
      const ex = await api.createExercise(input);
      this.#created = [ex, ...this.#created];
      return ex;
    } catch (error) {
      this.createError = error instanceof Error ? error.message : String(error);
      return undefined;
    } finally {
      this.creating = false;
      this.#host.requestUpdate();
    }
  }
}
