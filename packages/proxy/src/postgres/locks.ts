/**
 * Named locks on PostgreSQL (the per-employee lock of the handler), owned by a random token: claimed when free,
 * expired or already the owner's; released only by their owner; and checked, in the same transaction, by an
 * audit append made while holding one.
 */
import { LockNotHeldError, checkTenant } from '../store/errors.js';
import type { LockClaim, LockOwner, LockResult, LockScope } from '../store/types.js';
import { toNumber, type Queryable } from './db.js';
import { encodeText } from './text.js';

const lockValues = (lock: LockScope) => [
  lock.tenant !== null,
  encodeText(lock.tenant ?? ''),
  encodeText(lock.name),
];
const WHERE = 'has_tenant = $1 AND tenant = $2 AND name = $3';

export async function claimLockIn(client: Queryable, s: string, claim: LockClaim): Promise<LockResult> {
  checkTenant(claim.tenant);
  const taken = await client.query(
    `INSERT INTO ${s}.locks (has_tenant, tenant, name, owner, expires_at) VALUES ($1, $2, $3, $4, $5::bigint + $6::bigint)
     ON CONFLICT (has_tenant, tenant, name) DO UPDATE SET owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at
       WHERE ${s}.locks.owner = EXCLUDED.owner OR ${s}.locks.expires_at <= $5`,
    [...lockValues(claim), claim.owner, claim.now, claim.ttlMs],
  );
  if (taken.rowCount === 1) return { status: 'claimed' };
  const { rows } = await client.query<{ expires_at: string }>(
    `SELECT expires_at FROM ${s}.locks WHERE ${WHERE}`,
    lockValues(claim),
  );
  // Released between the two statements: free now, so claim again.
  if (!rows[0]) return claimLockIn(client, s, claim);
  return { status: 'held', expiresAt: toNumber(rows[0].expires_at) };
}

export async function releaseLockIn(client: Queryable, s: string, lock: LockOwner): Promise<void> {
  await client.query(`DELETE FROM ${s}.locks WHERE ${WHERE} AND owner = $4`, [
    ...lockValues(lock),
    lock.owner,
  ]);
}

/** Inside an append's transaction: the lock must be this owner's; it is extended to `now + ttlMs`. */
export async function holdLockIn(client: Queryable, s: string, lock: LockClaim): Promise<void> {
  const { rows } = await client.query<{ owner: string }>(
    `SELECT owner FROM ${s}.locks WHERE ${WHERE} FOR UPDATE`,
    lockValues(lock),
  );
  if (rows[0]?.owner !== lock.owner) throw new LockNotHeldError();
  await client.query(`UPDATE ${s}.locks SET expires_at = $4::bigint + $5::bigint WHERE ${WHERE}`, [
    ...lockValues(lock),
    lock.now,
    lock.ttlMs,
  ]);
}
