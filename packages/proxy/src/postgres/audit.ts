/**
 * The audit chain on PostgreSQL. An append locks the one head row (`SELECT ... FOR UPDATE`), so appends from
 * every connection of every instance run one after another and the chain never forks; the record and the
 * moved head commit together.
 */
import { computeAuditHash } from '../audit/chain.js';
import { checkAuditColumns } from '../audit/integrity.js';
import type { AppendOptions, AuditEntry, AuditQuery, AuditRecord } from '../store/types.js';
import { toNumber, type Queryable } from './db.js';
import { holdLockIn } from './locks.js';
import { decodeText, encodeText } from './text.js';

/**
 * `durable: false`: the commit does not wait for the WAL to reach disk (`synchronous_commit = off`): it survives
 * a crash of this process, and the server writes it within a moment. Default true (waits). `lock`: the append
 * happens only while that owner holds the lock (checked in the same transaction).
 */
export type { AppendOptions } from '../store/types.js';

interface AuditRow {
  seq: string;
  id: string;
  time: string;
  tenant: string | null;
  employee_email: string | null;
  event: string;
  outcome: string;
  action_id: string | null;
  record: string;
  prev_hash: string;
  hash: string;
}

/** Appends one record inside the caller's transaction. */
export async function appendAuditIn(
  client: Queryable,
  s: string,
  entry: AuditEntry,
  options: AppendOptions = {},
): Promise<AuditRecord> {
  if (options.durable === false) await client.query('SET LOCAL synchronous_commit TO off');
  if (options.lock) await holdLockIn(client, s, options.lock);
  const head = await client.query<{ seq: string; hash: string }>(
    `SELECT seq, hash FROM ${s}.audit_head WHERE id = 1 FOR UPDATE`,
  );
  const last = head.rows[0];
  if (!last) throw new Error('The audit head row is missing: the schema was not migrated.');
  const partial = { ...entry, seq: toNumber(last.seq) + 1, prevHash: last.hash };
  const hash = (options.seal ?? computeAuditHash)(partial);
  await client.query(
    `INSERT INTO ${s}.audit (seq, id, time, tenant, employee_email, event, outcome, action_id, record, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      partial.seq,
      entry.id,
      entry.time,
      encodeText(entry.tenant),
      encodeText(entry.employee?.email ?? null),
      entry.event,
      entry.outcome,
      encodeText(entry.actionId),
      JSON.stringify(entry),
      partial.prevHash,
      hash,
    ],
  );
  await client.query(`UPDATE ${s}.audit_head SET seq = $1, hash = $2 WHERE id = 1`, [partial.seq, hash]);
  return { ...partial, hash };
}

/** The SQL and parameters of an audit query. */
export function auditQuerySql(s: string, query: AuditQuery): { text: string; values: unknown[] } {
  const where: string[] = [];
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  if (query.afterSeq !== undefined) where.push(`seq > ${param(query.afterSeq)}`);
  if (query.tenant !== undefined)
    where.push(query.tenant === null ? 'tenant IS NULL' : `tenant = ${param(encodeText(query.tenant))}`);
  if (query.employeeEmail !== undefined)
    where.push(`employee_email = ${param(encodeText(query.employeeEmail))}`);
  if (query.events !== undefined) where.push(`event = ANY(${param(query.events)}::text[])`);
  if (query.outcomes !== undefined) where.push(`outcome = ANY(${param(query.outcomes)}::text[])`);
  if (query.actionId !== undefined) where.push(`action_id = ${param(encodeText(query.actionId))}`);
  const limit = query.limit !== undefined ? ` LIMIT ${param(Math.max(0, Math.trunc(query.limit)))}` : '';
  return {
    text: `SELECT seq, id, time, tenant, employee_email, event, outcome, action_id, record, prev_hash, hash FROM ${s}.audit${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq${query.newestFirst ? ' DESC' : ''}${limit}`,
    values,
  };
}

/** The record of a row, once its filter columns are checked against it (an edited column throws). */
export function toAuditRecord(row: AuditRow): AuditRecord {
  const entry = JSON.parse(row.record) as AuditEntry;
  const record = { ...entry, seq: toNumber(row.seq), prevHash: row.prev_hash, hash: row.hash };
  checkAuditColumns(record, {
    seq: toNumber(row.seq),
    id: row.id,
    time: row.time,
    tenant: decodeText(row.tenant),
    employee_email: decodeText(row.employee_email),
    event: row.event,
    outcome: row.outcome,
    action_id: decodeText(row.action_id),
  });
  return record;
}

export async function readAuditIn(client: Queryable, s: string, query: AuditQuery): Promise<AuditRecord[]> {
  const { text, values } = auditQuerySql(s, query);
  const { rows } = await client.query<AuditRow>(text, values);
  return rows.map(toAuditRecord);
}
