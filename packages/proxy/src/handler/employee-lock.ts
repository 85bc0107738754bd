/**
 * One action at a time per employee: two HR admins (or two tabs) with different idempotency keys cannot both
 * pass the "acted before" check and send. The lock is this request's (a random owner token): only it can
 * release it, and the action's intent is written only while the store confirms it still holds it.
 */
import { ProblemError } from '../http/problem.js';
import type { LockClaim, OffboardStore } from '../store/types.js';
import { errorName, newId, type RequestContext } from './context.js';

/** How long a lock holds if its process dies before releasing it; writing the intent extends it once. */
export const EMPLOYEE_LOCK_TTL_MS = 2 * 60 * 1000;

export class EmployeeLock {
  readonly #store: OffboardStore;
  readonly #tenant: string | null;
  readonly #name: string;
  readonly #owner = newId('lock');

  private constructor(store: OffboardStore, tenant: string | null, email: string) {
    this.#store = store;
    this.#tenant = tenant;
    this.#name = email;
  }

  /** Claims the employee's lock for this request; `null` while another request holds it. */
  static async claim(
    ctx: RequestContext,
    tenant: string | null,
    email: string,
  ): Promise<EmployeeLock | null> {
    const lock = new EmployeeLock(ctx.config.store, tenant, email);
    const result = await ctx.config.store.claimLock(lock.claim(ctx.now())).catch((error: unknown) => {
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

  /** Gives the lock back if this request still holds it; a failure is logged (the lock expires on its own). */
  async release(ctx: RequestContext): Promise<void> {
    await this.#store
      .releaseLock({ tenant: this.#tenant, name: this.#name, owner: this.#owner })
      .catch((error: unknown) => {
        ctx.log('employee lock release failed', { error: errorName(error) });
      });
  }
}
