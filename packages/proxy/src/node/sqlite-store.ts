/**
 * The durable default: one SQLite file (better-sqlite3) in WAL mode. Every commit survives `kill -9`
 * as soon as the call resolves (it is in the WAL). Power loss is a matter of fsync, set by `durability`:
 * - `actions` (default): an audit record appended with `durable` (the handler's action intent, written right
 *   before a Hexnode action is sent) is committed with `synchronous=FULL`, so the WAL is fsynced before Hexnode
 *   hears anything; the WAL is
 *   append-only, so that one fsync makes every earlier commit durable too. Any other commit is fsynced
 *   within `flushAfterMs` (one second) by a background flush.
 * - `full`: every audit record and idempotency completion is fsynced before the call resolves.
 *
 * Every read-modify-write runs in a `BEGIN IMMEDIATE` transaction, so several processes on one
 * machine may share the file. For several machines, implement `OffboardStore` on PostgreSQL (see
 * the README). The file also holds the Hexnode request budget's counters (`budgetStore`), so every handler on
 * it spends one budget per portal.
 *
 * The store's parts, one concern each: sqlite-schema.ts (tables), sqlite-commits.ts (when commits are fsynced),
 * sqlite-idempotency.ts, sqlite-locks.ts, sqlite-audit.ts (the chain), sqlite-rate-limits.ts, sqlite-budget.ts.
 */
import type {
  AppendOptions,
  AuditEntry,
  AuditQuery,
  AuditRecord,
  AuditSeal,
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
import { SqliteAuditChain } from './sqlite-audit.js';
import { SqliteDirectoryIndexStore } from './sqlite-directory.js';
import { SqliteBudgetStore } from './sqlite-budget.js';
import { SqliteCommits } from './sqlite-commits.js';
import { openDatabase, type SqliteDatabase, type SqliteTransaction } from './sqlite-driver.js';
import { SqliteIdempotencyKeys } from './sqlite-idempotency.js';
import { SqliteJobQueue } from './sqlite-jobs.js';
import { SqliteLocks } from './sqlite-locks.js';
import { SqliteRateLimits } from './sqlite-rate-limits.js';
import { createSchema } from './sqlite-schema.js';
import { SqliteTrackerStore } from './sqlite-trackers.js';

export interface SqliteStoreOptions {
  /** The database file; its folder is created if missing. `:memory:` for a throwaway store. */
  path: string;
  /** How long a writer waits for another process's lock, in ms. Default 5000. */
  busyTimeoutMs?: number;
  /**
   * `actions` (default): the record written right before a Hexnode action is sent (the action's intent) is
   * fsynced before the call resolves; every other commit survives `kill -9` at once and power loss within
   * `flushAfterMs`. `full`: every audit record and idempotency completion is fsynced before the call
   * resolves (one more fsync per action; see the README's benchmark).
   */
  durability?: 'full' | 'actions';
  /** A commit that was not fsynced on its own is fsynced (by a background flush) within this many ms. Default 1000. */
  flushAfterMs?: number;
}

/** A durable `OffboardStore` in one SQLite file; `createSqliteStore(options)` is `new SqliteStore(options)`. */
export class SqliteStore implements OffboardStore {
  readonly #db: SqliteDatabase;
  readonly #durability: 'full' | 'actions';
  readonly #commits: SqliteCommits;
  readonly #keys: SqliteIdempotencyKeys;
  readonly #locks: SqliteLocks;
  readonly #audit: SqliteAuditChain;
  readonly #rates: SqliteRateLimits;
  /** Appends, with `lock`: only while that owner holds it (checked in the same transaction), extending it. */
  readonly #appendHolding: SqliteTransaction<
    [AuditEntry, LockClaim | undefined, AuditSeal | undefined],
    AuditRecord
  >;
  /** Completes a key and appends its audit record in one transaction. */
  readonly #completeWithAudit: SqliteTransaction<
    [IdempotencyScope, StoredResponse, AuditEntry | undefined, AuditSeal | undefined],
    void
  >;
  #budgetStore: SqliteBudgetStore | undefined;
  /** The action trackers, in this file (sqlite-trackers.ts): every handler on it shares them. */
  readonly trackerStore: SqliteTrackerStore;
  #directoryIndexStore: SqliteDirectoryIndexStore | undefined;
  #jobQueue: SqliteJobQueue | undefined;
  readonly #path: string;
  readonly #busyTimeoutMs: number;
  #closed = false;

  constructor(options: SqliteStoreOptions) {
    const db = openDatabase(options.path);
    const busyTimeoutMs = Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000));
    // First, so that opening waits for another process's lock (switching a new file to WAL takes one).
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    db.pragma('journal_mode = WAL');
    const durability = options.durability ?? 'actions';
    if (durability !== 'full' && durability !== 'actions')
      throw new TypeError("durability must be 'full' or 'actions'.");
    const flushAfterMs = options.flushAfterMs ?? 1000;
    if (!Number.isInteger(flushAfterMs) || flushAfterMs < 1)
      throw new TypeError('flushAfterMs must be a positive integer of milliseconds.');
    this.#db = db;
    this.#path = options.path;
    this.#busyTimeoutMs = busyTimeoutMs;
    this.#durability = durability;
    this.#commits = new SqliteCommits(db, { flushAfterMs, busyTimeoutMs });
    createSchema(db);
    this.#keys = new SqliteIdempotencyKeys(db);
    this.#locks = new SqliteLocks(db);
    this.#audit = new SqliteAuditChain(db);
    this.#rates = new SqliteRateLimits(db);
    this.trackerStore = new SqliteTrackerStore(db, () => this.#commits.sync('NORMAL'));
    this.#appendHolding = db.transaction(
      (entry: AuditEntry, lock: LockClaim | undefined, seal: AuditSeal | undefined): AuditRecord => {
        if (lock) this.#locks.extendHeld(lock);
        return this.#audit.append(entry, seal);
      },
    );
    this.#completeWithAudit = db.transaction(
      (scope: IdempotencyScope, response: StoredResponse, audit?: AuditEntry, seal?: AuditSeal): void => {
        if (audit) this.#audit.append(audit, seal);
        this.#keys.complete(scope, response);
      },
    );
  }

  /**
   * The job queue in this file (its own `offboard_jobs` table, on a connection of its own that commits every write
   * with an fsync): the embedded default for scheduled offboarding on one machine. Closed with the store.
   */
  get jobQueue(): SqliteJobQueue {
    if (this.#path === ':memory:') throw new Error('A job queue needs a store on a file, not :memory:.');
    this.#jobQueue ??= new SqliteJobQueue(this.#path, { busyTimeoutMs: this.#busyTimeoutMs });
    return this.#jobQueue;
  }

  /** The directory index's snapshots in this file (`directory_index`): a restart does not re-read Hexnode's lists. */
  get directoryIndexStore(): SqliteDirectoryIndexStore {
    this.#directoryIndexStore ??= new SqliteDirectoryIndexStore(this.#db);
    return this.#directoryIndexStore;
  }

  /**
   * The Hexnode request budget's counters in this file (its own `hexnode_budget_*` tables, created on first use):
   * the handler spends its budget here unless its connection names another `budget.store`, so every handler
   * instance and process on this file shares one budget per portal.
   */
  get budgetStore(): SqliteBudgetStore {
    this.#budgetStore ??= new SqliteBudgetStore(this.#db, {
      beforeCommit: () => this.#commits.sync('NORMAL'),
    });
    return this.#budgetStore;
  }

  async claimIdempotencyKey(request: ClaimRequest): Promise<ClaimResult> {
    this.#commits.sync('NORMAL');
    return this.#keys.claim.immediate(request);
  }

  async completeIdempotencyKey(
    scope: IdempotencyScope,
    response: StoredResponse,
    audit?: AuditEntry,
    options: Pick<AppendOptions, 'seal'> = {},
  ): Promise<void> {
    this.#commits.commit(this.#durability === 'full' ? 'FULL' : 'NORMAL', () =>
      this.#completeWithAudit.immediate(scope, response, audit, options.seal),
    );
  }

  async releaseIdempotencyKey(scope: IdempotencyScope): Promise<void> {
    this.#commits.sync('NORMAL');
    this.#keys.release(scope);
  }

  async getIdempotencyRecord(scope: IdempotencyScope): Promise<IdempotencyRecord | null> {
    return this.#keys.read(scope);
  }

  async claimLock(request: LockClaim): Promise<LockResult> {
    this.#commits.sync('NORMAL');
    return this.#locks.claim.immediate(request);
  }

  async releaseLock(lock: LockOwner): Promise<void> {
    this.#commits.sync('NORMAL');
    this.#locks.release(lock);
  }

  async appendAudit(entry: AuditEntry, options: AppendOptions = {}): Promise<AuditRecord> {
    const level = this.#durability === 'full' || options.durable === true ? 'FULL' : 'NORMAL';
    return this.#commits.commit(level, () =>
      this.#appendHolding.immediate(entry, options.lock, options.seal),
    );
  }

  async readAudit(query: AuditQuery = {}): Promise<AuditRecord[]> {
    return this.#audit.read(query);
  }

  async auditHead(): Promise<{ seq: number; hash: string } | null> {
    return this.#audit.head();
  }

  async consumeRateLimit(request: RateLimitRequest): Promise<RateLimitResult> {
    this.#commits.sync('NORMAL');
    return this.#rates.consume.immediate(request);
  }

  async refundRateLimit(key: string, eventId: string): Promise<void> {
    this.#commits.sync('NORMAL');
    this.#rates.refund(key, eventId);
  }

  async prune(now: number): Promise<void> {
    this.#commits.sync('NORMAL');
    this.#keys.prune(now);
    this.#locks.prune(now);
    this.#rates.prune(now);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#commits.close();
    this.#jobQueue?.close();
    this.#closed = true;
    this.#db.close();
  }
}

/** Opens (creating if needed) a durable store in one SQLite file. */
export function createSqliteStore(options: SqliteStoreOptions): SqliteStore {
  return new SqliteStore(options);
}
