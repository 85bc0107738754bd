/**
 * A job queue in memory: for tests, demos and the browser. Jobs are lost when the process ends; use the
 * PostgreSQL store (`@hexnode-offboard/proxy/postgres`) for a queue that survives and is shared.
 * Every method runs start to end without yielding, so claims never overlap.
 */
import {
  applyDecision,
  heldApproval,
  newJobRecord,
  type ClaimJobsRequest,
  type DecideResult,
  type HoldJob,
  type JobDecision,
  type EnqueueResult,
  type FailJob,
  type Job,
  type JobLease,
  type JobQuery,
  type JobQueue,
  type JsonValue,
  type NewJob,
} from './types.js';

const clone = <T>(value: T): T => structuredClone(value);

export class MemoryJobQueue implements JobQueue {
  readonly #jobs = new Map<string, Job>();
  readonly #byKey = new Map<string, string>();

  async enqueueJob(job: NewJob, now: number): Promise<EnqueueResult> {
    const record = newJobRecord(job, now);
    const existing = this.#byKey.get(job.dedupeKey);
    if (existing !== undefined) return { job: clone(this.#jobs.get(existing)!), created: false };
    const stored: Job = { ...record, payload: clone(record.payload) };
    this.#jobs.set(stored.id, stored);
    this.#byKey.set(stored.dedupeKey, stored.id);
    return { job: clone(stored), created: true };
  }

  async claimJobs(request: ClaimJobsRequest): Promise<Job[]> {
    const { now } = request;
    const due: Job[] = [];
    for (const job of this.#jobs.values()) {
      if (request.kinds && !request.kinds.includes(job.kind)) continue;
      const expired = job.state === 'running' && (job.lockedUntil ?? 0) <= now;
      if (expired && job.attempts >= job.maxAttempts) {
        Object.assign(job, deadFields(now, leaseLostReason(job)));
        continue;
      }
      if ((job.state === 'scheduled' && job.runAt <= now) || expired) due.push(job);
    }
    due.sort((a, b) => a.runAt - b.runAt);
    return due.slice(0, Math.max(0, request.limit)).map((job) => {
      Object.assign(job, {
        state: 'running',
        attempts: job.attempts + 1,
        lockedBy: request.workerId,
        lockedUntil: now + request.leaseMs,
        updatedAt: now,
      });
      return clone(job);
    });
  }

  async extendJobLease(lease: JobLease & { leaseMs: number }): Promise<boolean> {
    const job = this.#held(lease);
    if (job) Object.assign(job, { lockedUntil: lease.now + lease.leaseMs, updatedAt: lease.now });
    return job !== null;
  }

  async completeJob(lease: JobLease & { result: JsonValue }): Promise<boolean> {
    const job = this.#held(lease);
    if (job) {
      Object.assign(job, {
        state: 'done',
        result: clone(lease.result),
        lockedBy: null,
        lockedUntil: null,
        updatedAt: lease.now,
        finishedAt: lease.now,
      });
    }
    return job !== null;
  }

  async failJob(lease: FailJob): Promise<boolean> {
    const job = this.#held(lease);
    if (!job) return false;
    if (lease.retryAt === null) Object.assign(job, deadFields(lease.now, lease.error));
    else {
      Object.assign(job, {
        state: 'scheduled',
        runAt: lease.retryAt,
        attempts: lease.refundAttempt ? Math.max(0, job.attempts - 1) : job.attempts,
        lastError: lease.error,
        lockedBy: null,
        lockedUntil: null,
        updatedAt: lease.now,
      });
    }
    return true;
  }

  async holdJob(hold: HoldJob): Promise<boolean> {
    const job = this.#held(hold);
    if (!job) return false;
    Object.assign(job, {
      state: 'awaiting_approval',
      attempts: Math.max(0, job.attempts - 1),
      approval: heldApproval(hold.approval, hold.now),
      lockedBy: null,
      lockedUntil: null,
      updatedAt: hold.now,
    });
    return true;
  }

  async decideJob(decision: JobDecision): Promise<DecideResult> {
    const job = this.#jobs.get(decision.id) ?? null;
    const { outcome, changes } = applyDecision(job, decision);
    if (job && changes) Object.assign(job, clone(changes));
    return { outcome, job: job && outcome !== 'not_found' ? clone(job) : null };
  }

  async requeueJob(id: string, runAt: number, now: number): Promise<boolean> {
    const job = this.#jobs.get(id);
    if (job?.state !== 'dead') return false;
    Object.assign(job, { state: 'scheduled', runAt, attempts: 0, finishedAt: null, updatedAt: now });
    return true;
  }

  async getJob(id: string): Promise<Job | null> {
    const job = this.#jobs.get(id);
    return job ? clone(job) : null;
  }

  async listJobs(query: JobQuery = {}): Promise<Job[]> {
    return [...this.#jobs.values()]
      .filter(
        (job) =>
          (query.state === undefined || job.state === query.state) &&
          (query.tenant === undefined || job.tenant === query.tenant) &&
          (query.kind === undefined || job.kind === query.kind),
      )
      .reverse()
      .slice(0, query.limit ?? 100)
      .map(clone);
  }

  #held(lease: JobLease): Job | null {
    const job = this.#jobs.get(lease.id);
    return job?.state === 'running' && job.lockedBy === lease.workerId ? job : null;
  }
}

/** The fields of a job given up on. */
function deadFields(now: number, reason: string): Partial<Job> {
  return {
    state: 'dead',
    lastError: reason,
    lockedBy: null,
    lockedUntil: null,
    updatedAt: now,
    finishedAt: now,
  };
}

/** Why a job whose worker stopped answering on its last attempt is dead-lettered (the same text as PostgreSQL's). */
function leaseLostReason(job: Pick<Job, 'attempts' | 'maxAttempts'>): string {
  return `worker_lost: the worker running attempt ${job.attempts} of ${job.maxAttempts} stopped answering`;
}

/** A job queue in memory (tests, demos). */
export function createMemoryJobQueue(): JobQueue {
  return new MemoryJobQueue();
}
