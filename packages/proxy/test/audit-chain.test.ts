import assert from 'node:assert/strict';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import {
  GENESIS_HASH,
  auditHashInput,
  canonicalJson,
  computeAuditHash,
  createMemoryStore,
  verifyAuditLog,
  type OffboardStore,
} from '@hexnode-offboard/proxy';
import { createSqliteStore } from '@hexnode-offboard/proxy/node';
import { auditEntry, tempDir } from './support/stores.js';

describe('audit chain tamper detection (SQLite file edited behind the store)', () => {
  let temp: ReturnType<typeof tempDir>;
  let path: string;
  let store: OffboardStore;
  let db: Database.Database;

  beforeEach(async () => {
    temp = tempDir();
    path = join(temp.dir, 'audit.db');
    store = createSqliteStore({ path });
    for (let index = 0; index < 5; index++)
      await store.appendAudit(auditEntry({ reason: `reason ${index}` }));
    // A second connection plays the attacker with write access to the file.
    db = new Database(path);
  });

  afterEach(async () => {
    db.close();
    await store.close?.();
    temp.remove();
  });

  test('an untouched log verifies', async () => {
    assert.deepEqual(await verifyAuditLog(store), { ok: true, records: 5 });
  });

  test('an edited record is found at its seq', async () => {
    const row = db.prepare('SELECT record FROM audit WHERE seq = 3').get() as { record: string };
    const edited = { ...JSON.parse(row.record), deviceIds: [99] };
    db.prepare('UPDATE audit SET record = ? WHERE seq = 3').run(JSON.stringify(edited));
    const result = await verifyAuditLog(store);
    assert.equal(result.ok, false);
    assert.equal(result.brokenAt, 3);
    assert.match(result.problem ?? '', /edited/);
  });

  test('an edited record whose hash was recomputed without the chain is found at the next record', async () => {
    // The attacker rewrites record 2 and its own hash, but cannot fix record 3's prevHash without rewriting the rest.
    const row = db.prepare('SELECT record, prev_hash FROM audit WHERE seq = 2').get() as {
      record: string;
      prev_hash: string;
    };
    const edited = { ...JSON.parse(row.record), reason: 'Nothing to see' };
    const hash = createHash('sha256')
      .update(canonicalJson({ ...edited, seq: 2, prevHash: row.prev_hash }))
      .digest('hex');
    db.prepare('UPDATE audit SET record = ?, hash = ? WHERE seq = 2').run(JSON.stringify(edited), hash);
    const result = await verifyAuditLog(store);
    assert.equal(result.ok, false);
    assert.equal(result.brokenAt, 3);
  });

  test('a deleted record is found', async () => {
    db.prepare('DELETE FROM audit WHERE seq = 2').run();
    const result = await verifyAuditLog(store);
    assert.equal(result.ok, false);
    assert.equal(result.brokenAt, 2);
    assert.match(result.problem ?? '', /deleted/);
  });

  test('reordered records are found', async () => {
    db.exec(
      'UPDATE audit SET seq = 100 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 4; UPDATE audit SET seq = 4 WHERE seq = 100;',
    );
    const result = await verifyAuditLog(store);
    assert.equal(result.ok, false);
    assert.equal(result.brokenAt, 2);
  });

  test('records cut off the end are found through the chain head', async () => {
    db.prepare('DELETE FROM audit WHERE seq = 5').run();
    const result = await verifyAuditLog(store);
    assert.equal(result.ok, false);
    assert.match(result.problem ?? '', /cut off/);
  });
});

describe('canonical JSON', () => {
  test('sorts keys at every level and drops undefined members, so equal records hash equally', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [1, { f: 2, e: undefined }], c: null } }),
      '{"a":{"c":null,"d":[1,{"f":2}]},"b":1}',
    );
    assert.equal(canonicalJson({ x: 1, y: 2 }), canonicalJson({ y: 2, x: 1 }));
  });

  test('a record hashes to SHA-256 of its canonical UTF-8 text, the same in the memory and SQLite stores', async () => {
    const entry = auditEntry({ reason: 'Jürgen 名前 😀 left\u2028early' });
    const expected = createHash('sha256')
      .update(auditHashInput({ ...entry, seq: 1, prevHash: GENESIS_HASH }), 'utf8')
      .digest('hex');
    assert.equal(computeAuditHash({ ...entry, seq: 1, prevHash: GENESIS_HASH }), expected);
    const temp = tempDir();
    const sqlite = createSqliteStore({ path: join(temp.dir, 'same.db') });
    try {
      const fromMemory = await createMemoryStore().appendAudit(entry);
      const fromSqlite = await sqlite.appendAudit(entry);
      assert.equal(fromMemory.hash, expected);
      assert.equal(fromSqlite.hash, expected);
    } finally {
      await sqlite.close?.();
      temp.remove();
    }
  });
});
