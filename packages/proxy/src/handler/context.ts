/** One request as the pipeline sees it: its id, its clock of Hexnode time, and the handler's shared parts. */
import { sanitizeText } from '../audit/sanitize.js';
import type { AuditLog } from './audit-log.js';
import type { ErrorCode } from '@hexnode-offboard/core/protocol';
import type { ProblemError } from '../http/problem.js';
import type { HandlerConfig } from './config.js';
import type { MistakeLog } from './mistakes.js';

export const newId = (prefix: string): string => `${prefix}_${crypto.randomUUID()}`;

/** An error's class name, the only part of an error that reaches a log line. */
export function errorName(error: unknown): string {
  return error instanceof Error ? sanitizeText(error.name, 60) : typeof error;
}

/** Where one request's time went: in Hexnode calls (the core client, its parsing included) or in the handler. */
export class Timing {
  readonly #started = performance.now();
  #hexnodeMs = 0;

  async hexnode<T>(work: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.#hexnodeMs += performance.now() - started;
    }
  }

  /** `Server-Timing` value: `hexnode` (Hexnode calls) and `handler` (everything else, store writes included). */
  header(): string {
    const total = performance.now() - this.#started;
    return `hexnode;dur=${this.#hexnodeMs.toFixed(2)}, handler;dur=${(total - this.#hexnodeMs).toFixed(2)}`;
  }
}

export class RequestContext {
  readonly requestId = newId('req');
  readonly timing = new Timing();
  readonly url: URL;

  readonly #mistakes: MistakeLog;

  constructor(
    readonly request: Request,
    readonly config: HandlerConfig,
    readonly audit: AuditLog,
    mistakes: MistakeLog,
  ) {
    this.url = new URL(request.url);
    this.#mistakes = mistakes;
  }

  /** An integration mistake: its own code, a detail for the developer, and its cause in the server's log. */
  mistake(code: ErrorCode, detail: string, cause: string): ProblemError {
    return this.#mistakes.refuse(this.requestId, this.now(), code, detail, cause);
  }

  now(): number {
    return this.config.now();
  }

  /** Time spent in Hexnode calls counts as Hexnode's in `Server-Timing`. */
  hexnode<T>(work: () => Promise<T>): Promise<T> {
    return this.timing.hexnode(work);
  }

  /** A diagnostic line with this request's id: never request data, Hexnode's answers or secrets. */
  log(message: string, fields: Record<string, string | number | null> = {}): void {
    this.config.logger.error(message, { requestId: this.requestId, ...fields });
  }
}
