// better-sqlite3 is an optional peer dependency: the SQLite store has its own entry and loads the driver lazily.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { createSqliteStore } from '@hexnode-offboard/proxy/sqlite';
import { createSqliteStore as fromNodeEntry } from '@hexnode-offboard/proxy/node';
import { verifyAuditLog } from '@hexnode-offboard/proxy';
import { tempDir } from './support/stores.js';

const CHILD = fileURLToPath(new URL('./support/without-sqlite-child.ts', import.meta.url));

test('@hexnode-offboard/proxy/sqlite opens a durable store, the same function ./node still exports', async () => {
  assert.equal(createSqliteStore, fromNodeEntry);
  const temp = tempDir();
  try {
    const path = join(temp.dir, 'nested', 'offboard.db');
    const store = createSqliteStore({ path });
    try {
      assert.ok(existsSync(path), 'the file and its folder are created');
      const verification = await verifyAuditLog(store);
      assert.equal(verification.ok, true);
      assert.equal(verification.records, 0);
    } finally {
      await store.close?.();
    }
  } finally {
    temp.remove();
  }
});

test('without better-sqlite3 the Node entry still loads and runs with another store; the SQLite default fails with how to fix it, before touching the disk', () => {
  const temp = tempDir();
  try {
    const child = spawnSync(
      process.execPath,
      ['--conditions=@hexnode-offboard/source', '--import', 'tsx', CHILD, temp.dir],
      { encoding: 'utf8' },
    );
    assert.equal(child.status, 0, child.stderr);
    const result = JSON.parse(child.stdout) as Record<string, unknown>;
    assert.equal(result.adapters, true);
    assert.equal(result.withStore, 'ok');
    for (const key of ['defaultStore', 'sqliteEntry']) {
      assert.match(String(result[key]), /needs better-sqlite3, an optional peer dependency/);
      assert.match(String(result[key]), /npm install better-sqlite3/);
      assert.match(String(result[key]), /pass `store`/);
    }
    assert.deepEqual(readdirSync(temp.dir), [], 'no folder or file was created');
  } finally {
    temp.remove();
  }
});
