/**
 * The Hexnode request budget's counters in SQLite (better-sqlite3), so that every process on one machine that
 * uses the file spends one budget per portal. Each method is one `BEGIN IMMEDIATE` transaction: two processes
 * taking the last slot of a window at once are serialised, and only one gets it. The tables are the budget's
 * own (`hexnode_budget_*`); they may live in the handler's store file or in a file of their own.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { openDatabase } from './sqlite-driver.js';
import {
  dayFreesAt,
  dayWindow,
  inWindow,
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
}

export interface SqliteBudgetStore extends BudgetStore {
  /** Closes the database if this store opened it (from a path); a database handed in stays open. */
  close(): void;
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
  target: Database.Database | string,
  options: SqliteBudgetStoreOptions = {},
): SqliteBudgetStore {
  const owned = typeof target === 'string';
  let db: Database.Database;
  if (typeof target === 'string') {
    // The driver is loaded here, not when the entry is imported: better-sqlite3 is an optional peer.
    db = openDatabase(target);
    db.pragma('journal_mode = WAL');
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  } else {
    db = target;
  }
  db.exec(SCHEMA);

  const statements = {
    blocked: db.prepare<[string], { until: number }>('SELECT until FROM hexnode_budget_blocks WHERE key = ?'),
    calls: db.prepare<[string], CallRow>(
      'SELECT id, taken_at, answered_at FROM hexnode_budget_calls WHERE key = ?',
    ),
    dropCall: db.prepare<[string]>('DELETE FROM hexnode_budget_calls WHERE id = ?'),
    addCall: db.prepare<[string, string, number]>(
      'INSERT INTO hexnode_budget_calls (id, key, taken_at, answered_at) VALUES (?, ?, ?, NULL)',
    ),
    settle: db.prepare<[number, string, string]>(
      `UPDATE hexnode_budget_calls SET answered_at = MAX(taken_at, ?)
       WHERE key = ? AND id = ? AND answered_at IS NULL`,
    ),
    dropDays: db.prepare<[string, number]>('DELETE FROM hexnode_budget_days WHERE key = ? AND bucket < ?'),
    day: db.prepare<[string], { used: number | null; first: number | null }>(
      'SELECT SUM(calls) AS used, MIN(bucket) AS first FROM hexnode_budget_days WHERE key = ?',
    ),
    addDay: db.prepare<[string, number]>(
      `INSERT INTO hexnode_budget_days (key, bucket, calls) VALUES (?, ?, 1)
       ON CONFLICT (key, bucket) DO UPDATE SET calls = calls + 1`,
    ),
    block: db.prepare<[string, number]>(
      `INSERT INTO hexnode_budget_blocks (key, until) VALUES (?, ?)
       ON CONFLICT (key) DO UPDATE SET until = MAX(until, excluded.until)`,
    ),
  };

  /** The portal's calls still in the window, after deleting those that left it and the day's old buckets. */
  const prune = (key: string, now: number, windowMs: number, dayMs: number): CountedCall[] => {
    const kept: CountedCall[] = [];
    for (const row of statements.calls.all(key)) {
      const call = { takenAt: row.taken_at, answeredAt: row.answered_at };
      if (inWindow(call, now, windowMs)) kept.push(call);
      else statements.dropCall.run(row.id);
    }
    statements.dropDays.run(key, dayWindow(now, dayMs).first);
    return kept;
  };

  const take = db.transaction((request: BudgetTake): BudgetTakeResult => {
    const { key, now } = request;
    const blockedUntil = statements.blocked.get(key)?.until ?? 0;
    if (blockedUntil > now) return { ok: false, retryAt: blockedUntil, reason: 'throttled' };
    const calls = prune(key, now, request.windowMs, request.dayMs);
    const windowFrees = windowFull(calls, now, request.windowMs, request.windowLimit);
    if (windowFrees !== undefined) return { ok: false, retryAt: windowFrees, reason: 'window' };
    const { size } = dayWindow(now, request.dayMs);
    if (request.dayLimit !== undefined) {
      const day = statements.day.get(key);
      if ((day?.used ?? 0) >= request.dayLimit) {
        const first = day?.first;
        const retryAt = first == null ? now + request.dayMs : dayFreesAt(first, size, request.dayMs);
        return { ok: false, retryAt, reason: 'day' };
      }
    }
    const id = randomUUID();
    statements.addCall.run(id, key, now);
    statements.addDay.run(key, Math.floor(now / size));
    return { ok: true, id };
  });

  const usage = db.transaction((key: string, now: number, windowMs: number, dayMs: number): BudgetUsage => {
    const calls = prune(key, now, windowMs, dayMs);
    const blockedUntil = statements.blocked.get(key)?.until ?? 0;
    return {
      window: calls.length,
      day: statements.day.get(key)?.used ?? 0,
      blockedUntil: blockedUntil > now ? blockedUntil : 0,
    };
  });

  return {
    async take(request) {
      return take.immediate(request);
    },
    async settle(key, id, at) {
      statements.settle.run(at, key, id);
    },
    async block(key, until) {
      statements.block.run(key, until);
    },
    async usage(key, now, windowMs, dayMs) {
      return usage.immediate(key, now, windowMs, dayMs);
    },
    close() {
      if (owned) db.close();
    },
  };
}
