// The release check's import checks: every published entry loads in Node from the installed tarballs, and the
// SQLite store is optional. `node build/checks.js` runs without better-sqlite3 installed; `--with-sqlite` after it
// is. Prints one line per check; exits non-zero on the first failure.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HexnodeClient } from '@hexnode-offboard/core';
import { DESTRUCTIVE_ACTIONS } from '@hexnode-offboard/core/protocol';
import { createSimulator } from '@hexnode-offboard/simulator';
import { startSimulator } from '@hexnode-offboard/simulator/node';
import { createMemoryStore, verifyAuditLog } from '@hexnode-offboard/proxy';
import { createOffboardHandler, createExpressMiddleware } from '@hexnode-offboard/proxy/node';
import { createSqliteStore } from '@hexnode-offboard/proxy/sqlite';
import { en } from '@hexnode-offboard/elements/strings';

const withSqlite = process.argv.includes('--with-sqlite');
const options = {
  hexnode: { baseUrl: 'http://127.0.0.1:9/api/v1/', apiKey: 'key' },
  authorize: async () => null,
};

const run = (name: string, check: () => unknown) => {
  check();
  console.log(`ok - ${name}`);
};

if (!withSqlite) {
  run('every entry loads in Node', () => {
    assert.equal(typeof HexnodeClient, 'function');
    assert.ok(DESTRUCTIVE_ACTIONS.length > 0);
    assert.equal(typeof createSimulator, 'function');
    assert.equal(typeof startSimulator, 'function');
    assert.equal(typeof createExpressMiddleware, 'function');
    assert.equal(en.buttonLabel, 'Offboard devices');
  });
  run('without better-sqlite3, /node runs with another store', () => {
    assert.equal(typeof createOffboardHandler({ ...options, store: createMemoryStore() }), 'function');
  });
  run("without better-sqlite3, /node's default store and /sqlite say how to install it", () => {
    assert.throws(() => createOffboardHandler(options), /npm install better-sqlite3/);
    assert.throws(() => createSqliteStore({ path: ':memory:' }), /npm install better-sqlite3/);
  });
} else {
  const dir = mkdtempSync(join(tmpdir(), 'hexnode-offboard-release-sqlite-'));
  try {
    const store = createSqliteStore({ path: join(dir, 'offboard.db') });
    const verification = await verifyAuditLog(store);
    await store.close?.();
    run('with better-sqlite3, /sqlite opens a durable store', () => assert.equal(verification.ok, true));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
