/**
 * The stores every shared suite runs against: the memory store, the SQLite store on a temporary file and,
 * when a server is there (DATABASE_URL), the PostgreSQL store in a schema of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, type AuditEntry, type OffboardStore } from '@hexnode-offboard/proxy';
import { createSqliteStore } from '@hexnode-offboard/proxy/node';
import { DATABASE_URL, openPostgresStore } from './postgres.js';

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

let counter = 0;

/** A plausible audit entry; override what a test cares about. */
export function auditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  counter += 1;
  return {
    id: `aud_test-${counter}`,
    time: new Date(Date.UTC(2026, 10, 25, 12, 0, counter % 60)).toISOString(),
    requestId: `req_test-${counter}`,
    event: 'action',
    auth: 'cookie',
    actor: { id: 'hr-1', name: 'Hanna HR' },
    tenant: null,
    employee: { email: 'jane.leaver@acme.example' },
    hexnodeUser: { id: 12, name: 'Jane Leaver' },
    deviceIds: [41, 42],
    action: 'wipe',
    options: { mode: 'corporate' },
    reason: 'Last day',
    idempotencyKey: `key-${counter}`,
    outcome: 'allowed',
    code: null,
    hexnodeStatus: null,
    attempt: 1,
    actionId: `act_test-${counter}`,
    ...overrides,
  };
}
