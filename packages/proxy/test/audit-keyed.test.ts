/**
 * The keyed audit chain against someone with write access to the database: records cut off the end (the
 * store's head moved to match), a record appended with the public SHA-256 function, and edited columns or
 * records. Each must fail `verifyAuditLog` given the key and an anchored head, on both stores: the SQLite
 * store edited with real SQL through a second connection, the memory store behind a wrapper that lies.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import {
  computeAuditHash,
  createAuditSeal,
  createMemoryStore,
  verifyAuditLog,
  type AuditHead,
  type OffboardStore,
} from '@hexnode-offboard/proxy';
import { createFileAnchor } from '@hexnode-offboard/proxy/node';
import { auditEntry, tempDir } from './support/stores.js';
import { AUDIT_KEY, memoryBehindALiar, sqliteEditedWithSql, type Tamperable } from './support/tamper.js';

const seal = createAuditSeal(AUDIT_KEY);

const TAMPERABLE = [
  { name: 'memory store behind a lying wrapper', open: memoryBehindALiar },
  { name: 'SQLite store edited with SQL', open: sqliteEditedWithSql },
];

for (const fixture of TAMPERABLE) {
  describe(`keyed chain, ${fixture.name}`, () => {
    let tamperable: Tamperable;
    let store: OffboardStore;
    let anchored: AuditHead;

    beforeEach(async () => {
      tamperable = fixture.open();
      store = tamperable.store;
      for (let index = 1; index <= 6; index++) {
        await store.appendAudit(auditEntry({ reason: `reason ${index}` }), { seal });
      }
      anchored = (await store.auditHead())!;
    });

    afterEach(() => tamperable.cleanup());

    test('an untouched keyed log verifies with its key and its anchored head', async () => {
      assert.deepEqual(await verifyAuditLog(store, { key: AUDIT_KEY, anchor: anchored }), {
        ok: true,
        records: 6,
      });
    });

    test('records cut off the end, with the head moved to match, fail against the anchored head', async () => {
      tamperable.cutLast(2);
      // The database alone cannot tell: its own head was moved too.
      assert.equal((await verifyAuditLog(store, { key: AUDIT_KEY })).ok, true);
      const result = await verifyAuditLog(store, { key: AUDIT_KEY, anchor: anchored });
      assert.equal(result.ok, false);
      assert.equal(result.brokenAt, 5);
      assert.match(result.problem ?? '', /anchored .*cut off/);
    });

    test('a record appended with the public SHA-256 function fails verification with the key', async () => {
      await store.appendAudit(auditEntry({ reason: 'forged' }));
      const result = await verifyAuditLog(store, { key: AUDIT_KEY, anchor: anchored });
      assert.equal(result.ok, false);
      assert.equal(result.brokenAt, 7);
      assert.match(result.problem ?? '', /audit key/);
    });

    test('an edited employee (column or record) fails verification at that record', async () => {
      tamperable.editEmployee(3, 'someone.else@acme.example');
      const result = await verifyAuditLog(store, { key: AUDIT_KEY, anchor: anchored });
      assert.equal(result.ok, false);
      assert.equal(result.brokenAt, 3);
    });

    test('an edited record fails verification at that record', async () => {
      tamperable.editReason(4, 'Nothing to see');
      const result = await verifyAuditLog(store, { key: AUDIT_KEY, anchor: anchored });
      assert.equal(result.ok, false);
      assert.equal(result.brokenAt, 4);
    });
  });
}

describe('SQLite: records cut off the end and replaced', () => {
  test("new records in the cut records' places (same seq, head moved) fail against the anchored head", async () => {
    const tamperable = sqliteEditedWithSql();
    try {
      const store = tamperable.store;
      for (let index = 0; index < 6; index++) await store.appendAudit(auditEntry(), { seal });
      const anchored = (await store.auditHead())!;
      tamperable.cutLast(2);
      await store.appendAudit(auditEntry({ reason: 'replacement 5' }), { seal: computeAuditHash });
      await store.appendAudit(auditEntry({ reason: 'replacement 6' }), { seal: computeAuditHash });
      const result = await verifyAuditLog(store, { key: AUDIT_KEY, anchor: anchored });
      assert.equal(result.ok, false);
      assert.equal(result.brokenAt, 5);
    } finally {
      await tamperable.cleanup();
    }
  });
});

describe('SQLite: every filter column is checked against the sealed record', () => {
  for (const [column, value] of [
    ['employee_email', 'other@acme.example'],
    ['tenant', 'globex'],
    ['event', 'preview'],
    ['outcome', 'denied'],
    ['action_id', 'act_other'],
    ['id', 'aud_other'],
    ['time', '2020-01-01T00:00:00.000Z'],
  ] as const) {
    test(`an edited ${column} column fails verification`, async () => {
      const tamperable = sqliteEditedWithSql();
      try {
        for (let index = 0; index < 3; index++) await tamperable.store.appendAudit(auditEntry(), { seal });
        tamperable.db.prepare(`UPDATE audit SET ${column} = ? WHERE seq = 2`).run(value);
        const result = await verifyAuditLog(tamperable.store, { key: AUDIT_KEY });
        assert.equal(result.ok, false);
        assert.equal(result.brokenAt, 2);
        assert.match(result.problem ?? '', new RegExp(`${column} column`));
      } finally {
        await tamperable.cleanup();
      }
    });
  }
});

describe('a log keyed after it began', () => {
  test('plain records before the first keyed one are accepted and counted; a plain one after it is not', async () => {
    const store = createMemoryStore();
    await store.appendAudit(auditEntry());
    await store.appendAudit(auditEntry());
    await store.appendAudit(auditEntry(), { seal });
    assert.deepEqual(await verifyAuditLog(store, { key: AUDIT_KEY }), { ok: true, records: 3, unkeyed: 2 });
    await store.appendAudit(auditEntry());
    const result = await verifyAuditLog(store, { key: AUDIT_KEY });
    assert.equal(result.ok, false);
    assert.equal(result.brokenAt, 4);
  });

  test('a key shorter than 32 bytes is refused', () => {
    assert.throws(() => createAuditSeal('too-short'), /at least 32 bytes/);
  });
});

describe('createFileAnchor', () => {
  test('appends one JSON line per head and reads the highest back, ignoring torn lines, junk and older heads', async () => {
    const temp = tempDir();
    try {
      const path = join(temp.dir, 'anchors', 'heads.jsonl');
      const anchor = createFileAnchor(path);
      assert.equal(await anchor.latest(), null);
      await anchor.write({ seq: 3, hash: 'a'.repeat(64), at: '2026-11-25T12:00:00.000Z' });
      await anchor.write({ seq: 9, hash: 'b'.repeat(64), at: '2026-11-25T12:01:00.000Z' });
      assert.deepEqual(await anchor.latest(), { seq: 9, hash: 'b'.repeat(64) });
      writeFileSync(path, '{"seq":12,"hash":"cc', { flag: 'a' });
      assert.deepEqual(await anchor.latest(), { seq: 9, hash: 'b'.repeat(64) });
      // Someone who may only append adds junk and an older head: the highest whole head still counts.
      writeFileSync(path, `\n${'x'.repeat(10_000)}\n{"seq":3,"hash":"${'a'.repeat(64)}"}\n`, { flag: 'a' });
      assert.deepEqual(await anchor.latest(), { seq: 9, hash: 'b'.repeat(64) });
    } finally {
      temp.remove();
    }
  });
});
