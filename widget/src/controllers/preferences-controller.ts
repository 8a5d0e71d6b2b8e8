import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PreferencesStatus } from '../elements/et-notification-preferences.ts';
import type { NotificationPreferences } from '../lib/types.ts';
import type { SessionController } from './session-controller.ts';

/**
 * The reader's email settings (`GET/PATCH /me/notifications`): read the first time they are
 * shown, saved one change at a time; a failed save puts the shown value back and says why.
 */
export class PreferencesController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #session: SessionController;
  #loading: Promise<void> | undefined;
  preferences: NotificationPreferences | null = null;
  status: PreferencesStatus = 'idle';
  error = '';

  constructor(host: ReactiveControllerHost, session: SessionController) {
    this.#host = host;
    this.#session = session;
    host.addController(this);
  }

  hostConnected(): void {}

  /** Reads the settings once (again after a failed read). */
  load(): Promise<void> {
    this.#loading ??= this.#session.api.notificationPreferences().then(
      (p) => this.#set(p, 'idle'),
      (error: unknown) => {
        this.#loading = undefined;
        this.#fail(error);
      },
    );
    return this.#loading;
  }

  async change(patch: Partial<NotificationPreferences>): Promise<void> {
    const before = this.preferences;
    if (!before) return;
    this.#set({ ...before, ...patch }, 'saving');
    try {
      this.#set(await this.#session.api.updateNotificationPreferences(patch), 'saved');
    } catch (error) {
      this.preferences = before;
      this.#fail(error);
    }
  }

  #set(p: NotificationPreferences, status: PreferencesStatus): void {
    this.preferences = p;
    this.status = status;
    this.error = '';
    this.#host.requestUpdate();
  }

  #fail(error: unknown): void {
    this.status = 'failed';
    this.error = error instanceof Error ? error.message : String(error);
    this.#host.requestUpdate();
  }
}
