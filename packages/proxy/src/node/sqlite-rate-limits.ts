/** The SQLite store's sliding-window rate limits (per actor): one row per counted event. */
import type { RateLimitRequest, RateLimitResult } from '../store/types.js';
import type { SqliteDatabase, SqliteStatement, SqliteTransaction } from './sqlite-driver.js';

/** Rate windows are at most a day long: older events are pruned. */
const LONGEST_WINDOW_MS = 24 * 60 * 60 * 1000;

export class SqliteRateLimits {
  readonly #count: SqliteStatement<[string, number], { n: number; oldest: number | null }>;
  readonly #insert: SqliteStatement<[string, string, number]>;
  readonly #delete: SqliteStatement<[string, string]>;
  readonly #prune: SqliteStatement<[number]>;
  /** Counts one event if the window allows it, in one transaction (run it `immediate`). */
  readonly consume: SqliteTransaction<[RateLimitRequest], RateLimitResult>;

  constructor(db: SqliteDatabase) {
    this.#count = db.prepare(
      'SELECT COUNT(*) AS n, MIN(at) AS oldest FROM rate_events WHERE key = ? AND at > ?',
    );
    this.#insert = db.prepare('INSERT INTO rate_events (id, key, at) VALUES (?, ?, ?)');
    this.#delete = db.prepare('DELETE FROM rate_events WHERE key = ? AND id = ?');
    this.#prune = db.prepare('DELETE FROM rate_events WHERE at <= ?');
    this.consume = db.transaction((request: RateLimitRequest): RateLimitResult => {
      const { n, oldest } = this.#count.get(request.key, request.now - request.windowMs) ?? {
        n: 0,
        oldest: null,
      };
      if (n >= request.limit) {
        return {
          allowed: false,
          retryAfterMs: Math.max(0, (oldest ?? request.now) + request.windowMs - request.now),
        };
      }
      this.#insert.run(request.eventId, request.key, request.now);
      return { allowed: true, remaining: request.limit - n - 1 };
    });
  }

  refund(key: string, eventId: string): void {
    this.#delete.run(key, eventId);
  }

  prune(now: number): void {
    this.#prune.run(now - LONGEST_WINDOW_MS);
  }
}
