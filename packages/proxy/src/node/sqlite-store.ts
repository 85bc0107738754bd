/**
 * The durable default: one SQLite file (better-sqlite3) in WAL mode. Every commit survives `kill -9`
 * as soon as the call resolves (it is in the WAL). Power loss is a matter of fsync, set by `durability`:
 * - `actions` (default): an audit record appended with `durable` (the handler's action intent, written right
 *   before a Hexnode action is sent) is committed with `synchronous=FULL`, so the WAL is fsynced before Hexnode
 *   hears anything; the WAL is
 *   append-only, so that one fsync makes every earlier commit durable too. Any other commit is fsynced
 *   within `flushAfterMs` (one second) by a background flush.
 * - `full`: every audit record and idempotency completion is fsynced before the call resolves.
 *
 * Every read-modify-write runs in a `BEGIN IMMEDIATE` transaction, so several processes on one
 * machine may share the file. For several machines, implement `OffboardStore` on PostgreSQL (see
 * the README).
 */
import type Database from 'better-sqlite3';
import { GENESIS_HASH, computeAuditHash } from '../audit/chain.js';
import { checkAuditColumns, type AuditColumns } from '../audit/integrity.js';
import { LockNotHeldError, checkTenant } from '../store/errors.js';
import { openDatabase } from './sqlite-driver.js';
import type {
  AppendOptions,
  AuditEntry,
  AuditSeal,
  AuditQuery,
  AuditRecord,
  ClaimRequest,
  ClaimResult,
  IdempotencyRecord,
  IdempotencyScope,
  LockClaim,
  LockOwner,
  LockResult,
  OffboardStore,
  RateLimitRequest,
  RateLimitResult,
  StoredResponse,
} from '../store/types.js';

export interface SqliteStoreOptions {
  /** The database file; its folder is created if missing. `:memory:` for a throwaway store. */
  path: string;
  /** How long a writer waits for another process's lock, in ms. Default 5000. */
  busyTimeoutMs?: number;
  /**
   * `actions` (default): the record written right before a Hexnode action is sent (the action's intent) is
   * fsynced before the call resolves; every other commit survives `kill -9` at once and power loss within
   * `flushAfterMs`. `full`: every audit record and idempotency completion is fsynced before the call
   * resolves (one more fsync per action; see the README's benchmark).
   */
  durability?: 'full' | 'actions';
  /** A commit that was not fsynced on its own is fsynced (by a background flush) within this many ms. Default 1000. */
  flushAfterMs?: number;
}

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  time TEXT NOT NULL,
  tenant TEXT,
  employee_email TEXT,
  event TEXT NOT NULL,
  outcome TEXT NOT NULL,
  action_id TEXT,
  record TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_employee ON audit (employee_email, event);
CREATE INDEX IF NOT EXISTS audit_action ON audit (action_id);
CREATE TABLE IF NOT EXISTS idempotency (
  tenant TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('in_flight', 'completed')),
  response TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (tenant, actor_id, key)
);
CREATE INDEX IF NOT EXISTS idempotency_expiry ON idempotency (expires_at);
CREATE TABLE IF NOT EXISTS locks (
  tenant TEXT NOT NULL,
  name TEXT NOT NULL,
  owner TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (tenant, name)
);
CREATE TABLE IF NOT EXISTS rate_events (id TEXT PRIMARY KEY, key TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS rate_events_key ON rate_events (key, at);
`;

/** What a read selects: the record, its place in the chain, and the filter columns to check against it. */
const AUDIT_COLUMNS =
  'seq, id, time, tenant, employee_email, event, outcome, action_id, record, prev_hash, hash';

interface AuditRow extends AuditColumns {
  record: string;
  prev_hash: string;
  hash: string;
}

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

// SQLite primary keys treat NULL as distinct, so "no tenant" is stored as an empty string (and "" is refused).
const tenantColumn = (tenant: string | null) => tenant ?? '';

/** The record of a row, once its filter columns are checked against it (an edited column throws). */
function toAuditRecord(row: AuditRow): AuditRecord {
  const entry = JSON.parse(row.record) as AuditEntry;
  const record = { ...entry, seq: row.seq, prevHash: row.prev_hash, hash: row.hash };
  checkAuditColumns(record, row);
  return record;
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

/** Opens (creating if needed) a durable store in one SQLite file. */
export function createSqliteStore(options: SqliteStoreOptions): OffboardStore {
  const db = openDatabase(options.path);
  db.pragma('journal_mode = WAL');
  const durability = options.durability ?? 'actions';
  if (durability !== 'full' && durability !== 'actions')
    throw new TypeError("durability must be 'full' or 'actions'.");
  const flushAfterMs = options.flushAfterMs ?? 1000;
  if (!Number.isInteger(flushAfterMs) || flushAfterMs < 1)
    throw new TypeError('flushAfterMs must be a positive integer of milliseconds.');
  // The connection's current synchronous level; switched per write (better-sqlite3 is synchronous, so
  // nothing else runs between the switch and the commit).
  let level: 'FULL' | 'NORMAL' | undefined;
  // Set while a commit is in the WAL but not yet fsynced: the background flush that will fsync it.
  let pendingFlush: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  const busyTimeoutMs = Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000));
  /**
   * Fsyncs the WAL with one tiny FULL commit. In the background it never waits for another process's lock
   * (that would block the event loop): when the file is busy it tries again after another `flushAfterMs`.
   * `close()` waits for the lock like any write.
   */
  const flush = (wait = false) => {
    clearTimeout(pendingFlush);
    pendingFlush = undefined;
    if (closed) return;
    if (!wait) db.pragma('busy_timeout = 0');
    try {
      commit('FULL', () => statements.setFlushedAt.run(new Date().toISOString()));
    } catch {
      if (!wait) pendingFlush = setTimeout(flush, flushAfterMs).unref();
    } finally {
      if (!wait) db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    }
  };
  /** Sets the level of the commit about to run; a commit without its own fsync gets one within flushAfterMs. */
  const sync = (wanted: 'FULL' | 'NORMAL') => {
    if (level !== wanted) {
      db.pragma(`synchronous = ${wanted}`);
      level = wanted;
    }
    if (wanted === 'NORMAL') pendingFlush ??= setTimeout(flush, flushAfterMs).unref();
  };
  /** Runs a commit at the given level. Once a FULL commit is through, its fsync has covered every earlier one. */
  const commit = <T>(wanted: 'FULL' | 'NORMAL', run: () => T): T => {
    sync(wanted);
    const result = run();
    if (wanted === 'FULL') {
      clearTimeout(pendingFlush);
      pendingFlush = undefined;
    }
    return result;
  };
  db.pragma('synchronous = FULL');
  level = 'FULL';
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.exec(SCHEMA);
  db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run(
    'schema_version',
    String(SCHEMA_VERSION),
  );

  const statements = {
    getIdempotency: db.prepare<[string, string, string], IdempotencyRow>(
      'SELECT * FROM idempotency WHERE tenant = ? AND actor_id = ? AND key = ?',
    ),
    upsertIdempotency: db.prepare(
      `INSERT INTO idempotency (tenant, actor_id, key, fingerprint, state, response, created_at, expires_at)
       VALUES (?, ?, ?, ?, 'in_flight', NULL, ?, ?)
       ON CONFLICT (tenant, actor_id, key) DO UPDATE SET fingerprint = excluded.fingerprint, state = 'in_flight',
         response = NULL, created_at = excluded.created_at, expires_at = excluded.expires_at`,
    ),
    completeIdempotency: db.prepare(
      `UPDATE idempotency SET state = 'completed', response = ? WHERE tenant = ? AND actor_id = ? AND key = ?`,
    ),
    releaseIdempotency: db.prepare(
      `DELETE FROM idempotency WHERE tenant = ? AND actor_id = ? AND key = ? AND state = 'in_flight'`,
    ),
    lastAudit: db.prepare<[], { seq: number; hash: string }>(
      'SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1',
    ),
    insertAudit: db.prepare(
      `INSERT INTO audit (seq, id, time, tenant, employee_email, event, outcome, action_id, record, prev_hash, hash)
       VALUES (@seq, @id, @time, @tenant, @employeeEmail, @event, @outcome, @actionId, @record, @prevHash, @hash)`,
    ),
    setHead: db.prepare(
      `INSERT INTO meta (key, value) VALUES ('audit_head', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ),
    getHead: db.prepare<[], { value: string }>(`SELECT value FROM meta WHERE key = 'audit_head'`),
    setFlushedAt: db.prepare(
      `INSERT INTO meta (key, value) VALUES ('flushed_at', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    ),
    countRate: db.prepare<[string, number], { n: number; oldest: number | null }>(
      'SELECT COUNT(*) AS n, MIN(at) AS oldest FROM rate_events WHERE key = ? AND at > ?',
    ),
    insertRate: db.prepare('INSERT INTO rate_events (id, key, at) VALUES (?, ?, ?)'),
    deleteRate: db.prepare('DELETE FROM rate_events WHERE key = ? AND id = ?'),
    getLock: db.prepare<[string, string], { owner: string; expires_at: number }>(
      'SELECT owner, expires_at FROM locks WHERE tenant = ? AND name = ?',
    ),
    setLock: db.prepare(
      `INSERT INTO locks (tenant, name, owner, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant, name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at`,
    ),
    releaseLock: db.prepare('DELETE FROM locks WHERE tenant = ? AND name = ? AND owner = ?'),
    pruneLocks: db.prepare('DELETE FROM locks WHERE expires_at <= ?'),
    pruneIdempotency: db.prepare('DELETE FROM idempotency WHERE expires_at <= ?'),
    pruneRate: db.prepare('DELETE FROM rate_events WHERE at <= ?'),
  };

  const claim = db.transaction((request: ClaimRequest): ClaimResult => {
    checkTenant(request.tenant);
    const tenant = tenantColumn(request.tenant);
    const row = statements.getIdempotency.get(tenant, request.actorId, request.key);
    if (row && row.expires_at > request.now) {
      if (row.fingerprint !== request.fingerprint) return { status: 'mismatch' };
      if (row.state === 'in_flight') return { status: 'in_flight' };
      return { status: 'completed', record: toIdempotencyRecord(row) };
    }
    statements.upsertIdempotency.run(
      tenant,
      request.actorId,
      request.key,
      request.fingerprint,
      request.now,
      request.now + request.ttlMs,
    );
    return { status: 'claimed' };
  });

  const append = db.transaction((entry: AuditEntry, seal: AuditSeal = computeAuditHash): AuditRecord => {
    const last = statements.lastAudit.get();
    const partial = { ...entry, seq: (last?.seq ?? 0) + 1, prevHash: last?.hash ?? GENESIS_HASH };
    const hash = seal(partial);
    statements.insertAudit.run({
      seq: partial.seq,
      id: entry.id,
      time: entry.time,
      tenant: entry.tenant,
      employeeEmail: entry.employee?.email ?? null,
      event: entry.event,
      outcome: entry.outcome,
      actionId: entry.actionId,
      record: JSON.stringify(entry),
      prevHash: partial.prevHash,
      hash,
    });
    statements.setHead.run(JSON.stringify({ seq: partial.seq, hash }));
    return { ...partial, hash };
  });

  const claimLock = db.transaction((request: LockClaim): LockResult => {
    checkTenant(request.tenant);
    const tenant = tenantColumn(request.tenant);
    const held = statements.getLock.get(tenant, request.name);
    if (held && held.owner !== request.owner && held.expires_at > request.now) {
      return { status: 'held', expiresAt: held.expires_at };
    }
    statements.setLock.run(tenant, request.name, request.owner, request.now + request.ttlMs);
    return { status: 'claimed' };
  });

  /** Appends, with `lock`: only while that owner holds it (checked in the same transaction), extending it. */
  const appendHolding = db.transaction(
    (entry: AuditEntry, lock: LockClaim | undefined, seal: AuditSeal | undefined): AuditRecord => {
      if (lock) {
        const tenant = tenantColumn(lock.tenant);
        if (statements.getLock.get(tenant, lock.name)?.owner !== lock.owner) throw new LockNotHeldError();
        statements.setLock.run(tenant, lock.name, lock.owner, lock.now + lock.ttlMs);
      }
      return append(entry, seal);
    },
  );

  const consume = db.transaction((request: RateLimitRequest): RateLimitResult => {
    const { n, oldest } = statements.countRate.get(request.key, request.now - request.windowMs) ?? {
      n: 0,
      oldest: null,
    };
    if (n >= request.limit) {
      return {
        allowed: false,
        retryAfterMs: Math.max(0, (oldest ?? request.now) + request.windowMs - request.now),
      };
    }
    statements.insertRate.run(request.eventId, request.key, request.now);
    return { allowed: true, remaining: request.limit - n - 1 };
  });

  const completeWithAudit = db.transaction(
    (scope: IdempotencyScope, response: StoredResponse, audit?: AuditEntry, seal?: AuditSeal) => {
      if (audit) append(audit, seal);
      statements.completeIdempotency.run(
        JSON.stringify(response),
        tenantColumn(scope.tenant),
        scope.actorId,
        scope.key,
      );
    },
  );

  // Prepared audit queries by SQL text (a handful of shapes).
  const queries = new Map<string, Database.Statement<(string | number)[], AuditRow>>();

  return {
    async claimIdempotencyKey(request) {
      sync('NORMAL');
      return claim.immediate(request);
    },
    async completeIdempotencyKey(
      scope: IdempotencyScope,
      response: StoredResponse,
      audit?: AuditEntry,
      options: Pick<AppendOptions, 'seal'> = {},
    ) {
      commit(durability === 'full' ? 'FULL' : 'NORMAL', () =>
        completeWithAudit.immediate(scope, response, audit, options.seal),
      );
    },
    async releaseIdempotencyKey(scope: IdempotencyScope) {
      sync('NORMAL');
      statements.releaseIdempotency.run(tenantColumn(scope.tenant), scope.actorId, scope.key);
    },
    async getIdempotencyRecord(scope: IdempotencyScope) {
      const row = statements.getIdempotency.get(tenantColumn(scope.tenant), scope.actorId, scope.key);
      return row ? toIdempotencyRecord(row) : null;
    },

    async claimLock(request: LockClaim) {
      sync('NORMAL');
      return claimLock.immediate(request);
    },
    async releaseLock(lock: LockOwner) {
      sync('NORMAL');
      statements.releaseLock.run(tenantColumn(lock.tenant), lock.name, lock.owner);
    },

    async appendAudit(entry: AuditEntry, options: AppendOptions = {}) {
      return commit(durability === 'full' || options.durable === true ? 'FULL' : 'NORMAL', () =>
        appendHolding.immediate(entry, options.lock, options.seal),
      );
    },
    async readAudit(query: AuditQuery = {}) {
      const where: string[] = [];
      const params: (string | number)[] = [];
      if (query.afterSeq !== undefined) {
        where.push('seq > ?');
        params.push(query.afterSeq);
      }
      if (query.tenant !== undefined) {
        where.push(query.tenant === null ? 'tenant IS NULL' : 'tenant = ?');
        if (query.tenant !== null) params.push(query.tenant);
      }
      if (query.employeeEmail !== undefined) {
        where.push('employee_email = ?');
        params.push(query.employeeEmail);
      }
      if (query.events !== undefined) {
        where.push(`event IN (${query.events.map(() => '?').join(',') || "''"})`);
        params.push(...query.events);
      }
      if (query.outcomes !== undefined) {
        where.push(`outcome IN (${query.outcomes.map(() => '?').join(',') || "''"})`);
        params.push(...query.outcomes);
      }
      if (query.actionId !== undefined) {
        where.push('action_id = ?');
        params.push(query.actionId);
      }
      const sql = `SELECT ${AUDIT_COLUMNS} FROM audit${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq${query.newestFirst ? ' DESC' : ''}${
        query.limit !== undefined ? ' LIMIT ?' : ''
      }`;
      if (query.limit !== undefined) params.push(Math.max(0, Math.trunc(query.limit)));
      let statement = queries.get(sql);
      if (!statement) {
        statement = db.prepare<(string | number)[], AuditRow>(sql);
        queries.set(sql, statement);
      }
      return statement.all(...params).map(toAuditRecord);
    },
    async auditHead() {
      const row = statements.getHead.get();
      return row ? (JSON.parse(row.value) as { seq: number; hash: string }) : null;
    },

    async consumeRateLimit(request) {
      sync('NORMAL');
      return consume.immediate(request);
    },
    async refundRateLimit(key: string, eventId: string) {
      sync('NORMAL');
      statements.deleteRate.run(key, eventId);
    },

    async prune(now: number) {
      sync('NORMAL');
      statements.pruneIdempotency.run(now);
      statements.pruneLocks.run(now);
      // Rate windows are at most a day long.
      statements.pruneRate.run(now - 24 * 60 * 60 * 1000);
    },
    async close() {
      if (!closed) {
        // If another process holds the file past the busy timeout, the records stay in the WAL: they survive
        // a crash of this process, and the next writer's fsync makes them durable.
        if (pendingFlush !== undefined) flush(true);
        clearTimeout(pendingFlush);
        closed = true;
        db.close();
      }
    },
  };
}
