/**
 * Rate-limit windows on PostgreSQL: one event a row. A window is counted and spent under its key's advisory
 * lock (`pg_advisory_xact_lock`), so instances sharing the database spend one window; other keys do not wait.
 */
import type { RateLimitRequest, RateLimitResult } from '../store/types.js';
import { toNumber } from './db.js';
import type { SchemaPool } from './schema-pool.js';
import { encodeText } from './text.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export class PostgresRateLimits {
  readonly #db: SchemaPool;

  constructor(db: SchemaPool) {
    this.#db = db;
  }

  async consume(request: RateLimitRequest): Promise<RateLimitResult> {
    const key = encodeText(request.key);
    const { s, schema } = this.#db;
    return this.#db.transaction(async (client) => {
      // One window at a time per key, across instances; other keys do not wait.
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `hexnode-offboard:rate:${schema}:${key}`,
      ]);
      const { rows } = await client.query<{ n: string; oldest: string | null }>(
        `SELECT count(*) AS n, min(at) AS oldest FROM ${s}.rate_events WHERE key = $1 AND at > $2`,
        [key, request.now - request.windowMs],
      );
      const n = toNumber(rows[0]?.n ?? 0);
      if (n >= request.limit) {
        const oldest = rows[0]?.oldest == null ? request.now : toNumber(rows[0].oldest);
        return { allowed: false, retryAfterMs: Math.max(0, oldest + request.windowMs - request.now) };
      }
      await client.query(`INSERT INTO ${s}.rate_events (key, id, at) VALUES ($1, $2, $3)`, [
        key,
        request.eventId,
        request.now,
      ]);
      return { allowed: true, remaining: request.limit - n - 1 };
    });
  }

  async refund(key: string, eventId: string): Promise<void> {
    await this.#db.query(`DELETE FROM ${this.#db.s}.rate_events WHERE key = $1 AND id = $2`, [
      encodeText(key),
      eventId,
    ]);
  }

  async prune(now: number): Promise<void> {
    // Rate windows are at most a day long.
    await this.#db.query(`DELETE FROM ${this.#db.s}.rate_events WHERE at <= $1`, [now - DAY_MS]);
  }
}
