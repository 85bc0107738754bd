/**
 * The Hexnode request budget's counters on PostgreSQL, so that every instance and worker using one database
 * spends one budget per portal. A take is one transaction holding the portal's advisory lock
 * (`pg_advisory_xact_lock`): two instances taking the last slot of a window at once are serialised, and only
 * one gets it. The counting rules are core's (counting.ts), the same the memory and SQLite stores follow.
 */
import type pg from 'pg';
import type { SchemaPool } from './schema-pool.js';
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
import { toNumber, type Queryable } from './db.js';
import { encodeText } from './text.js';

interface CallRow {
  id: string;
  taken_at: string;
  answered_at: string | null;
}

/** The budget store over a pool; `ready` resolves once the schema is migrated. */
export class PostgresBudgetStore implements BudgetStore {
  readonly #db: SchemaPool;
  readonly #s: string;

  constructor(db: SchemaPool) {
    this.#db = db;
    this.#s = db.s;
  }

  async take(request: BudgetTake): Promise<BudgetTakeResult> {
    return this.#locked(request.key, async (client) => {
      const { key, now } = request;
      const blockedUntil = await this.#blockedUntil(client, key);
      if (blockedUntil > now) return { ok: false, retryAt: blockedUntil, reason: 'throttled' };
      const calls = await this.#prune(client, key, now, request.windowMs, request.dayMs);
      const windowFrees = windowFull(calls, now, request.windowMs, request.windowLimit);
      if (windowFrees !== undefined) return { ok: false, retryAt: windowFrees, reason: 'window' };
      const { size } = dayWindow(now, request.dayMs);
      if (request.dayLimit !== undefined) {
        const day = await this.#day(client, key);
        if (day.used >= request.dayLimit) {
          const retryAt =
            day.first === null ? now + request.dayMs : dayFreesAt(day.first, size, request.dayMs);
          return { ok: false, retryAt, reason: 'day' };
        }
      }
      const id = crypto.randomUUID();
      await client.query(
        `INSERT INTO ${this.#s}.budget_calls (id, key, taken_at, answered_at) VALUES ($1, $2, $3, NULL)`,
        [id, encodeText(key), now],
      );
      await client.query(
        `INSERT INTO ${this.#s}.budget_days (key, bucket, calls) VALUES ($1, $2, 1)
         ON CONFLICT (key, bucket) DO UPDATE SET calls = ${this.#s}.budget_days.calls + 1`,
        [encodeText(key), Math.floor(now / size)],
      );
      return { ok: true, id };
    });
  }

  async settle(key: string, id: string, at: number): Promise<void> {
    await this.#db.query(
      `UPDATE ${this.#s}.budget_calls SET answered_at = greatest(taken_at, $1)
       WHERE key = $2 AND id = $3 AND answered_at IS NULL`,
      [at, encodeText(key), id],
    );
  }

  async block(key: string, until: number): Promise<void> {
    await this.#db.query(
      `INSERT INTO ${this.#s}.budget_blocks (key, until) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET until = greatest(${this.#s}.budget_blocks.until, EXCLUDED.until)`,
      [encodeText(key), until],
    );
  }

  async usage(key: string, now: number, windowMs: number, dayMs: number): Promise<BudgetUsage> {
    return this.#locked(key, async (client) => {
      const calls = await this.#prune(client, key, now, windowMs, dayMs);
      const blockedUntil = await this.#blockedUntil(client, key);
      return {
        window: calls.length,
        day: (await this.#day(client, key)).used,
        blockedUntil: blockedUntil > now ? blockedUntil : 0,
      };
    });
  }

  /** One transaction holding the portal's lock until it ends. */
  async #locked<T>(key: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.#db.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `hexnode-offboard:budget:${this.#s}:${key}`,
      ]);
      return work(client);
    });
  }

  async #blockedUntil(client: Queryable, key: string): Promise<number> {
    const { rows } = await client.query<{ until: string }>(
      `SELECT until FROM ${this.#s}.budget_blocks WHERE key = $1`,
      [encodeText(key)],
    );
    return rows[0] ? toNumber(rows[0].until) : 0;
  }

  async #day(client: Queryable, key: string): Promise<{ used: number; first: number | null }> {
    const { rows } = await client.query<{ used: string | null; first: string | null }>(
      `SELECT sum(calls) AS used, min(bucket) AS first FROM ${this.#s}.budget_days WHERE key = $1`,
      [encodeText(key)],
    );
    const row = rows[0];
    return {
      used: row?.used == null ? 0 : toNumber(row.used),
      first: row?.first == null ? null : toNumber(row.first),
    };
  }

  /** The portal's calls still in the window, after deleting those that left it and the day's old buckets. */
  async #prune(
    client: Queryable,
    key: string,
    now: number,
    windowMs: number,
    dayMs: number,
  ): Promise<CountedCall[]> {
    const { rows } = await client.query<CallRow>(
      `SELECT id, taken_at, answered_at FROM ${this.#s}.budget_calls WHERE key = $1`,
      [encodeText(key)],
    );
    const kept: CountedCall[] = [];
    const gone: string[] = [];
    for (const row of rows) {
      const call = {
        takenAt: toNumber(row.taken_at),
        answeredAt: row.answered_at === null ? null : toNumber(row.answered_at),
      };
      if (inWindow(call, now, windowMs)) kept.push(call);
      else gone.push(row.id);
    }
    if (gone.length > 0)
      await client.query(`DELETE FROM ${this.#s}.budget_calls WHERE id = ANY($1::text[])`, [gone]);
    await client.query(`DELETE FROM ${this.#s}.budget_days WHERE key = $1 AND bucket < $2`, [
      encodeText(key),
      dayWindow(now, dayMs).first,
    ]);
    return kept;
  }
}
