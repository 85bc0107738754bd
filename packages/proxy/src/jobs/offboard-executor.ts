/**
 * Runs an offboarding job: plans the employee's devices with core's `OffboardingPlanner`, then acts on each
 * device at most once per termination, with an audit record before Hexnode hears anything and one after.
 *
 * Exactly-once per device rests on three things in the store:
 * - the employee's lock (`claimLock`, the same lock the handler's action path takes), so two jobs of one
 *   termination, or a job and an HR admin's click, never act on one employee at once; the intent record is
 *   written only while the store confirms this attempt still holds it;
 * - an idempotency key per (termination, device), claimed before acting and completed with what happened;
 * - the intent record naming the devices, written before the Hexnode call. A key left in flight by a worker
 *   that died is resolved from it: named in an intent means Hexnode may have acted (never sent again),
 *   not named means nothing was sent (sent now).
 * Devices Hexnode certainly did not act on (it refused or throttled the call) get their key back, and the
 * job is tried again for them.
 */
import { normalizeEmail, type OffboardingPlanner } from '@hexnode-offboard/core';
import { sanitizeText } from '../audit/sanitize.js';
import { LockNotHeldError } from '../store/errors.js';
import type { LockClaim, OffboardStore } from '../store/types.js';
import { PermanentJobError, RetryLaterError } from './errors.js';
import { OffboardJobPayload } from './offboard-job.js';
import { classify, Run } from './offboard-run.js';
import type { Job, JsonValue } from './types.js';
import type { JobExecutor } from './worker.js';

export interface OffboardAlert {
  code: 'employee_not_found' | 'ambiguous_employee';
  jobId: string;
  tenant: string | null;
  terminationId: string;
  employeeEmail: string;
}

export interface OffboardingExecutorOptions {
  store: OffboardStore;
  /** The planner for a tenant's portal: `new OffboardingPlanner({ client, directory })`, kept by the caller. */
  planner: (tenant: string | null) => OffboardingPlanner | Promise<OffboardingPlanner>;
  /** The actor audit records name. Default `{ id: 'termination-jobs', name: 'Scheduled offboarding' }`. */
  actor?: { id: string; name: string };
  /** Told when a job cannot act on anyone: Hexnode knows no user (or several) with the email. Nothing is sent. */
  onAlert?: (alert: OffboardAlert) => void | Promise<void>;
  /** How long a device's record of this termination is kept. Default 400 days. */
  keyTtlMs?: number;
  /** How long the employee's lock holds if its worker dies. Default 5 minutes (the worker's default lease). */
  lockTtlMs?: number;
  now?: () => number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export function createOffboardingExecutor(options: OffboardingExecutorOptions): JobExecutor {
  const { store } = options;
  if (!store || typeof options.planner !== 'function') {
    throw new TypeError('createOffboardingExecutor: `store` and `planner` are required.');
  }
  const actor = {
    id: sanitizeText(options.actor?.id ?? 'termination-jobs', 200),
    name: sanitizeText(options.actor?.name ?? 'Scheduled offboarding', 200),
  };
  const keyTtlMs = options.keyTtlMs ?? 400 * DAY_MS;
  const lockTtlMs = options.lockTtlMs ?? 5 * 60 * 1000;
  const now = options.now ?? Date.now;

  return async function executeOffboarding(job: Job): Promise<JsonValue> {
    const parsed = OffboardJobPayload.safeParse(job.payload);
    if (!parsed.success) throw new PermanentJobError('invalid_job', 'the job payload is not an offboarding');
    const payload = parsed.data;
    const email = normalizeEmail(payload.employee.email);
    // The employee's lock, named as the handler names it: this attempt's own, released only by it.
    const owner = `job ${job.id} ${job.attempts} ${crypto.randomUUID()}`;
    const lock = (at: number): LockClaim => ({
      tenant: job.tenant,
      name: email,
      owner,
      now: at,
      ttlMs: lockTtlMs,
    });
    const claimed = await store.claimLock(lock(now()));
    if (claimed.status !== 'claimed') {
      // Another job of this termination, or an HR admin's action, is working on this employee: try again
      // when its lock runs out at the latest (it finished or died by then).
      const wait = Math.max(0, Math.min(lockTtlMs, claimed.expiresAt - now()));
      throw new RetryLaterError('employee_busy', 'another action on this employee is being sent', wait);
    }
    try {
      const planner = await options.planner(job.tenant);
      // Lean: no one reads this plan's ownership or pending warnings; execute re-reads every device right away.
      const plan = await hexnode(() => planner.plan(payload.employee, { reads: 'lean' }));
      const run = new Run(job, payload, email, plan, { store, actor, keyTtlMs, now, lock });
      if (plan.lookup.status !== 'found') {
        const code = plan.lookup.status === 'ambiguous' ? 'ambiguous_employee' : 'employee_not_found';
        await store.appendAudit(run.entry({ event: 'action', outcome: 'denied', code }));
        await options.onAlert?.({
          code,
          jobId: job.id,
          tenant: job.tenant,
          terminationId: payload.terminationId,
          employeeEmail: email,
        });
        throw new PermanentJobError(
          code,
          `Hexnode ${code === 'ambiguous_employee' ? 'has several users' : 'has no user'} with this email; nothing was sent`,
        );
      }
      return await run.act(planner);
    } catch (error) {
      if (error instanceof LockNotHeldError) {
        // This attempt's lock ran out before its intent (a slow Hexnode): nothing was sent; try again.
        throw new RetryLaterError('employee_busy', 'the employee lock ran out before the action was sent', 0);
      }
      throw error;
    } finally {
      // Only this attempt's own lock: one that ran out and was taken over is never released by it.
      await store.releaseLock({ tenant: job.tenant, name: email, owner }).catch(() => undefined);
    }
  };
}

/** Runs a Hexnode read, turning its failure into what the worker should do about it. */
async function hexnode<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw classify(error);
  }
}
