import type { ReactiveController } from 'lit';
import { failureOf } from '../api.js';
import type { Intent } from '../states.js';
import type { WidgetHost, Wiring } from './host.js';

/**
 * The action request, and its wait for Hexnode's rate limit. Once confirmed it is never abandoned: it has no
 * abort signal and leaving the page does not stop it (nor its wait), so its answer always lands in the state
 * machine.
 */
export class ActionController implements ReactiveController {
  readonly #wiring: Wiring;
  readonly #host: WidgetHost;
  #until = 0;
  #timer?: ReturnType<typeof setInterval>;

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

  /** Posts the decision on a held job; its answer lands in the state machine as `decided` or `decide-failed`. */
  async decide(job: string, approve: boolean, reason: string): Promise<void> {
    const { api, report } = this.#wiring;
    try {
      await api().decide(job, approve, reason);
      report({ type: 'decided' });
    } catch (error) {
      report({ type: 'decide-failed', error: failureOf(error) });
    }
  }

  /** Seconds left of the current wait (`waiting`). */
  get left(): number {
    return Math.max(0, Math.ceil((this.#until - Date.now()) / 1000));
  }

  /**
   * Counts down `seconds`, rendering every 250 ms, then reports `waited`. A new wait replaces the one before; a
   * wait the state machine no longer holds (`waiting()` false: cancelled, another employee) stops at its next
   * tick.
   */
  wait(seconds: number, waiting: () => boolean): void {
    clearInterval(this.#timer);
    this.#until = Date.now() + seconds * 1000;
    this.#timer = setInterval(() => {
      if (!waiting()) return clearInterval(this.#timer);
      this.#host.requestUpdate();
      if (this.left) return;
      clearInterval(this.#timer);
      this.#wiring.report({ type: 'waited' });
    }, 250);
  }
}
