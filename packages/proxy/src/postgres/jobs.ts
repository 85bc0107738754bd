/**
 * The job queue on PostgreSQL. A claim takes due rows with `FOR UPDATE SKIP LOCKED` and marks them running in
 * the same statement, so concurrent workers (in any process) skip each other's rows instead of waiting for
 * them or taking them twice. Every other change is one statement guarded by the worker's lease.
 */
import type pg from 'pg';
import type { SchemaPool } from './schema-pool.js';
import {
  applyDecision,
  heldApproval,
  newJobRecord,
  type ClaimJobsRequest,
  type DecideResult,
  type HoldJob,
  type JobApproval,
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
import { toNumber } from './db.js';
import { decodeText, encodeText } from './text.js';

interface JobRow {
  seq: string;
  id: string;
  kind: string;
  tenant: string | null;
  dedupe_key: string;
  payload: string;
  state: Job['state'];
  run_at: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  result: string | null;
  locked_by: string | null;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  approval: string | null;
}

const optionalNumber = (value: string | null) => (value === null ? null : toNumber(value));

function toJob(row: JobRow): Job {
  const job: Job = {
    id: row.id,
    kind: row.kind,
    tenant: decodeText(row.tenant),
    dedupeKey: decodeText(row.dedupe_key),
    payload: JSON.parse(row.payload) as JsonValue,
    state: row.state,
    runAt: toNumber(row.run_at),
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    result: row.result === null ? null : (JSON.parse(row.result) as JsonValue),
    lockedBy: row.locked_by,
    lockedUntil: optionalNumber(row.locked_until),
    createdAt: toNumber(row.created_at),
    updatedAt: toNumber(row.updated_at),
    finishedAt: optionalNumber(row.finished_at),
  };
  if (row.approval !== null) job.approval = JSON.parse(row.approval) as JobApproval;
  return job;
}

/** A running job held by this lease (`$1` the job id, `$2` the worker). */
const HELD = `id = $1 AND state = 'running' AND locked_by = $2`;

/** The queue over a pool, in the schema `s` (quoted); every query waits for `ready` (the schema migrated). */
export class PostgresJobQueue implements JobQueue {
  readonly #db: SchemaPool;
  readonly #s: string;

  constructor(db: SchemaPool) {
    this.#db = db;
    this.#s = db.s;
  }

  #query<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    return this.#db.query<R>(text, values);
  }

  async enqueueJob(job: NewJob, now: number): Promise<EnqueueResult> {
    const s = this.#s;
    const record = newJobRecord(job, now);
    const inserted = await this.#query<JobRow>(
      `INSERT INTO ${s}.jobs (id, kind, tenant, dedupe_key, payload, state, run_at, max_attempts, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'scheduled', $6, $7, $8, $8)
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING *`,
      [
        record.id,
        record.kind,
        encodeText(record.tenant),
        encodeText(record.dedupeKey),
        JSON.stringify(record.payload),
        record.runAt,
        record.maxAttempts,
        record.createdAt,
      ],
    );
    if (inserted.rows[0]) return { job: toJob(inserted.rows[0]), created: true };
    const existing = await this.#query<JobRow>(`SELECT * FROM ${s}.jobs WHERE dedupe_key = $1`, [
      encodeText(job.dedupeKey),
    ]);
    if (!existing.rows[0]) throw new Error('A job with this dedupeKey conflicted but cannot be read.');
    return { job: toJob(existing.rows[0]), created: false };
  }

  async claimJobs(request: ClaimJobsRequest): Promise<Job[]> {
    const s = this.#s;
    const kinds = request.kinds ?? null;
    // A job whose worker died on its last attempt is given up, not run again.
    await this.#query(
      `UPDATE ${s}.jobs SET state = 'dead',
         last_error = 'worker_lost: the worker running attempt ' || attempts || ' of ' || max_attempts || ' stopped answering',
         locked_by = NULL, locked_until = NULL, updated_at = $1, finished_at = $1
       WHERE state = 'running' AND locked_until <= $1 AND attempts >= max_attempts
         AND ($2::text[] IS NULL OR kind = ANY($2::text[]))`,
      [request.now, kinds],
    );
    const { rows } = await this.#query<JobRow>(
      `UPDATE ${s}.jobs SET state = 'running', attempts = attempts + 1, locked_by = $2,
         locked_until = $1::bigint + $3::bigint, updated_at = $1
       WHERE id IN (
         SELECT id FROM ${s}.jobs
         WHERE ((state = 'scheduled' AND run_at <= $1) OR (state = 'running' AND locked_until <= $1))
           AND ($5::text[] IS NULL OR kind = ANY($5::text[]))
         ORDER BY run_at
         LIMIT $4
         FOR UPDATE SKIP LOCKED
       )
       RETURNING *`,
      [request.now, request.workerId, request.leaseMs, Math.max(0, request.limit), kinds],
    );
    return rows.map(toJob).sort((a, b) => a.runAt - b.runAt);
  }

  async extendJobLease(lease: JobLease & { leaseMs: number }): Promise<boolean> {
    const result = await this.#query(
      `UPDATE ${this.#s}.jobs SET locked_until = $3::bigint + $4::bigint, updated_at = $3 WHERE ${HELD}`,
      [lease.id, lease.workerId, lease.now, lease.leaseMs],
    );
    return result.rowCount === 1;
  }

  async completeJob(lease: JobLease & { result: JsonValue }): Promise<boolean> {
    const result = await this.#query(
      `UPDATE ${this.#s}.jobs SET state = 'done', result = $4, locked_by = NULL, locked_until = NULL,
         updated_at = $3, finished_at = $3
       WHERE ${HELD}`,
      [lease.id, lease.workerId, lease.now, JSON.stringify(lease.result)],
    );
    return result.rowCount === 1;
  }

  async failJob(lease: FailJob): Promise<boolean> {
    const s = this.#s;
    const result =
      lease.retryAt === null
        ? await this.#query(
            `UPDATE ${s}.jobs SET state = 'dead', last_error = $4, locked_by = NULL, locked_until = NULL,
               updated_at = $3, finished_at = $3
             WHERE ${HELD}`,
            [lease.id, lease.workerId, lease.now, lease.error],
          )
        : await this.#query(
            `UPDATE ${s}.jobs SET state = 'scheduled', run_at = $5, last_error = $4, locked_by = NULL,
               locked_until = NULL, updated_at = $3,
               attempts = CASE WHEN $6 THEN greatest(attempts - 1, 0) ELSE attempts END
             WHERE ${HELD}`,
            [lease.id, lease.workerId, lease.now, lease.error, lease.retryAt, lease.refundAttempt === true],
          );
    return result.rowCount === 1;
  }

  async holdJob(hold: HoldJob): Promise<boolean> {
    const result = await this.#query(
      `UPDATE ${this.#s}.jobs SET state = 'awaiting_approval', approval = $4, locked_by = NULL,
         locked_until = NULL, updated_at = $3, attempts = greatest(attempts - 1, 0)
       WHERE ${HELD}`,
      [hold.id, hold.workerId, hold.now, JSON.stringify(heldApproval(hold.approval, hold.now))],
    );
    return result.rowCount === 1;
  }

  async decideJob(decision: JobDecision): Promise<DecideResult> {
    const s = this.#s;
    // The row is locked while it is checked and written: two approvers racing decide once.
    return this.#db.transaction(async (client) => {
      const { rows } = await client.query<JobRow>(`SELECT * FROM ${s}.jobs WHERE id = $1 FOR UPDATE`, [
        decision.id,
      ]);
      const job = rows[0] ? toJob(rows[0]) : null;
      const { outcome, changes } = applyDecision(job, decision);
      if (!job || outcome === 'not_found') return { outcome, job: null };
      if (!changes) return { outcome, job };
      const next: Job = { ...job, ...changes };
      await client.query(
        `UPDATE ${s}.jobs SET state = $2, run_at = $3, last_error = $4, updated_at = $5, finished_at = $6,
           approval = $7
         WHERE id = $1`,
        [
          job.id,
          next.state,
          next.runAt,
          next.lastError,
          decision.now,
          next.finishedAt,
          JSON.stringify(next.approval),
        ],
      );
      return { outcome, job: next };
    });
  }

  async requeueJob(id: string, runAt: number, now: number): Promise<boolean> {
    const result = await this.#query(
      `UPDATE ${this.#s}.jobs SET state = 'scheduled', run_at = $2, attempts = 0, finished_at = NULL, updated_at = $3
       WHERE id = $1 AND state = 'dead'`,
      [id, runAt, now],
    );
    return result.rowCount === 1;
  }

  async getJob(id: string): Promise<Job | null> {
    const { rows } = await this.#query<JobRow>(`SELECT * FROM ${this.#s}.jobs WHERE id = $1`, [id]);
    return rows[0] ? toJob(rows[0]) : null;
  }

  async listJobs(filter: JobQuery = {}): Promise<Job[]> {
    const where: string[] = [];
    const values: unknown[] = [];
    const param = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    if (filter.state !== undefined) where.push(`state = ${param(filter.state)}`);
    if (filter.tenant !== undefined)
      where.push(filter.tenant === null ? 'tenant IS NULL' : `tenant = ${param(encodeText(filter.tenant))}`);
    if (filter.kind !== undefined) where.push(`kind = ${param(filter.kind)}`);
    const { rows } = await this.#query<JobRow>(
      `SELECT * FROM ${this.#s}.jobs${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
       ORDER BY seq DESC LIMIT ${param(Math.max(0, Math.trunc(filter.limit ?? 100)))}`,
      values,
    );
    return rows.map(toJob);
  }
}
