import type { ReactiveController } from 'lit';
import { failureOf } from '../api.js';
import type { Intent } from '../states.js';
import type { WidgetHost, Wiring } from './host.js';

/**
 * The action request. Once confirmed it is never abandoned: it has no abort signal and leaving the page does not
 * stop it, so its answer always lands in the state machine.
 */
export class ActionController implements ReactiveController {
  readonly #wiring: Wiring;
  readonly #host: WidgetHost;

  constructor(host: WidgetHost, wiring: Wiring) {
    (this.#host = host).addController(this);
    this.#wiring = wiring;
  }

  hostDisconnected(): void {
    // Nothing to stop: an action on its way finishes, and the element shows its answer when it is back.
  }

  /** Sends the intent with its idempotency key: a retry of the same intent reuses the key. */
  async send(intent: Intent): Promise<void> {
    const { api, report } = this.#wiring;
    try {
      report({ type: 'accepted', answer: await api().act(intent.body, intent.key) });
    } catch (error) {
      report({ type: 'action-failed', error: failureOf(error), maxWait: this.#host.maxWait });
    }
  }
}
