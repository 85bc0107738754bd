/**
 * Integration mistakes (a refused origin, a missing CSRF header, a request outside the base path) are answered
 * with their own problem code and logged with their cause, so the developer sees what to change. Each distinct
 * cause is logged at most once a minute: a misconfigured page that keeps polling, or a cross-site attacker,
 * cannot flood the HRMS's log.
 */
import type { ErrorCode } from '@hexnode-offboard/core/protocol';
import { ProblemError } from '../http/problem.js';
import type { OffboardLogger } from '../options.js';

const QUIET_MS = 60 * 1000;
const MAX_CAUSES = 1000;

export class MistakeLog {
  readonly #logger: OffboardLogger;
  readonly #lastLogged = new Map<string, number>();

  constructor(logger: OffboardLogger) {
    this.#logger = logger;
  }

  /** Logs the cause (unless logged within the last minute) and returns the problem to answer with. */
  refuse(requestId: string, now: number, code: ErrorCode, detail: string, cause: string): ProblemError {
    const key = `${code}\u0000${cause}`;
    const last = this.#lastLogged.get(key);
    if (last === undefined || now - last >= QUIET_MS) {
      if (this.#lastLogged.size >= MAX_CAUSES) this.#lastLogged.clear();
      this.#lastLogged.set(key, now);
      this.#logger.error(`request refused (${code}): ${cause}`, { requestId, code });
    }
    return new ProblemError(code, { detail });
  }
}
