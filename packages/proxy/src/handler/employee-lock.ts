/**
 * One action at a time per employee: two HR admins (or two tabs) with different idempotency keys cannot both
 * pass the "acted before" check and send. The lock is this request's (a random owner token): only it can
 * release it, the phase before sending has a hard deadline inside the lock's lifetime, and the action's
 * intent is written only while the store confirms, in the same transaction, that this request still holds it.
 * A request that lost its lock (it expired and another request claimed it) can never get it back, so holding
 * it at the intent means holding it since the "acted before" check: no other intent came in between.
 */
import { ProblemError } from '../http/problem.js';
import type { LockClaim, OffboardStore } from '../store/types.js';
import { errorName, newId, type RequestContext } from './context.js';

/** How long a lock holds if its process dies before releasing it; writing the intent extends it once. */
export const EMPLOYEE_LOCK_TTL_MS = 2 * 60 * 1000;

/**
 * The hard deadline of the phase between claiming the lock and writing the intent (Hexnode reads with their
 * retries and `Retry-After` waits), well inside the lock's lifetime: past it, nothing is sent.
 */
export const PRE_SEND_DEADLINE_MS = 60 * 1000;

export class EmployeeLock {
  readonly #store: OffboardStore;
  readonly #tenant: string | null;
  readonly #name: string;
  readonly #owner = newId('lock');
  readonly #claimedAt: number;

  private constructor(store: OffboardStore, tenant: string | null, email: string, now: number) {
    this.#store = store;
    this.#tenant = tenant;
    this.#name = email;
    this.#claimedAt = now;
  }

  /** Claims the employee's lock for this request; `null` while another request holds it. */
  static async claim(
    ctx: RequestContext,
    tenant: string | null,
    email: string,
  ): Promise<EmployeeLock | null> {
    const now = ctx.now();
    const lock = new EmployeeLock(ctx.config.store, tenant, email, now);
    const result = await ctx.config.store.claimLock(lock.claim(now)).catch((error: unknown) => {
      ctx.log('employee lock failed', { error: errorName(error) });
      throw new ProblemError('audit_unavailable');
    });
    return result.status === 'claimed' ? lock : null;
  }

  /** This lock as the store's `appendAudit(entry, { lock })` and `claimLock` take it, at `now`. */
  claim(now: number): LockClaim {
    return {
      tenant: this.#tenant,
      name: this.#name,
      owner: this.#owner,
      now,
      ttlMs: EMPLOYEE_LOCK_TTL_MS,
    };
  }

  /** Whether the pre-send phase ran past {@link PRE_SEND_DEADLINE_MS}: then nothing may be sent. */
  overdue(now: number): boolean {
    return now - this.#claimedAt > PRE_SEND_DEADLINE_MS;
  }

  /** Gives the lock back if this request still holds it; a failure is logged (the lock expires on its own). */
  async release(ctx: RequestContext): Promise<void> {
    await this.#store
      .releaseLock({ tenant: this.#tenant, name: this.#name, owner: this.#owner })
      .catch((error: unknown) => {
        ctx.log('employee lock release failed', { error: errorName(error) });
      });
  }
}
