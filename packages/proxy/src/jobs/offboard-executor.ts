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
import { normalizeEmail, type OffboardingPlan, type OffboardingPlanner } from '@hexnode-offboard/core';
import { sanitizeText } from '../audit/sanitize.js';
import { LockNotHeldError } from '../store/errors.js';
import type { LockClaim, OffboardStore } from '../store/types.js';
import { approvalNeeded, checkApprovalOptions, type ApprovalOptions } from './approval.js';
import { AwaitingApprovalError, PermanentJobError, RetryLaterError } from './errors.js';
import { OffboardJobPayload } from './offboard-job.js';
import { classify, Run, type RunContext } from './offboard-run.js';
import type { Job, JsonValue } from './types.js';
import type { JobExecutor } from './worker.js';

export interface OffboardAlert {
  /** `approval_required`: the job is held for a second approver (the two-person rule); nothing was sent. */
  code: 'employee_not_found' | 'ambiguous_employee' | 'approval_required';
  jobId: string;
  tenant: string | null;
  terminationId: string;
  employeeEmail: string;
  /** For `approval_required`: the devices the job would act on. */
  deviceIds?: number[];
}

export interface OffboardingExecutorOptions {
  store: OffboardStore;
  /** The planner for a tenant's portal: `new OffboardingPlanner({ client, directory })`, kept by the caller. */
  planner: (tenant: string | null) => OffboardingPlanner | Promise<OffboardingPlanner>;
  /** The actor audit records name. Default `{ id: 'termination-jobs', name: 'Scheduled offboarding' }`. */
  actor?: { id: string; name: string };
  /**
   * The two-person rule: a job over `maxDevices` devices, or naming a group, waits for a second approver.
   * Default `{ maxDevices: 5 }`.
   */
  approval?: ApprovalOptions;
  /**
   * Told when a job cannot act on anyone (Hexnode knows no user, or several, with the email) or is held for a
   * second approver. Nothing is sent.
   */
  onAlert?: (alert: OffboardAlert) => void | Promise<void>;
  /** How long a device's record of this termination is kept. Default 400 days. */
  keyTtlMs?: number;
  /** How long the employee's lock holds if its worker dies. Default 5 minutes (the worker's default lease). */
  lockTtlMs?: number;
  now?: () => number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Runs offboarding jobs (see the top of this file); {@link createOffboardingExecutor} is its public face. */
export class OffboardingExecutor {
  readonly #store: OffboardStore;
  readonly #planner: OffboardingExecutorOptions['planner'];
  readonly #onAlert: OffboardingExecutorOptions['onAlert'];
  readonly #actor: { id: string; name: string };
  readonly #maxDevices: number;
  readonly #keyTtlMs: number;
  readonly #lockTtlMs: number;
  readonly #now: () => number;

  constructor(options: OffboardingExecutorOptions) {
    if (!options?.store || typeof options.planner !== 'function') {
      throw new TypeError('createOffboardingExecutor: `store` and `planner` are required.');
    }
    this.#store = options.store;
    this.#planner = options.planner;
    this.#onAlert = options.onAlert;
    this.#actor = {
      id: sanitizeText(options.actor?.id ?? 'termination-jobs', 200),
      name: sanitizeText(options.actor?.name ?? 'Scheduled offboarding', 200),
    };
    this.#maxDevices = checkApprovalOptions(options.approval).maxDevices;
    this.#keyTtlMs = options.keyTtlMs ?? 400 * DAY_MS;
    this.#lockTtlMs = options.lockTtlMs ?? 5 * 60 * 1000;
    this.#now = options.now ?? Date.now;
  }

  async execute(job: Job): Promise<JsonValue> {
    const parsed = OffboardJobPayload.safeParse(job.payload);
    if (!parsed.success) throw new PermanentJobError('invalid_job', 'the job payload is not an offboarding');
    const payload = parsed.data;
    const email = normalizeEmail(payload.employee.email);
    const now = this.#now;
    // The employee's lock, named as the handler names it: this attempt's own, released only by it.
    const owner = `job ${job.id} ${job.attempts} ${crypto.randomUUID()}`;
    const lockTtlMs = this.#lockTtlMs;
    const lock = (at: number): LockClaim => ({
      tenant: job.tenant,
      name: email,
      owner,
      now: at,
      ttlMs: lockTtlMs,
    });
    const claimed = await this.#store.claimLock(lock(now()));
    if (claimed.status !== 'claimed') {
      // Another job of this termination, or an HR admin's action, is working on this employee: try again
      // when its lock runs out at the latest (it finished or died by then).
      const wait = Math.max(0, Math.min(lockTtlMs, claimed.expiresAt - now()));
      throw new RetryLaterError('employee_busy', 'another action on this employee is being sent', wait);
    }
    try {
      const planner = await this.#planner(job.tenant);
      // Lean: no one reads this plan's ownership or pending warnings; execute re-reads every device right away.
      const plan = await hexnode(() => planner.plan(payload.employee, { reads: 'lean' }));
      const context = { store: this.#store, actor: this.#actor, keyTtlMs: this.#keyTtlMs, now, lock };
      return await this.#act(job, payload, email, plan, planner, context);
    } catch (error) {
      if (error instanceof LockNotHeldError) {
        // This attempt's lock ran out before its intent (a slow Hexnode): nothing was sent; try again.
        throw new RetryLaterError('employee_busy', 'the employee lock ran out before the action was sent', 0);
      }
      throw error;
    } finally {
      // Only this attempt's own lock: one that ran out and was taken over is never released by it.
      await this.#store.releaseLock({ tenant: job.tenant, name: email, owner }).catch(() => undefined);
    }
  }

  /**
   * The plan found the employee or not: not found (or ambiguous) is a dead letter and an alert; a job a second
   * person approved acts on the approved devices only; a job over the two-person rule's bound is held; any other
   * acts on the plan's devices.
   */
  async #act(
    job: Job,
    payload: OffboardJobPayload,
    email: string,
    plan: OffboardingPlan,
    planner: OffboardingPlanner,
    context: RunContext,
  ): Promise<JsonValue> {
    const run = new Run(job, payload, email, plan, context);
    if (plan.lookup.status !== 'found') {
      const code = plan.lookup.status === 'ambiguous' ? 'ambiguous_employee' : 'employee_not_found';
      await this.#store.appendAudit(run.entry({ event: 'action', outcome: 'denied', code }));
      await this.#alert(job, payload.terminationId, email, code);
      throw new PermanentJobError(
        code,
        `Hexnode ${code === 'ambiguous_employee' ? 'has several users' : 'has no user'} with this email; nothing was sent`,
      );
    }
    const approved = job.approval?.decision === 'approved' ? job.approval : null;
    if (approved) {
      // A second person approved these devices: act on them only, never on one the plan gained since.
      const allowed = new Set(approved.deviceIds);
      const approvedPlan = { ...plan, devices: plan.devices.filter((device) => allowed.has(device.id)) };
      return await new Run(job, payload, email, approvedPlan, context).act(planner);
    }
    const deviceIds = plan.devices.map((device) => device.id);
    const reasons = approvalNeeded(payload, deviceIds.length, this.#maxDevices);
    if (reasons.length > 0) {
      // Nothing is sent: the job is held with what it would do, recorded and raised before the worker holds it.
      await this.#store.appendAudit(
        run.entry({ event: 'job_approval', outcome: 'denied', code: 'approval_required', deviceIds }),
      );
      await this.#alert(job, payload.terminationId, email, 'approval_required', deviceIds);
      throw new AwaitingApprovalError({
        reasons,
        action: payload.action,
        deviceIds,
        group: payload.group ?? null,
        requestedBy: payload.requestedBy ?? (payload.source === 'webhook' ? 'hrms:webhook' : 'hrms:schedule'),
      });
    }
    return await run.act(planner);
  }

  async #alert(
    job: Job,
    terminationId: string,
    employeeEmail: string,
    code: OffboardAlert['code'],
    deviceIds?: number[],
  ): Promise<void> {
    await this.#onAlert?.({
      code,
      jobId: job.id,
      tenant: job.tenant,
      terminationId,
      employeeEmail,
      ...(deviceIds ? { deviceIds } : {}),
    });
  }
}

export function createOffboardingExecutor(options: OffboardingExecutorOptions): JobExecutor {
  const executor = new OffboardingExecutor(options);
  return async function executeOffboarding(job: Job): Promise<JsonValue> {
    return executor.execute(job);
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
