/**
 * The SQLite store's audit chain: appended in a transaction that reads the head, computes `seq`, `prevHash` and
 * `hash`, and inserts; read back with the filter columns checked against each record (an edited column throws).
 */
import { GENESIS_HASH, computeAuditHash } from '../audit/chain.js';
import { checkAuditColumns, type AuditColumns } from '../audit/integrity.js';
import type { AuditEntry, AuditQuery, AuditRecord, AuditSeal } from '../store/types.js';
import type { SqliteDatabase, SqliteStatement, SqliteTransaction } from './sqlite-driver.js';

/** What a read selects: the record, its place in the chain, and the filter columns to check against it. */
const AUDIT_COLUMNS =
  'seq, id, time, tenant, employee_email, event, outcome, action_id, record, prev_hash, hash';

interface AuditRow extends AuditColumns {
  record: string;
  prev_hash: string;
  hash: string;
}

type Head = { seq: number; hash: string };

/** The record of a row, once its filter columns are checked against it (an edited column throws). */
function toAuditRecord(row: AuditRow): AuditRecord {
  const entry = JSON.parse(row.record) as AuditEntry;
  const record = { ...entry, seq: row.seq, prevHash: row.prev_hash, hash: row.hash };
  checkAuditColumns(record, row);
  return record;
}

/** The WHERE clause and parameters of a query, and the SQL that reads it. */
function auditSelect(query: AuditQuery): { sql: string; params: (string | number)[] } {
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
  return { sql, params };
}

export class SqliteAuditChain {
  readonly #db: SqliteDatabase;
  readonly #last: SqliteStatement<[], Head>;
  readonly #insert: SqliteStatement<[Record<string, string | number | null>]>;
  readonly #setHead: SqliteStatement<[string]>;
  readonly #getHead: SqliteStatement<[], { value: string }>;
  // Prepared audit queries by SQL text (a handful of shapes).
  readonly #queries = new Map<string, SqliteStatement<(string | number)[], AuditRow>>();
  /** Appends one record to the chain; a transaction of its own, or a part of the caller's. */
  readonly append: SqliteTransaction<[AuditEntry, AuditSeal?], AuditRecord>;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    this.#last = db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1');
    this.#insert = db.prepare(
      `INSERT INTO audit (seq, id, time, tenant, employee_email, event, outcome, action_id, record, prev_hash, hash)
       VALUES (@seq, @id, @time, @tenant, @employeeEmail, @event, @outcome, @actionId, @record, @prevHash, @hash)`,
    );
    this.#setHead = db.prepare(
      `INSERT INTO meta (key, value) VALUES ('audit_head', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    );
    this.#getHead = db.prepare(`SELECT value FROM meta WHERE key = 'audit_head'`);
    this.append = db.transaction((entry: AuditEntry, seal: AuditSeal = computeAuditHash): AuditRecord => {
      const last = this.#last.get();
      const partial = { ...entry, seq: (last?.seq ?? 0) + 1, prevHash: last?.hash ?? GENESIS_HASH };
      const hash = seal(partial);
      this.#insert.run({
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
      this.#setHead.run(JSON.stringify({ seq: partial.seq, hash }));
      return { ...partial, hash };
    });
  }

  read(query: AuditQuery): AuditRecord[] {
    const { sql, params } = auditSelect(query);
    let statement = this.#queries.get(sql);
    if (!statement) {
      statement = this.#db.prepare<(string | number)[], AuditRow>(sql);
      this.#queries.set(sql, statement);
    }
    return statement.all(...params).map(toAuditRecord);
  }

  /** The last record's `seq` and `hash` as last written (null when empty). */
  head(): Head | null {
    const row = this.#getHead.get();
    return row ? (JSON.parse(row.value) as Head) : null;
  }
}
