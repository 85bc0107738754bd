import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { verifyAuditLog, type IdempotencyScope, type OffboardStore } from '@hexnode-offboard/proxy';
import { createSqliteStore } from '@hexnode-offboard/proxy/node';
import { STORES, auditEntry, tempDir } from './support/stores.js';

const HOUR = 60 * 60 * 1000;
const scope: IdempotencyScope = { tenant: 'acme', actorId: 'hr-1', key: 'key-1' };
const response = { status: 202, body: '{"id":"act_1"}', contentType: 'application/json' };

for (const fixture of STORES) {
  describe(`${fixture.name}`, () => {
    const withStore = (fn: (store: OffboardStore) => Promise<void>) => async () => {
      const opened = fixture.open();
      try {
        await fn(opened.store);
      } finally {
        await opened.cleanup();
      }
    };

    test(
      'a free key is claimed, then reported in flight to the same body and as a mismatch to another',
      withStore(async (store) => {
        assert.deepEqual(
          await store.claimIdempotencyKey({ ...scope, fingerprint: 'a', now: 0, ttlMs: HOUR }),
          { status: 'claimed' },
        );
        assert.deepEqual(
          await store.claimIdempotencyKey({ ...scope, fingerprint: 'a', now: 1, ttlMs: HOUR }),
          { status: 'in_flight' },
        );
        assert.deepEqual(
          await store.claimIdempotencyKey({ ...scope, fingerprint: 'b', now: 1, ttlMs: HOUR }),
          { status: 'mismatch' },
        );
      }),
    );

    test(
      'a completed key returns the stored answer; a released key is free again',
      withStore(async (store) => {
        await store.claimIdempotencyKey({ ...scope, fingerprint: 'a', now: 0, ttlMs: HOUR });
        await store.completeIdempotencyKey(scope, response);
        const again = await store.claimIdempotencyKey({ ...scope, fingerprint: 'a', now: 5, ttlMs: HOUR });
        assert.equal(again.status, 'completed');
        assert.deepEqual(again.status === 'completed' ? again.record.response : null, response);
        // Releasing a completed key does nothing: its answer stays.
        await store.releaseIdempotencyKey(scope);
        assert.equal((await store.getIdempotencyRecord(scope))?.state, 'completed');

        const other = { ...scope, key: 'key-2' };
        await store.claimIdempotencyKey({ ...other, fingerprint: 'a', now: 0, ttlMs: HOUR });
        await store.releaseIdempotencyKey(other);
        assert.equal(await store.getIdempotencyRecord(other), null);
        assert.deepEqual(
          await store.claimIdempotencyKey({ ...other, fingerprint: 'b', now: 0, ttlMs: HOUR }),
          { status: 'claimed' },
        );
      }),
    );

    test(
      'keys are scoped to actor and tenant, and expire after their time to live',
      withStore(async (store) => {
        await store.claimIdempotencyKey({ ...scope, fingerprint: 'a', now: 0, ttlMs: HOUR });
        assert.deepEqual(
          await store.claimIdempotencyKey({
            ...scope,
            actorId: 'hr-2',
            fingerprint: 'b',
            now: 0,
            ttlMs: HOUR,
          }),
          { status: 'claimed' },
        );
        assert.deepEqual(
          await store.claimIdempotencyKey({
            ...scope,
            tenant: 'globex',
            fingerprint: 'b',
            now: 0,
            ttlMs: HOUR,
          }),
          { status: 'claimed' },
        );
        assert.deepEqual(
          await store.claimIdempotencyKey({ ...scope, tenant: null, fingerprint: 'b', now: 0, ttlMs: HOUR }),
          { status: 'claimed' },
        );
        assert.deepEqual(
          await store.claimIdempotencyKey({ ...scope, fingerprint: 'b', now: HOUR, ttlMs: HOUR }),
          { status: 'claimed' },
        );
      }),
    );

    test(
      'audit records chain: seq counts up, each prevHash is the previous hash, and the log verifies',
      withStore(async (store) => {
        const first = await store.appendAudit(auditEntry());
        const second = await store.appendAudit(auditEntry({ outcome: 'denied', code: 'forbidden' }));
        assert.equal(first.seq, 1);
        assert.equal(first.prevHash, '0'.repeat(64));
        assert.equal(second.seq, 2);
        assert.equal(second.prevHash, first.hash);
        assert.match(second.hash, /^[0-9a-f]{64}$/);
        assert.deepEqual(await verifyAuditLog(store), { ok: true, records: 2 });
        assert.deepEqual(await store.auditHead(), { seq: 2, hash: second.hash });
      }),
    );

    test(
      'fifty concurrent appends form one unbroken chain',
      withStore(async (store) => {
        await Promise.all(Array.from({ length: 50 }, () => store.appendAudit(auditEntry())));
        const records = await store.readAudit();
        assert.deepEqual(
          records.map((record) => record.seq),
          Array.from({ length: 50 }, (_, index) => index + 1),
        );
        assert.deepEqual(await verifyAuditLog(store, { pageSize: 7 }), { ok: true, records: 50 });
      }),
    );

    test(
      'audit queries filter by tenant, employee, event, action id, position and count',
      withStore(async (store) => {
        await store.appendAudit(auditEntry({ tenant: 'acme', actionId: 'act_a' }));
        await store.appendAudit(
          auditEntry({ tenant: 'globex', employee: { email: 'sam.shift@acme.example' } }),
        );
        await store.appendAudit(auditEntry({ tenant: null, event: 'preview' }));
        await store.appendAudit(auditEntry({ tenant: 'acme', event: 'action_result', outcome: 'sent' }));
        assert.deepEqual(
          (await store.readAudit({ tenant: 'acme' })).map((r) => r.seq),
          [1, 4],
        );
        assert.deepEqual(
          (await store.readAudit({ tenant: null })).map((r) => r.seq),
          [3],
        );
        assert.deepEqual(
          (await store.readAudit({ employeeEmail: 'sam.shift@acme.example' })).map((r) => r.seq),
          [2],
        );
        assert.deepEqual(
          (await store.readAudit({ events: ['preview', 'action_result'] })).map((r) => r.seq),
          [3, 4],
        );
        assert.deepEqual(
          (await store.readAudit({ actionId: 'act_a' })).map((r) => r.seq),
          [1],
        );
        assert.deepEqual(
          (await store.readAudit({ afterSeq: 1, limit: 2 })).map((r) => r.seq),
          [2, 3],
        );
      }),
    );

    test(
      'a rate window refuses the event over the limit, says when to retry, and forgets refunded events',
      withStore(async (store) => {
        const hit = (eventId: string, now: number) =>
          store.consumeRateLimit({ key: 'k', limit: 2, windowMs: HOUR, now, eventId });
        assert.deepEqual(await hit('e1', 0), { allowed: true, remaining: 1 });
        assert.deepEqual(await hit('e2', 1000), { allowed: true, remaining: 0 });
        assert.deepEqual(await hit('e3', 2000), { allowed: false, retryAfterMs: HOUR - 2000 });
        await store.refundRateLimit('k', 'e2');
        assert.deepEqual(await hit('e4', 2000), { allowed: true, remaining: 0 });
        // The first event leaves the window after an hour.
        assert.deepEqual(await hit('e5', HOUR + 1), { allowed: true, remaining: 0 });
      }),
    );

    test(
      'pruning drops expired idempotency records and keeps live ones and every audit record',
      withStore(async (store) => {
        await store.claimIdempotencyKey({ ...scope, fingerprint: 'a', now: 0, ttlMs: HOUR });
        await store.claimIdempotencyKey({ ...scope, key: 'late', fingerprint: 'a', now: HOUR, ttlMs: HOUR });
        await store.appendAudit(auditEntry());
        await store.prune?.(HOUR + 1);
        assert.equal(await store.getIdempotencyRecord(scope), null);
        assert.equal((await store.getIdempotencyRecord({ ...scope, key: 'late' }))?.state, 'in_flight');
        assert.equal((await store.readAudit()).length, 1);
      }),
    );

    test(
      'queries read newest first and by outcome',
      withStore(async (store) => {
        await store.appendAudit(auditEntry({ outcome: 'sent' }));
        await store.appendAudit(auditEntry({ outcome: 'failed' }));
        await store.appendAudit(auditEntry({ outcome: 'sent' }));
        assert.deepEqual(
          (await store.readAudit({ newestFirst: true, limit: 2 })).map((r) => r.seq),
          [3, 2],
        );
        assert.deepEqual(
          (await store.readAudit({ outcomes: ['sent'] })).map((r) => r.seq),
          [1, 3],
        );
      }),
    );

    test(
      'completing a key with an audit record stores both, and the chain still verifies',
      withStore(async (store) => {
        await store.appendAudit(auditEntry());
        await store.claimIdempotencyKey({ ...scope, fingerprint: 'a', now: 0, ttlMs: HOUR });
        await store.completeIdempotencyKey(
          scope,
          response,
          auditEntry({ event: 'action_result', outcome: 'sent' }),
        );
        assert.equal((await store.getIdempotencyRecord(scope))?.state, 'completed');
        assert.deepEqual(
          (await store.readAudit()).map((r) => [r.seq, r.event]),
          [
            [1, 'action'],
            [2, 'action_result'],
          ],
        );
        assert.deepEqual(await verifyAuditLog(store), { ok: true, records: 2 });
      }),
    );
  });
}

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

  test('by default a record that is not an action intent is fsynced by a background flush within flushAfterMs', async () => {
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

  test('an action intent is fsynced with its own commit, which leaves nothing to flush', async () => {
    const { temp, path, store } = open({ flushAfterMs: 20 });
    try {
      await store.claimIdempotencyKey({ ...scope, fingerprint: 'a', now: 0, ttlMs: HOUR });
      await store.appendAudit(auditEntry({ event: 'action', outcome: 'allowed' }));
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
      await assert.rejects(store.appendAudit(auditEntry({ event: 'action', outcome: 'allowed' })));
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
