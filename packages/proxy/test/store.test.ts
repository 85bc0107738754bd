import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { verifyAuditLog, type IdempotencyScope } from '@hexnode-offboard/proxy';
import { createSqliteStore } from '@hexnode-offboard/proxy/node';
import { describeStoreContract } from '@hexnode-offboard/proxy/testing';
import { STORES, auditEntry, tempDir } from './support/stores.js';

const HOUR = 60 * 60 * 1000;
const scope: IdempotencyScope = { tenant: 'acme', actorId: 'hr-1', key: 'key-1' };

// The contract every store keeps, exported for third-party stores as `@hexnode-offboard/proxy/testing`.
for (const fixture of STORES) describeStoreContract(fixture.name, fixture.open, { describe, test });

describe('SQLite store durability', () => {
  const open = (options: { durability?: 'full' | 'actions'; flushAfterMs?: number } = {}) => {
    const temp = tempDir();
    const path = join(temp.dir, 'offboard.db');
    return { temp, path, store: createSqliteStore({ path, ...options }) };
  };
  /** When the background flush last fsynced the file, read through a second connection. */
  const flushedAt = (path: string) => {
    const db = new Database(path, { readonly: true });
    try {
      return db.prepare(`SELECT value FROM meta WHERE key = 'flushed_at'`).get() as
        { value: string } | undefined;
    } finally {
      db.close();
    }
  };
  const until = async (condition: () => boolean) => {
    for (let waited = 0; waited < 5000 && !condition(); waited += 10) await delay(10);
    return condition();
  };

  test('by default an append that is not durable is fsynced by a background flush within flushAfterMs', async () => {
    const { temp, path, store } = open({ flushAfterMs: 20 });
    try {
      await store.appendAudit(auditEntry({ event: 'preview', outcome: 'allowed' }));
      assert.equal(flushedAt(path), undefined, 'not flushed on its own');
      assert.equal(await until(() => flushedAt(path) !== undefined), true, 'flushed in the background');
    } finally {
      await store.close?.();
      temp.remove();
    }
  });

  test('a durable append (an action intent) is fsynced with its own commit, which leaves nothing to flush', async () => {
    const { temp, path, store } = open({ flushAfterMs: 20 });
    try {
      await store.claimIdempotencyKey({ ...scope, fingerprint: 'a', now: 0, ttlMs: HOUR });
      await store.appendAudit(auditEntry({ event: 'action', outcome: 'allowed' }), { durable: true });
      await delay(100);
      assert.equal(flushedAt(path), undefined, 'the intent commit covered the claim before it');
    } finally {
      await store.close?.();
      temp.remove();
    }
  });

  test('a flush that finds the file locked by another process does not wait for it, and tries again', async () => {
    const { temp, path, store } = open({ flushAfterMs: 100 });
    const other = new Database(path);
    try {
      await store.appendAudit(auditEntry({ event: 'preview', outcome: 'allowed' }));
      // Another process takes the write lock before the flush is due.
      other.exec('BEGIN IMMEDIATE');
      const started = performance.now();
      await delay(350);
      // The flush came due (twice) while the lock was held and gave way at once: the timer above was on time.
      assert.ok(performance.now() - started < 2000, 'the event loop was not blocked waiting for the lock');
      assert.equal(flushedAt(path), undefined, 'no flush while the other process holds the lock');
      other.exec('COMMIT');
      assert.equal(await until(() => flushedAt(path) !== undefined), true, 'flushed once the lock is gone');
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await store.close?.();
      temp.remove();
    }
  });

  test('an intent commit that fails leaves the earlier commits due for their flush', async () => {
    const temp = tempDir();
    const path = join(temp.dir, 'offboard.db');
    const store = createSqliteStore({ path, flushAfterMs: 100, busyTimeoutMs: 20 });
    const other = new Database(path);
    try {
      await store.appendAudit(auditEntry({ event: 'preview', outcome: 'allowed' }));
      other.exec('BEGIN IMMEDIATE');
      await assert.rejects(
        store.appendAudit(auditEntry({ event: 'action', outcome: 'allowed' }), { durable: true }),
      );
      other.exec('COMMIT');
      assert.equal(
        await until(() => flushedAt(path) !== undefined),
        true,
        'the preview record was still flushed',
      );
    } finally {
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
      await store.close?.();
      temp.remove();
    }
  });

  test('close() flushes a commit that is still waiting for its fsync', async () => {
    const { temp, path, store } = open({ flushAfterMs: 60_000 });
    try {
      await store.appendAudit(auditEntry({ event: 'preview', outcome: 'allowed' }));
      await store.close?.();
      assert.notEqual(flushedAt(path), undefined);
      const reopened = createSqliteStore({ path });
      assert.equal((await verifyAuditLog(reopened)).records, 1);
      await reopened.close?.();
    } finally {
      temp.remove();
    }
  });

  test('a tracker claim that finds nothing due writes nothing, so an idle runner leaves nothing to flush', async () => {
    const { temp, path, store } = open({ flushAfterMs: 20 });
    try {
      const claim = { owner: 'runner-1', now: 1_000, leaseMs: 60_000, portals: ['portal-a'], limit: 10 };
      assert.deepEqual(await store.trackerStore.claimDueTrackers(claim), []);
      await delay(100);
      assert.equal(flushedAt(path), undefined, 'no commit of its own');
    } finally {
      await store.close?.();
      temp.remove();
    }
  });

  test('durability full fsyncs every audit record itself', async () => {
    const { temp, path, store } = open({ durability: 'full', flushAfterMs: 20 });
    try {
      await store.appendAudit(auditEntry({ event: 'preview', outcome: 'allowed' }));
      await delay(100);
      assert.equal(flushedAt(path), undefined);
    } finally {
      await store.close?.();
      temp.remove();
    }
  });

  test('bad durability settings are refused', () => {
    const temp = tempDir();
    try {
      const path = join(temp.dir, 'offboard.db');
      assert.throws(() => createSqliteStore({ path, flushAfterMs: 0 }), TypeError);
      assert.throws(
        () => createSqliteStore({ path, durability: 'sometimes' as unknown as 'full' }),
        TypeError,
      );
    } finally {
      temp.remove();
    }
  });
});
