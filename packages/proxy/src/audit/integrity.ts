/**
 * Checking audit records as they are read: that each one is sealed, follows the one before it, and (in SQL
 * stores) that the columns the store filters on still say what the sealed record says.
 */
import type { AuditRecord } from '../store/types.js';
import { GENESIS_HASH, computeAuditHash, type ChainSeal } from './chain.js';

/** The audit log is not what the handler wrote: a record edited, forged, deleted, moved or cut off. */
export class AuditIntegrityError extends Error {
  constructor(
    /** The `seq` of the first record that does not fit (or where one is missing). */
    readonly seq: number,
    /** What does not fit. */
    readonly problem: string,
  ) {
    super(`The audit log failed verification at record ${seq}: ${problem}`);
    this.name = 'AuditIntegrityError';
  }
}

/** The columns a SQL store keeps beside each record to filter on, as read from the row. */
export interface AuditColumns {
  seq: number;
  id: string;
  time: string;
  tenant: string | null;
  employee_email: string | null;
  event: string;
  outcome: string;
  action_id: string | null;
}

/**
 * Throws an {@link AuditIntegrityError} when a row's filter columns do not say what its record says: someone
 * edited a column (say `employee_email`, to hide a wipe from that employee's history) behind the store.
 */
export function checkAuditColumns(record: AuditRecord, columns: AuditColumns): void {
  const expected: Record<keyof AuditColumns, unknown> = {
    seq: record.seq,
    id: record.id,
    time: record.time,
    tenant: record.tenant,
    employee_email: record.employee?.email ?? null,
    event: record.event,
    outcome: record.outcome,
    action_id: record.actionId,
  };
  for (const name of Object.keys(expected) as (keyof AuditColumns)[]) {
    if (columns[name] !== expected[name]) {
      throw new AuditIntegrityError(
        columns.seq,
        `its ${name} column does not match the sealed record (the column was edited)`,
      );
    }
  }
}

/** Where a walk along the chain stands: the last record that fitted. */
export interface ChainPosition {
  seq: number;
  /** That record's hash; null when the walk starts mid-chain and the link of its first record is not checked. */
  hash: string | null;
  /** The `seq` of the first keyed record, once known: only plain (unkeyed) records may come before it. */
  firstKeyedSeq: number | null;
}

export const CHAIN_START: ChainPosition = { seq: 0, hash: GENESIS_HASH, firstKeyedSeq: null };

/**
 * The position after `record`, or an {@link AuditIntegrityError}: `seq` must be the next one, `prevHash` the
 * previous record's hash, and `hash` the record's seal. With a keyed seal, records written before the key
 * was configured (plain SHA-256) are accepted only as an unbroken prefix: once a keyed record was seen, every
 * later one must be keyed.
 */
export function nextPosition(position: ChainPosition, record: AuditRecord, seal: ChainSeal): ChainPosition {
  const expected = position.seq + 1;
  if (record.seq !== expected) {
    throw new AuditIntegrityError(
      expected,
      record.seq > expected
        ? `record ${expected} is missing (deleted), the next is ${record.seq}`
        : `record ${record.seq} is out of place (moved or duplicated)`,
    );
  }
  if (position.hash !== null && record.prevHash !== position.hash) {
    throw new AuditIntegrityError(
      record.seq,
      `it does not follow record ${position.seq} (deleted, reordered or edited)`,
    );
  }
  if (record.hash === seal(record)) {
    const firstKeyedSeq = position.firstKeyedSeq ?? (seal.keyed ? record.seq : null);
    return { seq: record.seq, hash: record.hash, firstKeyedSeq };
  }
  const beforeKey = position.firstKeyedSeq === null || record.seq < position.firstKeyedSeq;
  if (seal.keyed && beforeKey && record.hash === computeAuditHash(record)) {
    return { seq: record.seq, hash: record.hash, firstKeyedSeq: position.firstKeyedSeq };
  }
  throw new AuditIntegrityError(
    record.seq,
    seal.keyed
      ? 'its seal does not match its content under the audit key (edited, or written without the key)'
      : 'its hash does not match its content (edited; or the log is keyed: verify with the key)',
  );
}
