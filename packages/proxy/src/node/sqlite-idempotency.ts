/** The SQLite store's idempotency keys: claimed (atomically), completed with their answer, released, read. */
import { checkTenant } from '../store/errors.js';
import type {
  ClaimRequest,
  ClaimResult,
  IdempotencyRecord,
  IdempotencyScope,
  StoredResponse,
} from '../store/types.js';
import type { SqliteDatabase, SqliteStatement, SqliteTransaction } from './sqlite-driver.js';
import { tenantColumn } from './sqlite-schema.js';

interface IdempotencyRow {
  tenant: string;
  actor_id: string;
  key: string;
  fingerprint: string;
  state: 'in_flight' | 'completed';
  response: string | null;
  created_at: number;
  expires_at: number;
}

function toIdempotencyRecord(row: IdempotencyRow): IdempotencyRecord {
  return {
    tenant: row.tenant === '' ? null : row.tenant,
    actorId: row.actor_id,
    key: row.key,
    fingerprint: row.fingerprint,
    state: row.state,
    response: row.response === null ? null : (JSON.parse(row.response) as StoredResponse),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

export class SqliteIdempotencyKeys {
  readonly #get: SqliteStatement<[string, string, string], IdempotencyRow>;
  readonly #upsert: SqliteStatement<[string, string, string, string, number, number]>;
  readonly #complete: SqliteStatement<[string, string, string, string]>;
  readonly #release: SqliteStatement<[string, string, string]>;
  readonly #prune: SqliteStatement<[number]>;
  /** Claims the key in one transaction (run it `immediate`). */
  readonly claim: SqliteTransaction<[ClaimRequest], ClaimResult>;

  constructor(db: SqliteDatabase) {
    this.#get = db.prepare('SELECT * FROM idempotency WHERE tenant = ? AND actor_id = ? AND key = ?');
    this.#upsert = db.prepare(
      `INSERT INTO idempotency (tenant, actor_id, key, fingerprint, state, response, created_at, expires_at)
       VALUES (?, ?, ?, ?, 'in_flight', NULL, ?, ?)
       ON CONFLICT (tenant, actor_id, key) DO UPDATE SET fingerprint = excluded.fingerprint, state = 'in_flight',
         response = NULL, created_at = excluded.created_at, expires_at = excluded.expires_at`,
    );
    this.#complete = db.prepare(
      `UPDATE idempotency SET state = 'completed', response = ? WHERE tenant = ? AND actor_id = ? AND key = ?`,
    );
    this.#release = db.prepare(
      `DELETE FROM idempotency WHERE tenant = ? AND actor_id = ? AND key = ? AND state = 'in_flight'`,
    );
    this.#prune = db.prepare('DELETE FROM idempotency WHERE expires_at <= ?');
    this.claim = db.transaction((request: ClaimRequest): ClaimResult => {
      checkTenant(request.tenant);
      const tenant = tenantColumn(request.tenant);
      const row = this.#get.get(tenant, request.actorId, request.key);
      if (row && row.expires_at > request.now) {
        if (row.fingerprint !== request.fingerprint) return { status: 'mismatch' };
        if (row.state === 'in_flight') return { status: 'in_flight' };
        return { status: 'completed', record: toIdempotencyRecord(row) };
      }
      this.#upsert.run(
        tenant,
        request.actorId,
        request.key,
        request.fingerprint,
        request.now,
        request.now + request.ttlMs,
      );
      return { status: 'claimed' };
    });
  }

  /** Stores the key's answer. Call inside a transaction when an audit record goes with it. */
  complete(scope: IdempotencyScope, response: StoredResponse): void {
    this.#complete.run(JSON.stringify(response), tenantColumn(scope.tenant), scope.actorId, scope.key);
  }

  release(scope: IdempotencyScope): void {
    this.#release.run(tenantColumn(scope.tenant), scope.actorId, scope.key);
  }

  read(scope: IdempotencyScope): IdempotencyRecord | null {
    const row = this.#get.get(tenantColumn(scope.tenant), scope.actorId, scope.key);
    return row ? toIdempotencyRecord(row) : null;
  }

  prune(now: number): void {
    this.#prune.run(now);
  }
}
