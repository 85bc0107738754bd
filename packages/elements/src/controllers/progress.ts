import type { ReactiveController } from 'lit';
import type { WidgetHost, Wiring } from './host.js';

const MAX_POLL_DELAY = 15_000;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * Follows a sent action: polls `GET actions/{id}` from `poll-interval`, 1.5× longer each time up to 15 s, and
 * reports each poll (its answer, none when it failed, and whether `poll-timeout` passed). The state machine
 * says when to stop. Leaving the page pauses polling; coming back resumes it, the time limit counted afresh.
 */
export class ProgressController implements ReactiveController {
  readonly #host: WidgetHost;
  readonly #wiring: Wiring;
  #id?: string | undefined;
  #poll?: AbortController | undefined;

  constructor(host: WidgetHost, wiring: Wiring) {
    (this.#host = host).addController(this);
    this.#wiring = wiring;
  }

  follow(id: string): void {
    this.#id = id;
    void this.#run();
  }

  stop(): void {
    this.#id = undefined;
    this.#poll?.abort();
  }

  hostConnected(): void {
    void this.#run();
  }

  hostDisconnected(): void {
    this.#poll?.abort();
  }

  async #run(): Promise<void> {
    this.#poll?.abort();
    const id = this.#id;
    const host = this.#host;
    if (!id || !host.isConnected) return; // resumed by hostConnected
    const { signal } = (this.#poll = new AbortController());
    const { api, report } = this.#wiring;
    const started = Date.now();
    let delay = host.pollInterval;
    while (!signal.aborted) {
      await sleep(Math.max(0, Math.min(delay, host.pollTimeout - (Date.now() - started))), signal);
      if (signal.aborted) return;
      delay = Math.min(delay * 1.5, MAX_POLL_DELAY);
      let answer;
      try {
        answer = await api().status(id, signal);
      } catch {
        if (signal.aborted) return; // a failed poll is retried by the next one
      }
      report({ type: 'polled', answer, late: Date.now() - started >= host.pollTimeout });
    }
  }
}
