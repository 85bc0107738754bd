/**
 * The job queue in SQLite (better-sqlite3): the embedded default for zero-touch offboarding on one machine, so
 * a scheduled termination survives a restart without a database server. Each method is one `BEGIN IMMEDIATE`
 * transaction: SQLite lets one writer in at a time, so two workers (in one process or several on the same file)
 * never claim one job twice. The table is the queue's own (`offboard_jobs`); it may live in the handler's store
 * file or in a file of its own. For many machines, use the PostgreSQL store's queue.
 */
import {
  applyDecision,
  checkNewJob,
  DEFAULT_MAX_ATTEMPTS,
  heldApproval,
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
} from '../jobs/types.js';
import { openDatabase, type SqliteDatabase, type SqliteStatement } from './sqlite-driver.js';
import { addMissingColumns, SCHEMA, toJob, type JobRow } from './sqlite-jobs-table.js';

export interface SqliteJobQueueOptions {
  /** How long a writer waits for another process's lock. Default 5000 ms. */
  busyTimeoutMs?: number;
}

/** Whether a write changed one row (better-sqlite3's `run` answers `{ changes }`). */
const changedOne = (result: unknown): boolean => (result as { changes: number }).changes === 1;

/** A running job held by this lease. */
const HELD = `id = @id AND state = 'running' AND locked_by = @workerId`;
/** A job is in the claim's kinds (`@kinds`: a JSON list, or null for every kind). */
const IN_KINDS = `(@kinds IS NULL OR kind IN (SELECT value FROM json_each(@kinds)))`;

/** The queue's statements, prepared once per queue. */
const STATEMENTS = {
  insert: `INSERT INTO offboard_jobs (id, kind, tenant, dedupe_key, payload, state, run_at, max_attempts, created_at, updated_at)
     VALUES (@id, @kind, @tenant, @dedupeKey, @payload, 'scheduled', @runAt, @maxAttempts, @now, @now)
     ON CONFLICT (dedupe_key) DO NOTHING`,
  byKey: 'SELECT * FROM offboard_jobs WHERE dedupe_key = ?',
  byId: 'SELECT * FROM offboard_jobs WHERE id = ?',
  // A job whose worker died on its last attempt is given up, not run again (the same text as the others).
  buryLost: `UPDATE offboard_jobs SET state = 'dead',
       last_error = 'worker_lost: the worker running attempt ' || attempts || ' of ' || max_attempts || ' stopped answering',
       locked_by = NULL, locked_until = NULL, updated_at = @now, finished_at = @now
     WHERE state = 'running' AND locked_until <= @now AND attempts >= max_attempts AND ${IN_KINDS}`,
  due: `SELECT id FROM offboard_jobs
     WHERE ((state = 'scheduled' AND run_at <= @now) OR (state = 'running' AND locked_until <= @now))
       AND ${IN_KINDS}
     ORDER BY run_at, seq LIMIT @limit`,
  claim: `UPDATE offboard_jobs SET state = 'running', attempts = attempts + 1, locked_by = @workerId,
       locked_until = @until, updated_at = @now
     WHERE id = @id RETURNING *`,
  extend: `UPDATE offboard_jobs SET locked_until = @until, updated_at = @now WHERE ${HELD}`,
  complete: `UPDATE offboard_jobs SET state = 'done', result = @result, locked_by = NULL, locked_until = NULL,
       updated_at = @now, finished_at = @now
     WHERE ${HELD}`,
  bury: `UPDATE offboard_jobs SET state = 'dead', last_error = @error, locked_by = NULL, locked_until = NULL,
       updated_at = @now, finished_at = @now
     WHERE ${HELD}`,
  retry: `UPDATE offboard_jobs SET state = 'scheduled', run_at = @retryAt, last_error = @error, locked_by = NULL,
       locked_until = NULL, updated_at = @now,
       attempts = CASE WHEN @refund = 1 THEN max(attempts - 1, 0) ELSE attempts END
     WHERE ${HELD}`,
  hold: `UPDATE offboard_jobs SET state = 'awaiting_approval', approval = @approval, locked_by = NULL,
       locked_until = NULL, updated_at = @now, attempts = max(attempts - 1, 0)
     WHERE ${HELD}`,
  decide: `UPDATE offboard_jobs SET state = @state, run_at = @runAt, last_error = @lastError, updated_at = @now,
       finished_at = @finishedAt, approval = @approval
     WHERE id = @id AND state = 'awaiting_approval'`,
} as const;

/** Each statement prepared on `db`, under the same names. */
function prepareAll<K extends string>(
  db: SqliteDatabase,
  statements: Record<K, string>,
): Record<K, SqliteStatement> {
  const prepared = {} as Record<K, SqliteStatement>;
  for (const name of Object.keys(statements) as K[]) prepared[name] = db.prepare(statements[name]);
  return prepared;
}

/** The job queue on a SQLite file (created with its folder; WAL mode). Pass the same file to every worker. */
export class SqliteJobQueue implements JobQueue {
  readonly #db: SqliteDatabase;
  readonly #sql: Record<keyof typeof STATEMENTS, SqliteStatement>;
  readonly #claim: (request: ClaimJobsRequest) => JobRow[];
  readonly #decide: (decision: JobDecision) => DecideResult;

  constructor(path: string, options: SqliteJobQueueOptions = {}) {
    // The driver is loaded here, not when the entry is imported: better-sqlite3 is an optional peer.
    const db = openDatabase(path);
    // First, so that opening waits for another process's lock rather than failing on it.
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    db.pragma('journal_mode = WAL');
    // Every write is fsynced before it returns: an enqueued job survives a crash of the machine.
    db.pragma('synchronous = FULL');
    // One IMMEDIATE transaction: two processes opening an older file at once add its missing columns once.
    db.transaction(() => {
      db.exec(SCHEMA);
      addMissingColumns(db);
    }).immediate();
    this.#db = db;
    this.#sql = prepareAll(db, STATEMENTS);
    // One IMMEDIATE transaction: the write lock is taken before the due rows are read.
    const claim = db.transaction((request: ClaimJobsRequest): JobRow[] => {
      const kinds = request.kinds ? JSON.stringify(request.kinds) : null;
      this.#sql.buryLost.run({ now: request.now, kinds });
      const due = this.#sql.due.all({ now: request.now, kinds, limit: Math.max(0, request.limit) }) as {
        id: string;
      }[];
      const until = request.now + request.leaseMs;
      return due.map(
        ({ id }) =>
          this.#sql.claim.get({ id, workerId: request.workerId, until, now: request.now }) as JobRow,
      );
    });
    this.#claim = (request) => claim.immediate(request);
    // Read, check and write in one IMMEDIATE transaction: two approvers racing decide once.
    const decide = db.transaction((decision: JobDecision): DecideResult => {
      const row = this.#sql.byId.get(decision.id) as JobRow | undefined;
      const job = row ? toJob(row) : null;
      const { outcome, changes } = applyDecision(job, decision);
      if (!job || outcome === 'not_found') return { outcome, job: null };
      if (!changes) return { outcome, job };
      const next: Job = { ...job, ...changes };
      this.#sql.decide.run({
        id: job.id,
        state: next.state,
        runAt: next.runAt,
        lastError: next.lastError,
        now: decision.now,
        finishedAt: next.finishedAt,
        approval: JSON.stringify(next.approval),
      });
      return { outcome, job: next };
    });
    this.#decide = (decision) => decide.immediate(decision);
  }

  async enqueueJob(job: NewJob, now: number): Promise<EnqueueResult> {
    checkNewJob(job);
    const inserted = this.#sql.insert.run({
      id: `job_${crypto.randomUUID()}`,
      kind: job.kind,
      tenant: job.tenant,
      dedupeKey: job.dedupeKey,
      payload: JSON.stringify(job.payload),
      runAt: job.runAt,
      maxAttempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
      now,
    });
    const row = this.#sql.byKey.get(job.dedupeKey) as JobRow | undefined;
    if (!row) throw new Error('A job with this dedupeKey conflicted but cannot be read.');
    return { job: toJob(row), created: changedOne(inserted) };
  }

  async claimJobs(request: ClaimJobsRequest): Promise<Job[]> {
    return this.#claim(request).map(toJob);
  }

  async extendJobLease(lease: JobLease & { leaseMs: number }): Promise<boolean> {
    const until = lease.now + lease.leaseMs;
    return changedOne(
      this.#sql.extend.run({ id: lease.id, workerId: lease.workerId, now: lease.now, until }),
    );
  }

  async completeJob(lease: JobLease & { result: JsonValue }): Promise<boolean> {
    const result = JSON.stringify(lease.result);
    return changedOne(
      this.#sql.complete.run({ id: lease.id, workerId: lease.workerId, now: lease.now, result }),
    );
  }

  async failJob(lease: FailJob): Promise<boolean> {
    const held = { id: lease.id, workerId: lease.workerId, now: lease.now, error: lease.error };
    const changed =
      lease.retryAt === null
        ? this.#sql.bury.run(held)
        : this.#sql.retry.run({ ...held, retryAt: lease.retryAt, refund: lease.refundAttempt ? 1 : 0 });
    return changedOne(changed);
  }

  async holdJob(hold: HoldJob): Promise<boolean> {
    const approval = JSON.stringify(heldApproval(hold.approval, hold.now));
    return changedOne(this.#sql.hold.run({ id: hold.id, workerId: hold.workerId, now: hold.now, approval }));
  }

  async decideJob(decision: JobDecision): Promise<DecideResult> {
    return this.#decide(decision);
  }

  async requeueJob(id: string, runAt: number, now: number): Promise<boolean> {
    const changed = this.#db
      .prepare(
        `UPDATE offboard_jobs SET state = 'scheduled', run_at = ?, attempts = 0, finished_at = NULL, updated_at = ?
         WHERE id = ? AND state = 'dead'`,
      )
      .run(runAt, now, id);
    return changedOne(changed);
  }

  async getJob(id: string): Promise<Job | null> {
    const row = this.#sql.byId.get(id) as JobRow | undefined;
    return row ? toJob(row) : null;
  }

  async listJobs(query: JobQuery = {}): Promise<Job[]> {
    const rows = this.#db
      .prepare(
        `SELECT * FROM offboard_jobs
         WHERE (@state IS NULL OR state = @state)
           AND (@anyTenant = 1 OR tenant IS @tenant)
           AND (@kind IS NULL OR kind = @kind)
         ORDER BY seq DESC LIMIT @limit`,
      )
      .all({
        state: query.state ?? null,
        anyTenant: query.tenant === undefined ? 1 : 0,
        tenant: query.tenant ?? null,
        kind: query.kind ?? null,
        limit: query.limit ?? 100,
      }) as JobRow[];
    return rows.map(toJob);
  }

  /** Closes the file. */
  close(): void {
    this.#db.close();
  }
}

/** A job queue on a SQLite file: the embedded default for scheduled offboarding on one machine. */
export function createSqliteJobQueue(path: string, options: SqliteJobQueueOptions = {}): SqliteJobQueue {
  if (typeof path !== 'string' || path === '') throw new TypeError('createSqliteJobQueue needs a file path.');
  return new SqliteJobQueue(path, options);
}
