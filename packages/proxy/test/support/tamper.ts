/**
 * Someone with write access to the audit database, for tests: the SQLite store edited with real SQL through
 * a second connection, and the memory store behind a wrapper that lies about what it holds.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  createMemoryStore,
  type AuditHead,
  type AuditRecord,
  type OffboardStore,
} from '@hexnode-offboard/proxy';
import { createSqliteStore } from '@hexnode-offboard/proxy/node';
import { tempDir } from './stores.js';

export const AUDIT_KEY = 'audit-chain-key-for-tests-0123456789abcdef';
/** A store plus the ways an attacker with write access to its database can change it behind its back. */
export interface Tamperable {
  store: OffboardStore;
  /** Deletes the last `n` records and moves the store's chain head back to the one before them. */
  cutLast(n: number): void;
  /** Changes which employee a record is about (SQLite: the `employee_email` column only). */
  editEmployee(seq: number, email: string): void;
  /** Changes a record's content without fixing its seal (SQLite: the `record` JSON). */
  editReason(seq: number, reason: string): void;
  cleanup(): Promise<void>;
}

export function memoryBehindALiar(): Tamperable {
  const inner = createMemoryStore();
  let cut = 0;
  const edits = new Map<number, (record: AuditRecord) => AuditRecord>();
  const visible = async () => {
    const all = await inner.readAudit();
    return all.slice(0, all.length - cut).map((record) => edits.get(record.seq)?.(record) ?? record);
  };
  return {
    // The memory store is a class with private fields: delegate to it, bound, except for the two lies.
    store: new Proxy(inner, {
      get(target, property) {
        if (property === 'readAudit') {
          return async (query: { afterSeq?: number; limit?: number } = {}) => {
            const records = (await visible()).filter((record) => record.seq > (query.afterSeq ?? 0));
            return query.limit === undefined ? records : records.slice(0, query.limit);
          };
        }
        if (property === 'auditHead') {
          return async () => {
            const last = (await visible()).at(-1);
            return last ? { seq: last.seq, hash: last.hash } : null;
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }),
    cutLast: (n) => {
      cut += n;
    },
    editEmployee: (seq, email) => edits.set(seq, (record) => ({ ...record, employee: { email } })),
    editReason: (seq, reason) => edits.set(seq, (record) => ({ ...record, reason })),
    cleanup: async () => undefined,
  };
}

export function sqliteEditedWithSql(): Tamperable & { db: Database.Database; path: string } {
  const temp = tempDir();
  const path = join(temp.dir, 'audit.db');
  const store = createSqliteStore({ path });
  const db = new Database(path);
  return {
    store,
    db,
    path,
    cutLast(n) {
      db.prepare('DELETE FROM audit WHERE seq > (SELECT MAX(seq) FROM audit) - ?').run(n);
      const last = db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as
        AuditHead | undefined;
      if (last) db.prepare(`UPDATE meta SET value = ? WHERE key = 'audit_head'`).run(JSON.stringify(last));
      else db.prepare(`DELETE FROM meta WHERE key = 'audit_head'`).run();
    },
    editEmployee(seq, email) {
      db.prepare('UPDATE audit SET employee_email = ? WHERE seq = ?').run(email, seq);
    },
    editReason(seq, reason) {
      const row = db.prepare('SELECT record FROM audit WHERE seq = ?').get(seq) as { record: string };
      const record = { ...JSON.parse(row.record), reason };
      db.prepare('UPDATE audit SET record = ? WHERE seq = ?').run(JSON.stringify(record), seq);
    },
    async cleanup() {
      db.close();
      await store.close?.();
      temp.remove();
    },
  };
}
