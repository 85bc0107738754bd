/**
 * One attempt at one offboarding job, once the plan found the employee: claims each device's key (one action
 * per device per termination), writes the intent, sends through the planner, records what happened.
 */
import {
  HexnodeAuthenticationError,
  HexnodeError,
  HexnodeRateLimitError,
  type OffboardingPlan,
  type OffboardingPlanner,
  type PartialExecution,
} from '@hexnode-offboard/core';
import { canonicalJson } from '../audit/chain.js';
import { sanitizeText } from '../audit/sanitize.js';
import type { AuditEntry, IdempotencyScope, LockClaim, OffboardStore } from '../store/types.js';
import { PermanentJobError, RetryLaterError } from './errors.js';
import type { OffboardJobPayload } from './offboard-job.js';
import type { Job, JsonValue } from './types.js';

/** What a finished job stored as its result: device ids by what happened to them. */
export interface OffboardResult {
  [key: string]: JsonValue;
  action: string;
  hexnodeUserId: number | null;
  sent: number[];
  /** Hexnode may have acted (a failed call that may have got through, or a worker that died after its intent). */
  uncertain: number[];
  /** Acted on by an earlier attempt or job of this termination. */
  earlier: number[];
  /** Left out by the ownership re-check: `{ id, reason }`. */
  refused: { id: number; reason: string }[];
}

// No HRMS actor id contains NUL: this scope cannot collide with a person's idempotency keys.
const DEVICE_ACTOR = '\u0000termination-device';

export interface RunContext {
  store: OffboardStore;
  actor: { id: string; name: string };
  keyTtlMs: number;
  now: () => number;
  /** The employee's lock this attempt holds, as of a time: the intent is written only while it still does. */
  lock?: (now: number) => LockClaim;
}

/** One attempt at one job. */
export class Run {
  readonly #job: Job;
  readonly #payload: OffboardJobPayload;
  readonly #email: string;
  readonly #plan: OffboardingPlan;
  readonly #context: RunContext;
  readonly #result: OffboardResult;

  constructor(
    job: Job,
    payload: OffboardJobPayload,
    email: string,
    plan: OffboardingPlan,
    context: RunContext,
  ) {
    this.#job = job;
    this.#payload = payload;
    this.#email = email;
    this.#plan = plan;
    this.#context = context;
    this.#result = {
      action: payload.action,
      hexnodeUserId: plan.user?.id ?? null,
      sent: [],
      uncertain: [],
      earlier: [],
      refused: [],
    };
  }

  #deviceScope(deviceId: number): IdempotencyScope {
    return {
      tenant: this.#job.tenant,
      actorId: DEVICE_ACTOR,
      key: `${this.#payload.terminationId}\u0000${deviceId}`,
    };
  }

  entry(fields: Partial<AuditEntry> & Pick<AuditEntry, 'event' | 'outcome'>): AuditEntry {
    const { employee, action, options, reason, terminationId } = this.#payload;
    return {
      id: `aud_${crypto.randomUUID()}`,
      time: new Date(this.#context.now()).toISOString(),
      requestId: this.#job.id,
      auth: 'job',
      actor: this.#context.actor,
      tenant: this.#job.tenant,
      employee: {
        email: sanitizeText(this.#email, 320),
        ...(employee.name !== undefined ? { name: sanitizeText(employee.name, 200) } : {}),
        ...(employee.id !== undefined ? { id: sanitizeText(employee.id, 200) } : {}),
      },
      hexnodeUser: this.#plan.user
        ? { id: this.#plan.user.id, name: sanitizeText(this.#plan.user.name, 200) }
        : null,
      deviceIds: [],
      action,
      options: Object.keys(options).length > 0 ? { ...options } : null,
      reason: reason === null ? null : sanitizeText(reason, 1000),
      idempotencyKey: sanitizeText(`termination:${terminationId}`, 250),
      code: null,
      hexnodeStatus: null,
      attempt: this.#job.attempts,
      actionId: null,
      ...fields,
    };
  }

  /** Claims each device's key, sends one action for the devices still due, records what happened. */
  async act(planner: OffboardingPlanner): Promise<JsonValue> {
    if (this.#plan.devices.length === 0) {
      await this.#context.store.appendAudit(
        this.entry({ event: 'action', outcome: 'denied', code: 'no_devices' }),
      );
      return this.#result;
    }
    const due = await this.#claimDevices();
    if (due.length === 0) return this.#result;
    const actionId = `act_${crypto.randomUUID()}`;
    // No audit, no action: the intent is stored (durably, and only while this attempt holds the employee's lock)
    // before Hexnode hears anything.
    const { lock, now } = this.#context;
    try {
      await this.#context.store.appendAudit(
        this.entry({ event: 'action', outcome: 'allowed', deviceIds: due, actionId }),
        { durable: true, ...(lock ? { lock: lock(now()) } : {}) },
      );
    } catch (error) {
      await this.#release(due);
      throw error;
    }
    const { action, options } = this.#payload;
    let partial: PartialExecution;
    try {
      const executed = await planner.execute(this.#plan, action, due, options);
      partial = { ...executed, uncertain: [], unsent: [] };
    } catch (error) {
      if (!(error instanceof HexnodeError) || !('partial' in error)) {
        // Failed before any batch was sent (an ownership read): nothing went out.
        await this.#release(due);
        throw classify(error);
      }
      partial = (error as HexnodeError & { partial: PartialExecution }).partial;
      await this.#record(partial, actionId, error);
      throw classify(error);
    }
    await this.#record(partial, actionId, null);
    return this.#result;
  }

  async #claimDevices(): Promise<number[]> {
    const { store, keyTtlMs, now } = this.#context;
    const fingerprint = canonicalJson({ action: this.#payload.action, options: this.#payload.options });
    const due: number[] = [];
    let announced: Set<number> | undefined;
    for (const device of this.#plan.devices) {
      const claim = await store.claimIdempotencyKey({
        ...this.#deviceScope(device.id),
        fingerprint,
        now: now(),
        ttlMs: keyTtlMs,
      });
      if (claim.status === 'claimed') due.push(device.id);
      else if (claim.status !== 'in_flight') this.#result.earlier.push(device.id);
      else {
        // An attempt that died left it in flight (this run holds the employee's lock).
        announced ??= await this.#announcedDevices();
        if (!announced.has(device.id)) due.push(device.id);
        else {
          this.#result.uncertain.push(device.id);
          await this.#complete([device.id], 'uncertain');
        }
      }
    }
    return due;
  }

  /** Devices named in an intent record of this termination. */
  async #announcedDevices(): Promise<Set<number>> {
    const { tenant, employee, idempotencyKey } = this.entry({ event: 'action', outcome: 'allowed' });
    const records = await this.#context.store.readAudit({
      tenant,
      employeeEmail: employee!.email,
      events: ['action'],
      outcomes: ['allowed'],
    });
    return new Set(
      records
        .filter((record) => record.auth === 'job' && record.idempotencyKey === idempotencyKey)
        .flatMap((record) => record.deviceIds),
    );
  }

  async #record(partial: PartialExecution, actionId: string, error: unknown): Promise<void> {
    const status = error instanceof HexnodeError ? (error.status ?? null) : null;
    this.#result.sent.push(...partial.sent);
    this.#result.uncertain.push(...partial.uncertain);
    this.#result.refused.push(...partial.refused);
    const store = this.#context.store;
    if (partial.sent.length > 0) {
      await store.appendAudit(
        this.entry({
          event: 'action_result',
          outcome: 'sent',
          deviceIds: partial.sent,
          hexnodeStatus: 200,
          actionId,
        }),
      );
    }
    // Not the employee's (`device_not_owned`), or not offered this action (core's offers rule: a personal or
    // unknown-ownership device is never wiped, a corporate wipe without configured fields is never sent).
    const notOwned = new Set(['not_in_plan', 'not_found', 'not_owned']);
    for (const code of ['device_not_owned', 'action_not_offered'] as const) {
      const ids = partial.refused
        .filter((refusal) => notOwned.has(refusal.reason) === (code === 'device_not_owned'))
        .map((refusal) => refusal.id);
      if (ids.length === 0) continue;
      await store.appendAudit(
        this.entry({ event: 'action_result', outcome: 'failed', code, deviceIds: ids, actionId }),
      );
    }
    if (error !== null) {
      await store.appendAudit(
        this.entry({
          event: 'action_result',
          outcome: 'failed',
          code: error instanceof HexnodeRateLimitError ? 'rate_limited' : 'hexnode_unavailable',
          deviceIds: [...partial.uncertain, ...partial.unsent],
          hexnodeStatus: status,
          actionId,
        }),
      );
    }
    await this.#complete(partial.sent, 'sent');
    await this.#complete(partial.uncertain, 'uncertain');
    await this.#complete(
      partial.refused.map((refusal) => refusal.id),
      'refused',
    );
    await this.#release(partial.unsent);
  }

  async #complete(deviceIds: number[], outcome: 'sent' | 'uncertain' | 'refused'): Promise<void> {
    for (const id of deviceIds) {
      await this.#context.store.completeIdempotencyKey(this.#deviceScope(id), {
        status: 200,
        body: JSON.stringify({ outcome, jobId: this.#job.id }),
        contentType: 'application/json',
      });
    }
  }

  async #release(deviceIds: number[]): Promise<void> {
    for (const id of deviceIds) await this.#context.store.releaseIdempotencyKey(this.#deviceScope(id));
  }
}

/** What the worker should do about a failed Hexnode call. */
export function classify(error: unknown): unknown {
  if (error instanceof HexnodeRateLimitError) {
    return new RetryLaterError(
      'hexnode_throttled',
      'Hexnode is throttling calls',
      (error.retryAfter ?? 60) * 1000,
    );
  }
  if (error instanceof HexnodeAuthenticationError) {
    return new PermanentJobError('hexnode_misconfigured', 'Hexnode refused the API key');
  }
  if (error instanceof HexnodeError) {
    // Transient: tried again after a backoff.
    return Object.assign(new Error(`Hexnode did not answer (${error.name})`), {
      name: 'hexnode_unavailable',
    });
  }
  return error;
}
