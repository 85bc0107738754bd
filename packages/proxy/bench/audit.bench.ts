/**
 * What the audit chain's integrity costs: sealing one record (plain SHA-256 and HMAC-SHA-256 under a key),
 * and the walk a handler does before its first decision (every record read from the SQLite store, its filter
 * columns checked against it, its place and seal verified): `verifyAuditLog` with the key does the same walk.
 *
 * Run: npm run bench:audit -w @hexnode-offboard/proxy   (RECORDS=100000 for a longer log)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  GENESIS_HASH,
  createAuditSeal,
  verifyAuditLog,
  type AuditEntry,
  type AuditSeal,
} from '@hexnode-offboard/proxy';
import { createSqliteStore } from '@hexnode-offboard/proxy/node';

const RECORDS = Number(process.env.RECORDS ?? 20_000);
const SEALS = 20_000;
const KEY = 'bench-audit-key-0123456789abcdef-0123456789';

function entry(index: number): AuditEntry {
  return {
    id: `aud_${index.toString().padStart(8, '0')}-5f0c-4b8e-9d1a-3c2b1a0f9e8d`,
    time: new Date(Date.UTC(2026, 10, 25) + index * 1000).toISOString(),
    requestId: `req_${index}-1f2e3d4c-5b6a-4789-8a9b-0c1d2e3f4a5b`,
    event: index % 10 === 0 ? 'action' : 'preview',
    auth: 'cookie',
    actor: { id: 'hr-1', name: 'Hanna HR' },
    tenant: 'acme',
    employee: { email: `employee${index % 500}@acme.example`, name: 'An Employee' },
    hexnodeUser: { id: 12, name: 'An Employee' },
    deviceIds: [41, 42, 43],
    action: index % 10 === 0 ? 'wipe' : null,
    options: index % 10 === 0 ? { mode: 'corporate' } : null,
    reason: index % 10 === 0 ? 'Last day at the company' : null,
    idempotencyKey: index % 10 === 0 ? `key-${index}` : null,
    outcome: 'allowed',
    code: null,
    hexnodeStatus: null,
    attempt: index % 10 === 0 ? 1 : null,
    actionId: index % 10 === 0 ? `act_${index}` : null,
  };
}

function microsPerSeal(seal: AuditSeal): number {
  const record = { ...entry(10), seq: 1, prevHash: GENESIS_HASH };
  for (let index = 0; index < 1000; index++) seal(record);
  const started = performance.now();
  for (let index = 0; index < SEALS; index++) seal({ ...record, seq: index + 1 });
  return ((performance.now() - started) / SEALS) * 1000;
}

const plain = microsPerSeal(createAuditSeal());
const keyed = microsPerSeal(createAuditSeal(KEY));
console.log(`seal one record: SHA-256 ${plain.toFixed(1)} µs, HMAC-SHA-256 ${keyed.toFixed(1)} µs`);

const dir = mkdtempSync(join(tmpdir(), 'hexnode-offboard-audit-bench-'));
try {
  const store = createSqliteStore({ path: join(dir, 'audit.db'), durability: 'actions' });
  const seal = createAuditSeal(KEY);
  for (let index = 1; index <= RECORDS; index++) {
    // Plain events only, so the writes are not fsynced one by one: this measures the walk, not the disk.
    await store.appendAudit({ ...entry(index), event: 'preview' }, { seal });
  }
  const started = performance.now();
  const result = await verifyAuditLog(store, { key: KEY });
  const seconds = (performance.now() - started) / 1000;
  if (!result.ok) throw new Error(`the benchmark log did not verify: ${result.problem}`);
  console.log(
    `walk and verify ${RECORDS} records (SQLite, keyed): ${seconds.toFixed(2)} s, ` +
      `${Math.round(RECORDS / seconds).toLocaleString('en')} records/s`,
  );
  await store.close?.();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)}`);
