/**
 * Idempotency records on PostgreSQL: a claim is one upsert that takes the key only when it is free or expired,
 * so two instances claiming one key at once get one `claimed` and one answer from the live record.
 */
import type {
  AuditEntry,
  ClaimRequest,
  ClaimResult,
  IdempotencyRecord,
  IdempotencyScope,
  StoredResponse,
} from '../store/types.js';
import { checkTenant } from '../store/errors.js';
import { appendAuditIn, type AppendOptions } from './audit.js';
import { toNumber } from './db.js';
import type { SchemaPool } from './schema-pool.js';
import { decodeText, encodeText } from './text.js';

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

const KEY_WHERE = 'has_tenant = $1 AND tenant = $2 AND actor_id = $3 AND key = $4';

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

export class PostgresIdempotencyKeys {
  readonly #db: SchemaPool;

  constructor(db: SchemaPool) {
    this.#db = db;
  }

  async claim(claim: ClaimRequest): Promise<ClaimResult> {
    checkTenant(claim.tenant);
    // The upsert takes the key only when it is free or expired; otherwise the live record decides. A record
    // deleted between the two statements (released, pruned) means trying again.
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await this.#take(claim)) return { status: 'claimed' };
      const record = await this.read(claim);
      if (!record || record.expiresAt <= claim.now) continue;
      if (record.fingerprint !== claim.fingerprint) return { status: 'mismatch' };
      if (record.state === 'in_flight') return { status: 'in_flight' };
      return { status: 'completed', record };
    }
    throw new Error('The idempotency key kept changing under this claim.');
  }

  /** Completes a key with its answer, appending `audit` in the same transaction. */
  async complete(
    scope: IdempotencyScope,
    response: StoredResponse,
    audit?: AuditEntry,
    options: Pick<AppendOptions, 'seal'> = {},
  ): Promise<void> {
    const s = this.#db.s;
    await this.#db.transaction(async (client) => {
      if (audit) await appendAuditIn(client, s, audit, options);
      await client.query(
        `UPDATE ${s}.idempotency SET state = 'completed', response = $5 WHERE ${KEY_WHERE}`,
        [...scopeValues(scope), JSON.stringify(response)],
      );
    });
  }

  async release(scope: IdempotencyScope): Promise<void> {
    await this.#db.query(
      `DELETE FROM ${this.#db.s}.idempotency WHERE ${KEY_WHERE} AND state = 'in_flight'`,
      scopeValues(scope),
    );
  }

  async read(scope: IdempotencyScope): Promise<IdempotencyRecord | null> {
    const { rows } = await this.#db.query<IdempotencyRow>(
      `SELECT * FROM ${this.#db.s}.idempotency WHERE ${KEY_WHERE}`,
      scopeValues(scope),
    );
    return rows[0] ? toIdempotencyRecord(rows[0]) : null;
  }

  async prune(now: number): Promise<void> {
    await this.#db.query(`DELETE FROM ${this.#db.s}.idempotency WHERE expires_at <= $1`, [now]);
  }

  /** True when the key was free or expired and is now this claim's. */
  async #take(claim: ClaimRequest): Promise<boolean> {
    const s = this.#db.s;
    const taken = await this.#db.query(
      `INSERT INTO ${s}.idempotency (has_tenant, tenant, actor_id, key, fingerprint, state, response, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, 'in_flight', NULL, $6, $6::bigint + $7::bigint)
       ON CONFLICT (has_tenant, tenant, actor_id, key) DO UPDATE
         SET fingerprint = EXCLUDED.fingerprint, state = 'in_flight', response = NULL,
             created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
         WHERE ${s}.idempotency.expires_at <= $6`,
      [...scopeValues(claim), claim.fingerprint, claim.now, claim.ttlMs],
    );
    return taken.rowCount === 1;
  }
}
