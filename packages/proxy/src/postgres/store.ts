/**
 * The store on PostgreSQL, for several handler instances (and workers) sharing one state: the audit chain,
 * idempotency records, rate-limit events and the job queue. Every operation is atomic across connections
 * and instances: a claim is one statement, an append locks the chain's head row, a rate window locks its
 * key (`pg_advisory_xact_lock`), a job claim skips rows another worker holds. Every commit waits for the
 * server's WAL to reach disk (PostgreSQL's default `synchronous_commit`), so an acknowledged record
 * survives a crash of either side.
 *
 * The store's parts, one concern each: schema-pool.ts (the pool, waiting for the migration), migrations.ts,
 * idempotency.ts, locks.ts, audit.ts (the chain), rate-limits.ts, budget.ts, jobs.ts.
 */
import type pg from 'pg';
import type { BudgetStore, DirectoryIndexStore } from '@hexnode-offboard/core';
import type {
  ClaimJobsRequest,
  DecideResult,
  EnqueueResult,
  FailJob,
  HoldJob,
  Job,
  JobDecision,
  JobLease,
  JobQuery,
  JobQueue,
  JsonValue,
  NewJob,
} from '../jobs/types.js';
import type {
  AuditEntry,
  AuditQuery,
  AuditRecord,
  ClaimRequest,
  ClaimResult,
  IdempotencyRecord,
  IdempotencyScope,
  LockClaim,
  LockOwner,
  LockResult,
  OffboardStore,
  RateLimitRequest,
  RateLimitResult,
  StoredResponse,
} from '../store/types.js';
import { appendAuditIn, readAuditIn, type AppendOptions } from './audit.js';
import { PostgresBudgetStore } from './budget.js';
import { PostgresTrackerStore } from './trackers.js';
import { checkSchema, openPool, toNumber } from './db.js';
import { PostgresIdempotencyKeys } from './idempotency.js';
import { PostgresDirectoryIndexStore } from './directory.js';
import { PostgresJobQueue } from './jobs.js';
import { claimLockIn, releaseLockIn } from './locks.js';
import { PostgresRateLimits } from './rate-limits.js';
import { SchemaPool } from './schema-pool.js';

export interface PostgresStoreOptions {
  /** `postgresql://user:password@host:5432/database`. Or pass `pool`. */
  connectionString?: string;
  /** A `pg` Pool of your own (not ended by `close()`). */
  pool?: pg.Pool;
  /** Most connections of the pool made from `connectionString`. Default 10. */
  max?: number;
  /** The schema holding every table; created if missing. Default `hexnode_offboard`. */
  schema?: string;
  /**
   * Apply missing migrations when the store opens (under an advisory lock). Default true. With false, run
   * `migrate()` (from a deploy step) before starting instances.
   */
  migrate?: boolean;
}

/**
 * The PostgreSQL store: an {@link OffboardStore} and a {@link JobQueue} in one database.
 * `createPostgresStore(options)` is `new PostgresStore(options)`.
 */
export class PostgresStore implements OffboardStore, JobQueue {
  /** The schema the tables live in. */
  readonly schema: string;
  /**
   * The Hexnode request budget's counters in this database: a handler on this store counts its calls there unless
   * its `hexnode.budget.store` says otherwise, so every instance spends one budget per portal. Give it to a
   * worker's client too (`budget: { store }`).
   */
  readonly budgetStore: BudgetStore;
  /** The action trackers (one per sent action, trackers.ts), shared by every instance on this database. */
  readonly trackerStore: PostgresTrackerStore;
  /** The Hexnode directory index's snapshots in this database: a restart does not re-read Hexnode's lists. */
  readonly directoryIndexStore: DirectoryIndexStore;
  readonly #db: SchemaPool;
  /** Whether the pool is ours (made from `connectionString`), to end on `close()`. */
  readonly #ownsPool: boolean;
  readonly #keys: PostgresIdempotencyKeys;
  readonly #rates: PostgresRateLimits;
  readonly #jobs: JobQueue;
  #closed = false;

  constructor(options: PostgresStoreOptions) {
    const schema = checkSchema(options.schema ?? 'hexnode_offboard');
    const { pool, owned } = openPool(options);
    const db = new SchemaPool(pool, schema, options.migrate !== false);
    this.#db = db;
    this.#ownsPool = owned;
    this.schema = schema;
    this.#keys = new PostgresIdempotencyKeys(db);
    this.#rates = new PostgresRateLimits(db);
    this.#jobs = new PostgresJobQueue(db);
    this.budgetStore = new PostgresBudgetStore(db);
    this.trackerStore = new PostgresTrackerStore(db);
    this.directoryIndexStore = new PostgresDirectoryIndexStore(db);
  }

  /** Resolves once the schema is migrated (every method waits for it too); rejects if migrating failed. */
  ready(): Promise<void> {
    return this.#db.ready();
  }

  async claimIdempotencyKey(claim: ClaimRequest): Promise<ClaimResult> {
    return this.#keys.claim(claim);
  }

  async completeIdempotencyKey(
    scope: IdempotencyScope,
    response: StoredResponse,
    audit?: AuditEntry,
    options: Pick<AppendOptions, 'seal'> = {},
  ): Promise<void> {
    await this.#keys.complete(scope, response, audit, options);
  }

  async releaseIdempotencyKey(scope: IdempotencyScope): Promise<void> {
    await this.#keys.release(scope);
  }

  async getIdempotencyRecord(scope: IdempotencyScope): Promise<IdempotencyRecord | null> {
    return this.#keys.read(scope);
  }

  async claimLock(claim: LockClaim): Promise<LockResult> {
    return this.#db.transaction((client) => claimLockIn(client, this.#db.s, claim));
  }

  async releaseLock(lock: LockOwner): Promise<void> {
    await this.#db.ready();
    await releaseLockIn(this.#db.pool, this.#db.s, lock);
  }

  async appendAudit(entry: AuditEntry, options?: AppendOptions): Promise<AuditRecord> {
    return this.#db.transaction((client) => appendAuditIn(client, this.#db.s, entry, options));
  }

  async readAudit(query: AuditQuery = {}): Promise<AuditRecord[]> {
    await this.#db.ready();
    return readAuditIn(this.#db.pool, this.#db.s, query);
  }

  async auditHead(): Promise<{ seq: number; hash: string } | null> {
    const { rows } = await this.#db.query<{ seq: string; hash: string }>(
      `SELECT seq, hash FROM ${this.#db.s}.audit_head WHERE id = 1`,
      [],
    );
    const head = rows[0];
    return head && toNumber(head.seq) > 0 ? { seq: toNumber(head.seq), hash: head.hash } : null;
  }

  async consumeRateLimit(request: RateLimitRequest): Promise<RateLimitResult> {
    return this.#rates.consume(request);
  }

  async refundRateLimit(key: string, eventId: string): Promise<void> {
    await this.#rates.refund(key, eventId);
  }

  async prune(now: number): Promise<void> {
    await this.#keys.prune(now);
    await this.#db.query(`DELETE FROM ${this.#db.s}.locks WHERE expires_at <= $1`, [now]);
    await this.#rates.prune(now);
  }

  async close(): Promise<void> {
    if (this.#ownsPool && !this.#closed) {
      this.#closed = true;
      await this.#db.ready().catch(() => undefined);
      await this.#db.pool.end();
    }
  }

  // The job queue (jobs.ts), in the same database.

  enqueueJob(job: NewJob, now: number): Promise<EnqueueResult> {
    return this.#jobs.enqueueJob(job, now);
  }

  claimJobs(request: ClaimJobsRequest): Promise<Job[]> {
    return this.#jobs.claimJobs(request);
  }

  extendJobLease(lease: JobLease & { leaseMs: number }): Promise<boolean> {
    return this.#jobs.extendJobLease(lease);
  }

  completeJob(lease: JobLease & { result: JsonValue }): Promise<boolean> {
    return this.#jobs.completeJob(lease);
  }

  failJob(lease: FailJob): Promise<boolean> {
    return this.#jobs.failJob(lease);
  }

  holdJob(hold: HoldJob): Promise<boolean> {
    return this.#jobs.holdJob(hold);
  }

  decideJob(decision: JobDecision): Promise<DecideResult> {
    return this.#jobs.decideJob(decision);
  }

  requeueJob(id: string, runAt: number, now: number): Promise<boolean> {
    return this.#jobs.requeueJob(id, runAt, now);
  }

  getJob(id: string): Promise<Job | null> {
    return this.#jobs.getJob(id);
  }

  listJobs(query?: JobQuery): Promise<Job[]> {
    return this.#jobs.listJobs(query);
  }
}

/**
 * Opens the PostgreSQL store. It returns at once; the schema is migrated in the background and every call
 * waits for that (`ready()` to wait yourself, e.g. before declaring the instance healthy).
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  return new PostgresStore(options);
}
