import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { languageReady, loadLanguage } from '../lib/strings.ts';

/**
 * Keeps an element in its language (Shoelace's LocalizeController, smaller): when `lang` names a
 * language whose table is not here yet, fetches it and renders again once it is.
 */
export class LocalizeController implements ReactiveController {
  readonly #host: ReactiveControllerHost & HTMLElement;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  /** Whether the host's language can be shown now. */
  get ready(): boolean {
    return languageReady(this.#host.lang);
  }

  hostUpdate(): void {
    if (!this.ready) void loadLanguage(this.#host.lang).then(() => this.#host.requestUpdate());
  }
}
