/**
 * The Hexnode request budget's counters in SQLite (better-sqlite3), so that every process on one machine that
 * uses the file spends one budget per portal. Each method is one `BEGIN IMMEDIATE` transaction: two processes
 * taking the last slot of a window at once are serialised, and only one gets it. The tables are the budget's
 * own (`hexnode_budget_*`); they may live in the handler's store file or in a file of their own.
 */
import { randomUUID } from 'node:crypto';
import {
  openDatabase,
  type SqliteDatabase,
  type SqliteStatement,
  type SqliteTransaction,
} from './sqlite-driver.js';
import {
  dayFreesAt,
  dayWindow,
  IN_FLIGHT_MS,
  windowFull,
  type BudgetStore,
  type BudgetTake,
  type BudgetTakeResult,
  type BudgetUsage,
  type CountedCall,
} from '@hexnode-offboard/core';

export interface SqliteBudgetStoreOptions {
  /** How long a writer waits for another process's lock when this store opened the file. Default 5000 ms. */
  busyTimeoutMs?: number;
  /**
   * Called before each commit on a database handed in (the handler's store sets its connection to
   * `synchronous=NORMAL` there). The counters need no fsync of their own: a power cut forgets at most the last
   * second's calls, which Hexnode's own throttle still counts; a crash of the process loses nothing (WAL). On a
   * file this store opened itself, every commit is fsynced (`synchronous=FULL`).
   */
  beforeCommit?: () => void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS hexnode_budget_calls (
  id TEXT PRIMARY KEY,
  key TEXT NOT NULL,
  taken_at INTEGER NOT NULL,
  answered_at INTEGER
);
CREATE INDEX IF NOT EXISTS hexnode_budget_calls_key ON hexnode_budget_calls (key);
CREATE TABLE IF NOT EXISTS hexnode_budget_days (
  key TEXT NOT NULL,
  bucket INTEGER NOT NULL,
  calls INTEGER NOT NULL,
  PRIMARY KEY (key, bucket)
);
CREATE TABLE IF NOT EXISTS hexnode_budget_blocks (key TEXT PRIMARY KEY, until INTEGER NOT NULL);
`;

interface CallRow {
  id: string;
  taken_at: number;
  answered_at: number | null;
}

/**
 * A budget store on a better-sqlite3 database, or on a file it opens (its folder is created; WAL mode).
 * Pass the same file (or database) to every process that talks to the same portals.
 */
export function createSqliteBudgetStore(
  target: SqliteDatabase | string,
  options: SqliteBudgetStoreOptions = {},
): SqliteBudgetStore {
  return new SqliteBudgetStore(target, options);
}

/** The budget's counters in SQLite; `createSqliteBudgetStore(target, options)` is `new SqliteBudgetStore(target, options)`. */
export class SqliteBudgetStore implements BudgetStore {
  readonly #db: SqliteDatabase;
  readonly #owned: boolean;
  readonly #blocked: SqliteStatement<[string], { until: number }>;
  readonly #calls: SqliteStatement<[string], CallRow>;
  readonly #dropCalls: SqliteStatement<[string, number, number]>;
  readonly #addCall: SqliteStatement<[string, string, number]>;
  readonly #settle: SqliteStatement<[number, string, string]>;
  readonly #dropDays: SqliteStatement<[string, number]>;
  readonly #day: SqliteStatement<[string], { used: number | null; first: number | null }>;
  readonly #addDay: SqliteStatement<[string, number]>;
  readonly #block: SqliteStatement<[string, number]>;
  readonly #beforeCommit: () => void;
  readonly #take: SqliteTransaction<[BudgetTake], BudgetTakeResult>;
  readonly #usage: SqliteTransaction<[string, number, number, number], BudgetUsage>;

  constructor(target: SqliteDatabase | string, options: SqliteBudgetStoreOptions = {}) {
    this.#owned = typeof target === 'string';
    if (typeof target === 'string') {
      // The driver is loaded here, not when the entry is imported: better-sqlite3 is an optional peer.
      this.#db = openDatabase(target);
      // First, so that opening waits for another process's lock (switching a new file to WAL takes one).
      this.#db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
      this.#db.pragma('journal_mode = WAL');
      // Its own file has no background flush: each commit is fsynced, so a power cut forgets no day's counts.
      this.#db.pragma('synchronous = FULL');
    } else {
      this.#db = target;
    }
    this.#beforeCommit = options.beforeCommit ?? (() => undefined);
    const db = this.#db;
    db.exec(SCHEMA);
    this.#blocked = db.prepare('SELECT until FROM hexnode_budget_blocks WHERE key = ?');
    this.#calls = db.prepare('SELECT id, taken_at, answered_at FROM hexnode_budget_calls WHERE key = ?');
    // The calls that left the window (core's `inWindow`, in SQL): one statement, however many they are.
    this.#dropCalls = db.prepare(
      `DELETE FROM hexnode_budget_calls
       WHERE key = ? AND COALESCE(answered_at, MIN(?, taken_at + ${IN_FLIGHT_MS})) <= ?`,
    );
    this.#addCall = db.prepare(
      'INSERT INTO hexnode_budget_calls (id, key, taken_at, answered_at) VALUES (?, ?, ?, NULL)',
    );
    this.#settle = db.prepare(
      `UPDATE hexnode_budget_calls SET answered_at = MAX(taken_at, ?)
       WHERE key = ? AND id = ? AND answered_at IS NULL`,
    );
    this.#dropDays = db.prepare('DELETE FROM hexnode_budget_days WHERE key = ? AND bucket < ?');
    this.#day = db.prepare(
      'SELECT SUM(calls) AS used, MIN(bucket) AS first FROM hexnode_budget_days WHERE key = ?',
    );
    this.#addDay = db.prepare(
      `INSERT INTO hexnode_budget_days (key, bucket, calls) VALUES (?, ?, 1)
       ON CONFLICT (key, bucket) DO UPDATE SET calls = calls + 1`,
    );
    this.#block = db.prepare(
      `INSERT INTO hexnode_budget_blocks (key, until) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET until = MAX(until, excluded.until)`,
    );
    this.#take = db.transaction((request: BudgetTake) => this.#takeNow(request));
    this.#usage = db.transaction((key: string, now: number, windowMs: number, dayMs: number): BudgetUsage => {
      const calls = this.#prune(key, now, windowMs, dayMs);
      const blockedUntil = this.#blocked.get(key)?.until ?? 0;
      return {
        window: calls.length,
        day: this.#day.get(key)?.used ?? 0,
        blockedUntil: blockedUntil > now ? blockedUntil : 0,
      };
    });
  }

  async take(request: BudgetTake): Promise<BudgetTakeResult> {
    this.#beforeCommit();
    return this.#take.immediate(request);
  }

  async settle(key: string, id: string, at: number): Promise<void> {
    this.#beforeCommit();
    this.#settle.run(at, key, id);
  }

  async block(key: string, until: number): Promise<void> {
    this.#beforeCommit();
    this.#block.run(key, until);
  }

  async usage(key: string, now: number, windowMs: number, dayMs: number): Promise<BudgetUsage> {
    this.#beforeCommit();
    return this.#usage.immediate(key, now, windowMs, dayMs);
  }

  /** Closes the database if this store opened it (from a path); a database handed in stays open. */
  close(): void {
    if (this.#owned) this.#db.close();
  }

  /** Counts one call if the window, the day and any 429 block allow it (inside the take's transaction). */
  #takeNow(request: BudgetTake): BudgetTakeResult {
    const { key, now } = request;
    const blockedUntil = this.#blocked.get(key)?.until ?? 0;
    if (blockedUntil > now) return { ok: false, retryAt: blockedUntil, reason: 'throttled' };
    const calls = this.#prune(key, now, request.windowMs, request.dayMs);
    const windowFrees = windowFull(calls, now, request.windowMs, request.windowLimit);
    if (windowFrees !== undefined) return { ok: false, retryAt: windowFrees, reason: 'window' };
    const { size } = dayWindow(now, request.dayMs);
    if (request.dayLimit !== undefined) {
      const day = this.#day.get(key);
      if ((day?.used ?? 0) >= request.dayLimit) {
        const first = day?.first;
        const retryAt = first == null ? now + request.dayMs : dayFreesAt(first, size, request.dayMs);
        return { ok: false, retryAt, reason: 'day' };
      }
    }
    const id = randomUUID();
    this.#addCall.run(id, key, now);
    this.#addDay.run(key, Math.floor(now / size));
    return { ok: true, id };
  }

  /** The portal's calls still in the window, after deleting those that left it and the day's old buckets. */
  #prune(key: string, now: number, windowMs: number, dayMs: number): CountedCall[] {
    this.#dropCalls.run(key, now, now - windowMs);
    this.#dropDays.run(key, dayWindow(now, dayMs).first);
    return this.#calls.all(key).map((row) => ({ takenAt: row.taken_at, answeredAt: row.answered_at }));
  }
}
