/**
 * Runs an offboarding job: plans the employee's devices with core's `OffboardingPlanner`, then acts on each
 * device at most once per termination, with an audit record before Hexnode hears anything and one after.
 *
 * Exactly-once per device rests on three things in the store:
 * - a lock per termination (an idempotency claim with a short lifetime), so two jobs of one termination never
 *   work at once (to become the store's `claimLock` once it has one);
 * - an idempotency key per (termination, device), claimed before acting and completed with what happened;
 * - the intent record naming the devices, written before the Hexnode call. A key left in flight by a worker
 *   that died is resolved from it: named in an intent means Hexnode may have acted (never sent again),
 *   not named means nothing was sent (sent now).
 * Devices Hexnode certainly did not act on (it refused or throttled the call) get their key back, and the
 * job is tried again for them.
 */
import { normalizeEmail, type OffboardingPlanner } from '@hexnode-offboard/core';
import { sanitizeText } from '../audit/sanitize.js';
import type { IdempotencyScope, OffboardStore } from '../store/types.js';
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
  /** How long a termination's lock holds if its worker dies. Default 5 minutes (the worker's default lease). */
  lockTtlMs?: number;
  now?: () => number;
}

// No HRMS actor id contains NUL: this scope cannot collide with a person's idempotency keys.
const LOCK_ACTOR = '\u0000termination-lock';
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
    const lock: IdempotencyScope = { tenant: job.tenant, actorId: LOCK_ACTOR, key: payload.terminationId };
    // The holder's own mark: released only by the attempt that holds it (see the `finally` below).
    const holder = `${job.id} ${job.attempts} ${crypto.randomUUID()}`;
    const claimed = await store.claimIdempotencyKey({
      ...lock,
      fingerprint: holder,
      now: now(),
      ttlMs: lockTtlMs,
    });
    if (claimed.status !== 'claimed') {
      // Try again when the holder's lock runs out (it finished or died by then).
      const held = await store.getIdempotencyRecord(lock);
      const wait = held ? Math.min(lockTtlMs, held.expiresAt - now()) : 0;
      throw new RetryLaterError('termination_busy', 'another job of this termination is running', wait);
    }
    try {
      const planner = await options.planner(job.tenant);
      const plan = await hexnode(() => planner.plan(payload.employee));
      const run = new Run(job, payload, email, plan, { store, actor, keyTtlMs, now });
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
    } finally {
      // Never another attempt's lock (ours may have run out and been taken over). The check and the release are
      // two calls until the store has an owned `releaseLock`; a takeover between them needs a lock that ran out
      // while this attempt was finishing.
      const current = await store.getIdempotencyRecord(lock).catch(() => null);
      if (current?.fingerprint === holder) await store.releaseIdempotencyKey(lock).catch(() => undefined);
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
