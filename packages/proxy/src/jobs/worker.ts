/**
 * A worker: claims due jobs from a {@link JobQueue}, runs each with the executor for its kind, and records
 * the outcome. A job that throws is tried again after an exponential backoff, or dead-lettered with the
 * reason once its attempts run out or the executor says the failure is permanent. While a job runs, its
 * lease is extended, so a slow job is not taken by another worker; a worker that dies stops extending it,
 * and another worker claims the job when the lease runs out (at-least-once delivery). An executor that finds a
 * job over the two-person rule's bound throws {@link AwaitingApprovalError}: the worker holds the job for a
 * second approver instead.
 */
import type { BudgetRoom } from '@hexnode-offboard/core';
import { AwaitingApprovalError, PermanentJobError, RetryLaterError } from './errors.js';
import type { Job, JobQueue, JsonValue } from './types.js';

export interface JobContext {
  workerId: string;
  /** The worker's clock. */
  now(): number;
}

/** Runs one job; resolves to what is stored as the job's result. Must be idempotent (see {@link JobQueue}). */
export type JobExecutor = (job: Job, context: JobContext) => Promise<JsonValue>;

export interface BackoffOptions {
  /** Wait before the second attempt. Default 10 s. */
  initialMs?: number;
  /** Each further wait is this many times the last. Default 2. */
  factor?: number;
  /** The longest wait. Default 1 hour. */
  maxMs?: number;
  /** Each wait is spread by up to this fraction either way, so retries after an outage do not all land at once. Default 0.2. */
  jitter?: number;
}

export interface JobWorkerOptions {
  queue: JobQueue;
  /** The executor for each job kind; a job of another kind is dead-lettered (`unknown_kind`). */
  executors: Record<string, JobExecutor>;
  /** Names this worker in the queue (`lockedBy`). Default a random id. */
  workerId?: string;
  /** Jobs run at once. Default 4. */
  concurrency?: number;
  /** How often an idle worker looks for due jobs, in ms. Default 1000. */
  pollIntervalMs?: number;
  /** How long a claim holds without being extended, in ms. Default 5 minutes; extended every third of it. */
  leaseMs?: number;
  backoff?: BackoffOptions;
  /**
   * The Hexnode budget the jobs spend: the executor's client's `budget` (shared by every instance through the
   * store's `budgetStore`). With it the worker claims jobs only while the budget has room for one job's calls
   * at `action` priority, and otherwise waits until the budget expects room: due jobs and retries stay in the
   * queue, unleased, instead of being claimed only to wait for Hexnode's minute. Without it, each job's calls
   * still wait for the budget inside the job.
   */
  budget?: { room(priority: 'action', calls: number): Promise<BudgetRoom>; now(): number };
  /** The Hexnode calls one job needs, for `budget`. Default 4: a 3-device leaver's reads and its action. */
  callsPerJob?: number;
  now?: () => number;
  /** For the backoff's jitter (tests). Default `Math.random`. */
  random?: () => number;
  logger?: { error(message: string, fields?: Record<string, unknown>): void };
}

export interface JobWorker {
  readonly workerId: string;
  /** Claims due jobs once (at most `concurrency`), runs them and resolves with how many ran. */
  runOnce(): Promise<number>;
  /**
   * Runs due jobs until none is due, or (with `budget`) until the budget has no room for another job. Resolves
   * with how many ran.
   */
  drain(): Promise<number>;
  /** Polls in the background until {@link JobWorker.stop}. */
  start(): void;
  /** Stops polling and waits for the jobs that are running. */
  stop(): Promise<void>;
}

const MAX_ERROR_LENGTH = 1000;

function positiveInt(value: number | undefined, fallback: number, what: string): number {
  const result = value ?? fallback;
  if (!Number.isSafeInteger(result) || result < 1) throw new TypeError(`${what} must be a positive integer.`);
  return result;
}

/** The delay before attempt `attempt + 1`, given that `attempt` attempts failed. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random = Math.random): number {
  const initial = options.initialMs ?? 10_000;
  const factor = options.factor ?? 2;
  const max = options.maxMs ?? 60 * 60 * 1000;
  const jitter = options.jitter ?? 0.2;
  const base = Math.min(max, initial * factor ** Math.max(0, attempt - 1));
  return Math.round(base * (1 - jitter + 2 * jitter * random()));
}

function describe(error: unknown): { code: string; message: string } {
  if (error instanceof PermanentJobError || error instanceof RetryLaterError)
    return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: error.name || 'Error', message: error.message };
  return { code: 'Error', message: String(error) };
}

/** A worker over one queue (see the top of this file); {@link createJobWorker} is its public face. */
export class QueueWorker implements JobWorker {
  readonly workerId: string;
  readonly #queue: JobQueue;
  readonly #executors: Record<string, JobExecutor>;
  readonly #concurrency: number;
  readonly #pollIntervalMs: number;
  readonly #leaseMs: number;
  readonly #backoff: BackoffOptions | undefined;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #logger: NonNullable<JobWorkerOptions['logger']>;
  readonly #context: JobContext;
  readonly #budget: JobWorkerOptions['budget'];
  readonly #callsPerJob: number;
  /** How long the budget said to wait at the last claim (0: it had room, or there is no budget). */
  #budgetWaitMs = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;

  constructor(options: JobWorkerOptions) {
    const { queue, executors } = options ?? ({} as JobWorkerOptions);
    if (!queue || typeof queue.claimJobs !== 'function')
      throw new TypeError('createJobWorker: `queue` is required.');
    if (!executors || typeof executors !== 'object')
      throw new TypeError('createJobWorker: `executors` is required.');
    this.#queue = queue;
    this.#executors = executors;
    this.workerId = options.workerId ?? `worker_${crypto.randomUUID()}`;
    this.#concurrency = positiveInt(options.concurrency, 4, 'concurrency');
    this.#pollIntervalMs = positiveInt(options.pollIntervalMs, 1000, 'pollIntervalMs');
    this.#leaseMs = positiveInt(options.leaseMs, 5 * 60 * 1000, 'leaseMs');
    this.#backoff = options.backoff;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#logger = options.logger ?? { error: (message, fields) => console.error(message, fields) };
    this.#context = { workerId: this.workerId, now: this.#now };
    if (options.budget !== undefined && typeof options.budget?.room !== 'function')
      throw new TypeError(
        "createJobWorker: `budget` must be a RequestBudget (the executor client's `budget`).",
      );
    this.#budget = options.budget;
    this.#callsPerJob = positiveInt(options.callsPerJob, 4, 'callsPerJob');
  }

  // The public methods are bound (arrow properties): callers pass `worker.drain` around as a function.

  /** Claims due jobs once (at most `concurrency`), runs them and resolves with how many ran. */
  readonly runOnce = async (): Promise<number> => {
    if (!(await this.#budgetHasRoom())) return 0;
    const jobs = await this.#queue.claimJobs({
      workerId: this.workerId,
      now: this.#now(),
      limit: this.#concurrency,
      leaseMs: this.#leaseMs,
    });
    await Promise.all(
      jobs.map((job) =>
        this.#run(job).catch((error: unknown) => {
          this.#logger.error('job outcome could not be recorded', {
            jobId: job.id,
            error: describe(error).code,
          });
        }),
      ),
    );
    return jobs.length;
  };

  readonly drain = async (): Promise<number> => {
    let total = 0;
    for (let count = await this.runOnce(); count > 0; count = await this.runOnce()) total += count;
    return total;
  };

  readonly start = (): void => {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#tick();
  };

  readonly stop = async (): Promise<void> => {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  };

  #tick(): void {
    this.#timer = undefined;
    this.#running = this.runOnce()
      .then((count) => (count === this.#concurrency ? 0 : Math.max(this.#pollIntervalMs, this.#budgetWaitMs)))
      .catch((error: unknown) => {
        this.#logger.error('claiming jobs failed', { workerId: this.workerId, error: describe(error).code });
        return this.#pollIntervalMs;
      })
      .then((wait) => {
        this.#running = undefined;
        if (!this.#stopped) this.#timer = setTimeout(() => this.#tick(), wait);
      });
  }

  /** Whether the budget has room for one job's calls now; when not, how long until it expects some. */
  async #budgetHasRoom(): Promise<boolean> {
    this.#budgetWaitMs = 0;
    if (!this.#budget) return true;
    const room = await this.#budget.room('action', this.#callsPerJob);
    if (room.ok) return true;
    this.#budgetWaitMs = Math.max(0, room.retryAt - this.#budget.now());
    return false;
  }

  async #run(job: Job): Promise<void> {
    const { workerId } = this;
    const executor = Object.hasOwn(this.#executors, job.kind) ? this.#executors[job.kind] : undefined;
    const renew = setInterval(
      () => {
        this.#queue
          .extendJobLease({ id: job.id, workerId, now: this.#now(), leaseMs: this.#leaseMs })
          .catch((error: unknown) => {
            this.#logger.error('job lease renewal failed', { jobId: job.id, error: describe(error).code });
          });
      },
      Math.max(1, Math.floor(this.#leaseMs / 3)),
    );
    try {
      if (!executor)
        throw new PermanentJobError(
          'unknown_kind',
          `no executor for jobs of kind ${JSON.stringify(job.kind)}`,
        );
      const result = await executor(job, this.#context);
      const held = await this.#queue.completeJob({ id: job.id, workerId, now: this.#now(), result });
      if (!held)
        this.#logger.error('job lease lost before its result was recorded', { jobId: job.id, workerId });
    } catch (error) {
      if (error instanceof AwaitingApprovalError) await this.#hold(job, error);
      else await this.#settle(job, error);
    } finally {
      clearInterval(renew);
    }
  }

  /** The job waits for a second approver: out of the worker's hands, this attempt not counted. */
  async #hold(job: Job, error: AwaitingApprovalError): Promise<void> {
    const { workerId } = this;
    const held = await this.#queue.holdJob({
      id: job.id,
      workerId,
      now: this.#now(),
      approval: error.approval,
    });
    if (!held)
      this.#logger.error('job lease lost before it was held for approval', { jobId: job.id, workerId });
  }

  async #settle(job: Job, error: unknown): Promise<void> {
    const { workerId } = this;
    const { code, message } = describe(error);
    const reason = `${code}: ${message}`.slice(0, MAX_ERROR_LENGTH);
    const lease = { id: job.id, workerId, now: this.#now() };
    let retryAt: number | null;
    if (error instanceof PermanentJobError) retryAt = null;
    else if (error instanceof RetryLaterError) retryAt = lease.now + Math.max(1000, error.retryAfterMs);
    else if (job.attempts >= job.maxAttempts) retryAt = null;
    else retryAt = lease.now + backoffDelay(job.attempts, this.#backoff, this.#random);
    const final =
      retryAt === null && !(error instanceof PermanentJobError)
        ? `attempts_exhausted: ${job.attempts} of ${job.maxAttempts} failed, the last with ${reason}`.slice(
            0,
            MAX_ERROR_LENGTH,
          )
        : reason;
    // Waiting for Hexnode's announced time is not a failed attempt: a throttled portal never dead-letters a job.
    const held = await this.#queue.failJob({
      ...lease,
      error: final,
      retryAt,
      refundAttempt: error instanceof RetryLaterError,
    });
    if (!held)
      this.#logger.error('job lease lost before its failure was recorded', { jobId: job.id, workerId });
  }
}

export function createJobWorker(options: JobWorkerOptions): JobWorker {
  return new QueueWorker(options);
}
