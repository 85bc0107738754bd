/**
 * `verifyAuditLog`: walks the whole log and reports the first record that does not fit. What it detects
 * depends on what it is given (docs/security.md, "The audit log" has the table):
 * - always: an edited record or filter column, a deleted, moved or duplicated record, and records cut off
 *   the end while the store's own chain head was left behind;
 * - with the audit `key`: a record forged or re-chained by someone without the key (with the public
 *   SHA-256 function, say), whatever else they rewrote in the database;
 * - with an `anchor` (a head kept outside the database): records cut off the end, or the whole log
 *   replaced, even when the store's chain head was moved to match.
 */
import type { OffboardStore } from '../store/types.js';
import type { AuditHead } from './anchor.js';
import { createAuditSeal } from './chain.js';
import { AuditIntegrityError, CHAIN_START, nextPosition, type ChainPosition } from './integrity.js';

export interface AuditVerification {
  ok: boolean;
  /** How many records were read. */
  records: number;
  /** The `seq` of the first record that does not fit (or where one is missing). */
  brokenAt?: number;
  problem?: string;
  /** With a key: how many records before the first keyed one were plain SHA-256 (written before the key). */
  unkeyed?: number;
}

export interface VerifyAuditLogOptions {
  /** Records read per page. Default 1000. */
  pageSize?: number;
  /** The handler's audit key: every record from the first keyed one on must carry a valid HMAC seal. */
  key?: string | Uint8Array;
  /** A head anchored outside the database (e.g. `await anchor.latest()`): the log must still hold that record. */
  anchor?: AuditHead | null;
}

/**
 * Walks the whole audit log: `seq` runs 1, 2, 3 ... without gaps, every `prevHash` is the previous record's
 * `hash`, every `hash` is the record's seal (HMAC-SHA-256 under `key`, or SHA-256), every filter column
 * matches its record (the store checks them as it reads), the anchored head is in the log, and the store's
 * head points at the last record.
 */
export async function verifyAuditLog(
  store: OffboardStore,
  options: VerifyAuditLogOptions = {},
): Promise<AuditVerification> {
  const pageSize = options.pageSize ?? 1000;
  const seal = createAuditSeal(options.key);
  const anchor = options.anchor ?? null;
  let position: ChainPosition = CHAIN_START;
  let count = 0;
  try {
    for (;;) {
      const page = await store.readAudit({ afterSeq: position.seq, limit: pageSize });
      for (const record of page) {
        count += 1;
        position = nextPosition(position, record, seal);
        if (anchor && record.seq === anchor.seq && record.hash !== anchor.hash) {
          throw new AuditIntegrityError(
            record.seq,
            'it is not the record anchored at this place (the log was rewritten)',
          );
        }
      }
      if (page.length < pageSize) break;
    }
    if (anchor && position.seq < anchor.seq) {
      throw new AuditIntegrityError(
        position.seq + 1,
        `the log ends at record ${position.seq} but record ${anchor.seq} was anchored (records were cut off the end)`,
      );
    }
    const head = await store.auditHead();
    if ((head?.seq ?? 0) !== position.seq || (head !== null && head.hash !== position.hash)) {
      throw new AuditIntegrityError(
        position.seq + 1,
        `the log ends at record ${position.seq} but the chain head says ${head?.seq ?? 0} (records were cut off the end)`,
      );
    }
  } catch (error) {
    if (!(error instanceof AuditIntegrityError)) throw error;
    return { ok: false, records: count, brokenAt: error.seq, problem: error.problem };
  }
  const unkeyed = seal.keyed ? (position.firstKeyedSeq ?? position.seq + 1) - 1 : 0;
  return { ok: true, records: count, ...(unkeyed > 0 ? { unkeyed } : {}) };
}
