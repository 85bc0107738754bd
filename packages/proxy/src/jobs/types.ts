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

/** `scheduled`: waiting for `runAt` (or for a retry); `running`: claimed by a worker; `done`; `dead`: given up. */
export type JobState = 'scheduled' | 'running' | 'done' | 'dead';

export const JOB_STATES: readonly JobState[] = ['scheduled', 'running', 'done', 'dead'];

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
  /** Puts a dead job back in the queue (an operator fixed the cause), with a fresh count of attempts. */
  requeueJob(id: string, runAt: number, now: number): Promise<boolean>;
  getJob(id: string): Promise<Job | null>;
  /** Jobs newest first; `{ state: 'dead' }` is the dead-letter list. */
  listJobs(query?: JobQuery): Promise<Job[]>;
}

export const DEFAULT_MAX_ATTEMPTS = 20;

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
