/** The SQLite store's named locks (the per-employee lock): claimed, extended and released per tenant and owner. */
import { LockNotHeldError, checkTenant } from '../store/errors.js';
import type { LockClaim, LockOwner, LockResult } from '../store/types.js';
import type { SqliteDatabase, SqliteStatement, SqliteTransaction } from './sqlite-driver.js';
import { tenantColumn } from './sqlite-schema.js';

export class SqliteLocks {
  readonly #get: SqliteStatement<[string, string], { owner: string; expires_at: number }>;
  readonly #set: SqliteStatement<[string, string, string, number]>;
  readonly #release: SqliteStatement<[string, string, string]>;
  readonly #prune: SqliteStatement<[number]>;
  /** Claims the lock in one transaction (run it `immediate`). */
  readonly claim: SqliteTransaction<[LockClaim], LockResult>;

  constructor(db: SqliteDatabase) {
    this.#get = db.prepare('SELECT owner, expires_at FROM locks WHERE tenant = ? AND name = ?');
    this.#set = db.prepare(
      `INSERT INTO locks (tenant, name, owner, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant, name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at`,
    );
    this.#release = db.prepare('DELETE FROM locks WHERE tenant = ? AND name = ? AND owner = ?');
    this.#prune = db.prepare('DELETE FROM locks WHERE expires_at <= ?');
    this.claim = db.transaction((request: LockClaim): LockResult => {
      checkTenant(request.tenant);
      const tenant = tenantColumn(request.tenant);
      const held = this.#get.get(tenant, request.name);
      if (held && held.owner !== request.owner && held.expires_at > request.now) {
        return { status: 'held', expiresAt: held.expires_at };
      }
      this.#set.run(tenant, request.name, request.owner, request.now + request.ttlMs);
      return { status: 'claimed' };
    });
  }

  /** Throws `LockNotHeldError` unless this owner holds the lock; extends it. Call inside a transaction. */
  extendHeld(lock: LockClaim): void {
    const tenant = tenantColumn(lock.tenant);
    if (this.#get.get(tenant, lock.name)?.owner !== lock.owner) throw new LockNotHeldError();
    this.#set.run(tenant, lock.name, lock.owner, lock.now + lock.ttlMs);
  }

  release(lock: LockOwner): void {
    this.#release.run(tenantColumn(lock.tenant), lock.name, lock.owner);
  }

  prune(now: number): void {
    this.#prune.run(now);
  }
}
