import type { ReactiveController } from 'lit';
import { failureOf } from '../api.js';
import { sameEmail } from '../intent.js';
import { employeeOf, offerOf, type WidgetHost, type Wiring } from './host.js';

/**
 * The preview request: one at a time (a newer one aborts an older one, whose answer is then ignored), aborted
 * when the element leaves the page; and, with `preload`, the observer that asks for it once the button is seen.
 */
export class PreviewController implements ReactiveController {
  readonly #host: WidgetHost;
  readonly #wiring: Wiring;
  #abort?: AbortController | undefined;
  #observer?: IntersectionObserver | undefined;

  constructor(host: WidgetHost, wiring: Wiring) {
    (this.#host = host).addController(this);
    this.#wiring = wiring;
  }

  /** Asks for the preview, after `afterMs` (cancelled by `abort`) when given. */
  async load(afterMs?: number): Promise<void> {
    this.abort();
    const controller = (this.#abort = new AbortController());
    if (afterMs) await new Promise((resolve) => setTimeout(resolve, afterMs));
    if (controller.signal.aborted) return;
    const host = this.#host;
    const { api, report } = this.#wiring;
    try {
      const preview = await api().preview(employeeOf(host), controller.signal);
      // An answer for an employee the element no longer shows (the email changed meanwhile) is ignored.
      if (controller.signal.aborted || !sameEmail(preview.employee.email, host.employeeEmail)) return;
      report({ type: 'previewed', preview, at: performance.now(), offer: offerOf(host) });
    } catch (error) {
      if (!controller.signal.aborted) report({ type: 'preview-failed', error: failureOf(error) });
    }
  }

  abort(): void {
    this.#abort?.abort();
  }

  /** Reports `visible` once the button is on screen, when `wanted` (preload, and no preview known yet). */
  observe(wanted: boolean): void {
    if (!wanted || this.#observer || typeof IntersectionObserver === 'undefined') return;
    this.#observer = new IntersectionObserver((entries) => {
      if (!entries.some((e) => e.isIntersecting)) return;
      this.#unobserve();
      this.#wiring.report({ type: 'visible' });
    });
    this.#observer.observe(this.#host);
  }

  #unobserve(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
  }

  hostDisconnected(): void {
    this.#unobserve();
    this.abort();
  }
}
