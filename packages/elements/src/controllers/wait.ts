import type { ReactiveController } from 'lit';
import type { WidgetHost, Wiring } from './host.js';

/**
 * The wait of a confirmed action for Hexnode's rate limit (`waiting`): renders the countdown every second, then
 * reports `waited`. A new wait replaces the one before; a wait the state machine no longer holds ends unheard
 * (`waited` changes nothing outside `waiting`). Leaving the page does not stop it, as it does not stop the action.
 */
export class WaitController implements ReactiveController {
  readonly #host: WidgetHost;
  readonly #wiring: Wiring;
  #until = 0;
  #timer?: ReturnType<typeof setInterval>;

  constructor(host: WidgetHost, wiring: Wiring) {
    (this.#host = host).addController(this);
    this.#wiring = wiring;
  }

  /** Seconds left of the current wait. */
  get left(): number {
    return Math.max(0, Math.ceil((this.#until - Date.now()) / 1000));
  }

  start(seconds: number): void {
    clearInterval(this.#timer);
    this.#until = Date.now() + seconds * 1000;
    this.#timer = setInterval(() => {
      this.#host.requestUpdate();
      if (Date.now() < this.#until) return;
      clearInterval(this.#timer);
      this.#wiring.report({ type: 'waited' });
    }, 250);
  }

  hostDisconnected(): void {
    // Nothing to stop: the wait ends and the action is sent, as an action on its way is.
  }
}
