/**
 * The stores every shared suite runs against: the memory store, the SQLite store on a temporary file and,
 * when a server is there (DATABASE_URL), the PostgreSQL store in a schema of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, type OffboardStore } from '@hexnode-offboard/proxy';
import { createSqliteStore } from '@hexnode-offboard/proxy/node';
import { DATABASE_URL, openPostgresStore } from './postgres.js';

export { sampleAuditEntry as auditEntry } from '@hexnode-offboard/proxy/testing';

export interface StoreFixture {
  name: string;
  open(): { store: OffboardStore; path?: string; cleanup(): Promise<void> };
}

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'hexnode-offboard-proxy-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const STORES: StoreFixture[] = [
  {
    name: 'memory store',
    open: () => ({ store: createMemoryStore(), cleanup: async () => undefined }),
  },
  {
    name: 'SQLite store',
    open: () => {
      const temp = tempDir();
      const path = join(temp.dir, 'offboard.db');
      const store = createSqliteStore({ path });
      return {
        store,
        path,
        cleanup: async () => {
          await store.close?.();
          temp.remove();
        },
      };
    },
  },
  ...(DATABASE_URL ? [{ name: 'PostgreSQL store', open: () => openPostgresStore() }] : []),
];
