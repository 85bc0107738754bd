/**
 * The store on PostgreSQL, for several handler instances (and workers) sharing one state: the audit chain,
 * idempotency records, rate-limit events and the job queue. Every operation is atomic across connections
 * and instances: a claim is one statement, an append locks the chain's head row, a rate window locks its
 * key (`pg_advisory_xact_lock`), a job claim skips rows another worker holds. Every commit waits for the
 * server's WAL to reach disk (PostgreSQL's default `synchronous_commit`), so an acknowledged record
 * survives a crash of either side.
 */
import type pg from 'pg';
import type { BudgetStore, DirectoryIndexStore } from '@hexnode-offboard/core';
import type { JobQueue } from '../jobs/types.js';
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
  OffboardStore,
  RateLimitRequest,
  RateLimitResult,
  StoredResponse,
} from '../store/types.js';
import { appendAuditIn, readAuditIn, type AppendOptions } from './audit.js';
import { PostgresBudgetStore } from './budget.js';
import { PostgresDirectoryIndexStore } from './directory.js';
import { checkTenant } from '../store/errors.js';
import { claimLockIn, releaseLockIn } from './locks.js';
import { checkSchema, openPool, toNumber, transaction } from './db.js';
import { postgresJobQueue } from './jobs.js';
import { migrateIn } from './migrations.js';
import { decodeText, encodeText } from './text.js';

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

/** The PostgreSQL store: an {@link OffboardStore} and a {@link JobQueue} in one database. */
export interface PostgresStore extends OffboardStore, JobQueue {
  appendAudit(entry: AuditEntry, options?: AppendOptions): Promise<AuditRecord>;
  /** Resolves once the schema is migrated (every method waits for it too); rejects if migrating failed. */
  ready(): Promise<void>;
  /** The schema the tables live in. */
  readonly schema: string;
  /**
   * The Hexnode request budget's counters in this database: a handler on this store counts its calls there unless
   * its `hexnode.budget.store` says otherwise, so every instance spends one budget per portal. Give it to a
   * worker's client too (`budget: { store }`).
   */
  readonly budgetStore: BudgetStore;
  /** The Hexnode directory index's snapshots in this database: a restart does not re-read Hexnode's lists. */
  readonly directoryIndexStore: DirectoryIndexStore;
  close(): Promise<void>;
}

interface IdempotencyRow {
  has_tenant: boolean;
  tenant: string;
  actor_id: string;
  key: string;
  fingerprint: string;
  state: 'in_flight' | 'completed';
  response: string | null;
  created_at: string;
  expires_at: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The idempotency table's key columns for a scope. */
const scopeValues = (scope: IdempotencyScope) => [
  scope.tenant !== null,
  encodeText(scope.tenant ?? ''),
  encodeText(scope.actorId),
  encodeText(scope.key),
];

function toIdempotencyRecord(row: IdempotencyRow): IdempotencyRecord {
  return {
    tenant: row.has_tenant ? decodeText(row.tenant) : null,
    actorId: decodeText(row.actor_id),
    key: decodeText(row.key),
    fingerprint: row.fingerprint,
    state: row.state,
    response: row.response === null ? null : (JSON.parse(row.response) as StoredResponse),
    createdAt: toNumber(row.created_at),
    expiresAt: toNumber(row.expires_at),
  };
}

/**
 * Opens the PostgreSQL store. It returns at once; the schema is migrated in the background and every call
 * waits for that (`ready()` to wait yourself, e.g. before declaring the instance healthy).
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const schema = checkSchema(options.schema ?? 'hexnode_offboard');
  const { pool, owned } = openPool(options);
  const s = `"${schema}"`;
  const migrated =
    options.migrate === false
      ? Promise.resolve()
      : transaction(pool, (client) => migrateIn(client, schema)).then(() => undefined);
  // The failure is reported by every call (and by ready()), not as an unhandled rejection.
  migrated.catch(() => undefined);
  const ready = () => migrated;
  let closed = false;
  const inTransaction = async <T>(work: (client: pg.PoolClient) => Promise<T>) => {
    await migrated;
    return transaction(pool, work);
  };
  const query = async <R extends pg.QueryResultRow>(text: string, values: unknown[]) => {
    await migrated;
    return pool.query<R>(text, values);
  };
  const keyWhere = 'has_tenant = $1 AND tenant = $2 AND actor_id = $3 AND key = $4';

  async function claimIdempotencyKey(claim: ClaimRequest): Promise<ClaimResult> {
    checkTenant(claim.tenant);
    // The upsert takes the key only when it is free or expired; otherwise the live record decides. A record
    // deleted between the two statements (released, pruned) means trying again.
    for (let attempt = 0; attempt < 5; attempt++) {
      const taken = await query(
        `INSERT INTO ${s}.idempotency (has_tenant, tenant, actor_id, key, fingerprint, state, response, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, 'in_flight', NULL, $6, $6::bigint + $7::bigint)
         ON CONFLICT (has_tenant, tenant, actor_id, key) DO UPDATE
           SET fingerprint = EXCLUDED.fingerprint, state = 'in_flight', response = NULL,
               created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
           WHERE ${s}.idempotency.expires_at <= $6`,
        [...scopeValues(claim), claim.fingerprint, claim.now, claim.ttlMs],
      );
      if (taken.rowCount === 1) return { status: 'claimed' };
      const { rows } = await query<IdempotencyRow>(
        `SELECT * FROM ${s}.idempotency WHERE ${keyWhere}`,
        scopeValues(claim),
      );
      const row = rows[0];
      if (!row || toNumber(row.expires_at) <= claim.now) continue;
      if (row.fingerprint !== claim.fingerprint) return { status: 'mismatch' };
      if (row.state === 'in_flight') return { status: 'in_flight' };
      return { status: 'completed', record: toIdempotencyRecord(row) };
    }
    throw new Error('The idempotency key kept changing under this claim.');
  }

  const store: PostgresStore = {
    schema,
    ready,
    budgetStore: new PostgresBudgetStore(pool, s, ready),
    directoryIndexStore: new PostgresDirectoryIndexStore(pool, s, ready),
    claimIdempotencyKey,
    async completeIdempotencyKey(
      scope: IdempotencyScope,
      response: StoredResponse,
      audit?: AuditEntry,
      options: Pick<AppendOptions, 'seal'> = {},
    ) {
      await inTransaction(async (client) => {
        if (audit) await appendAuditIn(client, s, audit, options);
        await client.query(
          `UPDATE ${s}.idempotency SET state = 'completed', response = $5 WHERE ${keyWhere}`,
          [...scopeValues(scope), JSON.stringify(response)],
        );
      });
    },
    async releaseIdempotencyKey(scope: IdempotencyScope) {
      await query(
        `DELETE FROM ${s}.idempotency WHERE ${keyWhere} AND state = 'in_flight'`,
        scopeValues(scope),
      );
    },
    async getIdempotencyRecord(scope: IdempotencyScope) {
      const { rows } = await query<IdempotencyRow>(
        `SELECT * FROM ${s}.idempotency WHERE ${keyWhere}`,
        scopeValues(scope),
      );
      return rows[0] ? toIdempotencyRecord(rows[0]) : null;
    },

    async claimLock(claim: LockClaim) {
      return inTransaction((client) => claimLockIn(client, s, claim));
    },
    async releaseLock(lock: LockOwner) {
      await migrated;
      await releaseLockIn(pool, s, lock);
    },

    async appendAudit(entry: AuditEntry, appendOptions?: AppendOptions) {
      return inTransaction((client) => appendAuditIn(client, s, entry, appendOptions));
    },
    async readAudit(auditQuery: AuditQuery = {}) {
      await migrated;
      return readAuditIn(pool, s, auditQuery);
    },
    async auditHead() {
      const { rows } = await query<{ seq: string; hash: string }>(
        `SELECT seq, hash FROM ${s}.audit_head WHERE id = 1`,
        [],
      );
      const head = rows[0];
      return head && toNumber(head.seq) > 0 ? { seq: toNumber(head.seq), hash: head.hash } : null;
    },

    async consumeRateLimit(request: RateLimitRequest): Promise<RateLimitResult> {
      const key = encodeText(request.key);
      return inTransaction(async (client) => {
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
    },
    async refundRateLimit(key: string, eventId: string) {
      await query(`DELETE FROM ${s}.rate_events WHERE key = $1 AND id = $2`, [encodeText(key), eventId]);
    },

    async prune(now: number) {
      await query(`DELETE FROM ${s}.idempotency WHERE expires_at <= $1`, [now]);
      await query(`DELETE FROM ${s}.locks WHERE expires_at <= $1`, [now]);
      // Rate windows are at most a day long.
      await query(`DELETE FROM ${s}.rate_events WHERE at <= $1`, [now - DAY_MS]);
    },
    async close() {
      if (owned && !closed) {
        closed = true;
        await migrated.catch(() => undefined);
        await pool.end();
      }
    },
    ...postgresJobQueue(pool, s, ready),
  };
  return store;
}
