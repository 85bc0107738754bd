/**
 * The durable job queue: work that must happen later or without a person waiting (a termination's lock or
 * wipe at its effective time). Delivery is at least once: a job is claimed for a lease, and a job whose
 * worker stopped answering is claimed again once the lease runs out, so every executor must be idempotent
 * (the offboarding executor keys each device's action on the termination and the device).
 *
 * Implementations: the memory queue (tests, demos) and the PostgreSQL store (`FOR UPDATE SKIP LOCKED`, so
 * any number of workers in any number of processes share one queue). All times are epoch milliseconds
 * passed in by the caller, so that tests drive the queue with a fake clock.
 */

/**
 * `scheduled`: waiting for `runAt` (or for a retry); `running`: claimed by a worker; `awaiting_approval`: held
 * by the two-person rule until someone other than its requester approves it (never claimed meanwhile); `done`;
 * `dead`: given up (or rejected).
 */
export type JobState = 'scheduled' | 'running' | 'awaiting_approval' | 'done' | 'dead';

export const JOB_STATES: readonly JobState[] = ['scheduled', 'running', 'awaiting_approval', 'done', 'dead'];

/** Why a job waits for a second approver. */
export type ApprovalReason = 'too_many_devices' | 'names_group';

/** What a held job would do, recorded when it is held: the second approver approves exactly this. */
export interface ApprovalRequest {
  reasons: ApprovalReason[];
  /** The action it would take. */
  action: string;
  /** The devices it would act on. */
  deviceIds: number[];
  /** The group the job names, when it names one. */
  group: { kind: 'user' | 'device'; name: string } | null;
  /** Who asked for the job (an HRMS actor id, or the webhook's source): never its approver. */
  requestedBy: string;
}

export interface JobApproval extends ApprovalRequest {
  /** When the job was held. */
  heldAt: number;
  decision: 'approved' | 'rejected' | null;
  decidedBy: { id: string; name: string } | null;
  decidedAt: number | null;
  /** The approver's note, or the rejection's reason. */
  note: string | null;
}

/** A second person's decision on a held job. */
export interface JobDecision {
  id: string;
  decision: 'approved' | 'rejected';
  by: { id: string; name: string };
  note?: string | null;
  now: number;
  /** Only a job of this tenant (undefined: any tenant). */
  tenant?: string | null;
}

/**
 * `decided`: the job is scheduled to run now (approved) or dead (rejected); `unchanged`: this person already
 * made this decision (a repeated request); `requester`: refused, the person deciding asked for the job;
 * `not_awaiting`: the job is not held for approval; `not_found`: no such job (in this tenant).
 */
export interface DecideResult {
  outcome: 'decided' | 'unchanged' | 'requester' | 'not_awaiting' | 'not_found';
  job: Job | null;
}

/** Values a job carries and returns: plain JSON. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface NewJob {
  /** What the job does; the worker picks its executor by it (e.g. `offboard`). */
  kind: string;
  tenant: string | null;
  /**
   * At most one job per key, ever: enqueueing a key that exists returns the existing job (a webhook delivered
   * three times is one job). Callers scope it themselves (tenant, source, the sender's id).
   */
  dedupeKey: string;
  payload: JsonValue;
  /** When the job becomes due (epoch ms). */
  runAt: number;
  /** Attempts before the job is dead-lettered. Default {@link DEFAULT_MAX_ATTEMPTS}. */
  maxAttempts?: number;
}

export interface Job {
  /** `job_...`. */
  id: string;
  kind: string;
  tenant: string | null;
  dedupeKey: string;
  payload: JsonValue;
  state: JobState;
  /** When it is due: the first run, then each retry. */
  runAt: number;
  /** Claims so far (the running one included). */
  attempts: number;
  maxAttempts: number;
  /** Why the last attempt failed; for a dead job, why it was given up. */
  lastError: string | null;
  /** What the executor returned, once done. */
  result: JsonValue | null;
  /** The worker holding the job and until when, while running. */
  lockedBy: string | null;
  lockedUntil: number | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
  /** Present once the job was held for a second approver: what it would do, and the decision. */
  approval?: JobApproval;
}

export interface EnqueueResult {
  job: Job;
  /** False when a job with this `dedupeKey` existed already (and `job` is that one). */
  created: boolean;
}

export interface ClaimJobsRequest {
  workerId: string;
  now: number;
  /** Most jobs to claim. */
  limit: number;
  /** How long the claim holds before another worker may take the job again. */
  leaseMs: number;
  /** Only these kinds. Default: every kind. */
  kinds?: string[];
}

export interface JobLease {
  id: string;
  workerId: string;
  now: number;
}

export interface FailJob extends JobLease {
  error: string;
  retryAt: number | null;
  refundAttempt?: boolean;
}

export interface HoldJob extends JobLease {
  approval: ApprovalRequest;
}

export interface JobQuery {
  state?: JobState;
  tenant?: string | null;
  kind?: string;
  /** Most jobs (newest first). Default 100. */
  limit?: number;
}

export interface JobQueue {
  /** Stores a job, or finds the one with the same `dedupeKey`. Resolves once the job survives a crash. */
  enqueueJob(job: NewJob, now: number): Promise<EnqueueResult>;
  /**
   * Claims due jobs, oldest `runAt` first: scheduled jobs whose `runAt` has come, and running jobs whose lease
   * ran out (their worker died). Each claim counts an attempt. A job whose lease ran out on its last attempt is
   * dead-lettered instead. Two concurrent claims never return the same job.
   */
  claimJobs(request: ClaimJobsRequest): Promise<Job[]>;
  /** Extends a running job's lease; false when this worker no longer holds it. */
  extendJobLease(lease: JobLease & { leaseMs: number }): Promise<boolean>;
  /** Marks a held job done with its result; false when this worker no longer holds it. */
  completeJob(lease: JobLease & { result: JsonValue }): Promise<boolean>;
  /**
   * Records a failed attempt. With `retryAt`, the job is scheduled again then; with `retryAt: null` it is
   * dead-lettered with `error` as the reason. `refundAttempt`: this attempt does not count (it only waited
   * for Hexnode's announced time). False when this worker no longer holds it.
   */
  failJob(lease: FailJob): Promise<boolean>;
  /**
   * Holds a running job for a second approver (the executor found it over the two-person rule's bound): it
   * leaves the worker's hands as `awaiting_approval` with what it would do, and this attempt does not count.
   * False when this worker no longer holds it.
   */
  holdJob(hold: HoldJob): Promise<boolean>;
  /**
   * A second person's decision on a held job, in one step: approved, it is scheduled to run now (and its
   * executor acts on the approved devices only); rejected, it is dead with the reason. Refused for the job's
   * requester and for a job not held.
   */
  decideJob(decision: JobDecision): Promise<DecideResult>;
  /** Puts a dead job back in the queue (an operator fixed the cause), with a fresh count of attempts. */
  requeueJob(id: string, runAt: number, now: number): Promise<boolean>;
  getJob(id: string): Promise<Job | null>;
  /** Jobs newest first; `{ state: 'dead' }` is the dead-letter list. */
  listJobs(query?: JobQuery): Promise<Job[]>;
}

export const DEFAULT_MAX_ATTEMPTS = 20;

/** The approval record of a job just held. */
export function heldApproval(request: ApprovalRequest, now: number): JobApproval {
  return {
    reasons: [...request.reasons],
    action: request.action,
    deviceIds: [...request.deviceIds],
    group: request.group ? { ...request.group } : null,
    requestedBy: request.requestedBy,
    heldAt: now,
    decision: null,
    decidedBy: null,
    decidedAt: null,
    note: null,
  };
}

/**
 * Applies a decision to a job read inside the queue's transaction: the outcome, and the job's new fields when
 * it changes. Every queue decides with this one rule.
 */
export function applyDecision(
  job: Job | null,
  decision: JobDecision,
): { outcome: DecideResult['outcome']; changes: Partial<Job> | null } {
  if (!job || (decision.tenant !== undefined && job.tenant !== decision.tenant))
    return { outcome: 'not_found', changes: null };
  const approval = job.approval;
  if (
    approval?.decision === decision.decision &&
    approval.decidedBy?.id === decision.by.id &&
    job.state !== 'awaiting_approval'
  )
    return { outcome: 'unchanged', changes: null };
  if (job.state !== 'awaiting_approval' || !approval) return { outcome: 'not_awaiting', changes: null };
  if (approval.requestedBy === decision.by.id) return { outcome: 'requester', changes: null };
  const note = decision.note ?? null;
  const decided: JobApproval = {
    ...approval,
    decision: decision.decision,
    decidedBy: { id: decision.by.id, name: decision.by.name },
    decidedAt: decision.now,
    note,
  };
  if (decision.decision === 'approved') {
    return {
      outcome: 'decided',
      changes: { state: 'scheduled', runAt: decision.now, updatedAt: decision.now, approval: decided },
    };
  }
  return {
    outcome: 'decided',
    changes: {
      state: 'dead',
      lastError: `job_rejected: rejected by ${decision.by.id}${note ? `: ${note}` : ''}`.slice(0, 1000),
      updatedAt: decision.now,
      finishedAt: decision.now,
      approval: decided,
    },
  };
}

/** Checks a new job's fields; a bad job is refused before anything is stored. */
export function checkNewJob(job: NewJob): void {
  if (typeof job?.kind !== 'string' || job.kind === '' || job.kind.length > 100)
    throw new TypeError('A job needs a kind (1 to 100 characters).');
  if (typeof job.dedupeKey !== 'string' || job.dedupeKey === '' || job.dedupeKey.length > 1000)
    throw new TypeError('A job needs a dedupeKey (1 to 1000 characters).');
  if (job.tenant !== null && (typeof job.tenant !== 'string' || job.tenant === ''))
    throw new TypeError('A job tenant is a non-empty string or null.');
  if (!Number.isSafeInteger(job.runAt) || job.runAt < 0)
    throw new TypeError('A job runAt is a time in epoch milliseconds.');
  const max = job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(max) || max < 1 || max > 1000)
    throw new TypeError('A job maxAttempts is an integer from 1 to 1000.');
}

/**
 * The record a queue stores for a new job, once its fields are checked: a fresh id, scheduled at `runAt`, no
 * attempt yet, created and updated `now`. Every queue enqueues this record (the payload is the caller's value).
 */
export function newJobRecord(job: NewJob, now: number): Job {
  checkNewJob(job);
  return {
    id: `job_${crypto.randomUUID()}`,
    kind: job.kind,
    tenant: job.tenant,
    dedupeKey: job.dedupeKey,
    payload: job.payload,
    state: 'scheduled',
    runAt: job.runAt,
    attempts: 0,
    maxAttempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    lastError: null,
    result: null,
    lockedBy: null,
    lockedUntil: null,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  };
}
