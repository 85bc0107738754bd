/** The contract's idempotency-key and lock cases. */
import { verifyAuditLog } from '../audit/verify.js';
import { LockNotHeldError } from '../store/errors.js';
import type { IdempotencyScope } from '../store/types.js';
import { expectEqual, expectRejects } from './expect.js';
import { HOUR, lock, response, sampleAuditEntry, scope, type Case } from './fixtures.js';

export const idempotencyCases: Case[] = [
  [
    'a free key is claimed, then reported in flight to the same body and as a mismatch to another',
    async (store) => {
      const claim = (fingerprint: string, now: number) =>
        store.claimIdempotencyKey({ ...scope, fingerprint, now, ttlMs: HOUR });
      expectEqual(await claim('a', 0), { status: 'claimed' }, 'first claim');
      expectEqual(await claim('a', 1), { status: 'in_flight' }, 'same body');
      expectEqual(await claim('b', 1), { status: 'mismatch' }, 'another body');
    },
  ],
  [
    'a completed key returns the stored answer; a released key is free again',
    async (store) => {
      await store.claimIdempotencyKey({ ...scope, fingerprint: 'a', now: 0, ttlMs: HOUR });
      await store.completeIdempotencyKey(scope, response);
      const again = await store.claimIdempotencyKey({ ...scope, fingerprint: 'a', now: 5, ttlMs: HOUR });
      expectEqual(again.status, 'completed', 'claim after completion');
      expectEqual(again.status === 'completed' ? again.record.response : null, response, 'stored answer');
      // Releasing a completed key does nothing: its answer stays.
      await store.releaseIdempotencyKey(scope);
      expectEqual((await store.getIdempotencyRecord(scope))?.state, 'completed', 'state after release');

      const other = { ...scope, key: 'key-2' };
      await store.claimIdempotencyKey({ ...other, fingerprint: 'a', now: 0, ttlMs: HOUR });
      await store.releaseIdempotencyKey(other);
      expectEqual(await store.getIdempotencyRecord(other), null, 'released record');
      expectEqual(
        await store.claimIdempotencyKey({ ...other, fingerprint: 'b', now: 0, ttlMs: HOUR }),
        { status: 'claimed' },
        'claim after release',
      );
    },
  ],
  [
    'keys are scoped to actor and tenant, and expire after their time to live',
    async (store) => {
      const claim = (overrides: Partial<IdempotencyScope>, now = 0) =>
        store.claimIdempotencyKey({ ...scope, ...overrides, fingerprint: 'b', now, ttlMs: HOUR });
      await store.claimIdempotencyKey({ ...scope, fingerprint: 'a', now: 0, ttlMs: HOUR });
      expectEqual(await claim({ actorId: 'hr-2' }), { status: 'claimed' }, 'another actor');
      expectEqual(await claim({ tenant: 'globex' }), { status: 'claimed' }, 'another tenant');
      expectEqual(await claim({ tenant: null }), { status: 'claimed' }, 'no tenant');
      expectEqual(await claim({}, HOUR), { status: 'claimed' }, 'after the time to live');
    },
  ],
  [
    'the empty tenant is refused, so it can never share a key with "no tenant"',
    async (store) => {
      await store.claimIdempotencyKey({ ...scope, tenant: null, fingerprint: 'a', now: 0, ttlMs: HOUR });
      await expectRejects(
        store.claimIdempotencyKey({ ...scope, tenant: '', fingerprint: 'a', now: 0, ttlMs: HOUR }),
        (error) => error instanceof TypeError,
        'claiming a key for tenant ""',
      );
      await expectRejects(
        store.claimLock({ ...lock('a', 0), tenant: '' }),
        (error) => error instanceof TypeError,
        'claiming a lock for tenant ""',
      );
    },
  ],
];

export const lockCases: Case[] = [
  [
    'a lock is held by one owner at a time until it expires; its owner may claim it again to extend it',
    async (store) => {
      expectEqual(await store.claimLock(lock('a', 0)), { status: 'claimed' }, 'free lock');
      expectEqual(await store.claimLock(lock('b', 10)), { status: 'held', expiresAt: 1000 }, 'held by a');
      expectEqual(await store.claimLock(lock('a', 500)), { status: 'claimed' }, 'a again');
      expectEqual(await store.claimLock(lock('b', 1200)), { status: 'held', expiresAt: 1500 }, 'extended');
      expectEqual(await store.claimLock(lock('b', 1500)), { status: 'claimed' }, 'expired lock');
      expectEqual(
        await store.claimLock({ ...lock('c', 1500), name: 'sam.shift@acme.example' }),
        { status: 'claimed' },
        'another name',
      );
      expectEqual(
        await store.claimLock({ ...lock('c', 1500), tenant: null }),
        { status: 'claimed' },
        'no tenant',
      );
    },
  ],
  [
    'only the owner releases a lock: an owner whose lock expired cannot release the next owner’s',
    async (store) => {
      await store.claimLock(lock('a', 0));
      await store.claimLock(lock('b', 2000));
      await store.releaseLock(lock('a', 2100));
      expectEqual(
        await store.claimLock(lock('c', 2200)),
        { status: 'held', expiresAt: 3000 },
        'b still holds',
      );
      await store.releaseLock(lock('b', 2300));
      expectEqual(await store.claimLock(lock('c', 2400)), { status: 'claimed' }, 'after b released');
    },
  ],
  [
    'an append with a lock writes only while that owner holds it, and extends the lock',
    async (store) => {
      await store.claimLock(lock('a', 0));
      const record = await store.appendAudit(sampleAuditEntry(), { durable: true, lock: lock('a', 900) });
      expectEqual(record.seq, 1, 'appended while held');
      expectEqual(await store.claimLock(lock('b', 1500)), { status: 'held', expiresAt: 1900 }, 'extended');
      await expectRejects(
        store.appendAudit(sampleAuditEntry(), { lock: lock('b', 1600) }),
        (error) => error instanceof LockNotHeldError,
        'append by another owner',
      );
      await store.claimLock(lock('b', 2000));
      await expectRejects(
        store.appendAudit(sampleAuditEntry(), { durable: true, lock: lock('a', 2100) }),
        (error) => error instanceof LockNotHeldError,
        'append by the owner whose lock was taken over',
      );
      await store.releaseLock(lock('b', 2200));
      await expectRejects(
        store.appendAudit(sampleAuditEntry(), { lock: lock('b', 2300) }),
        (error) => error instanceof LockNotHeldError,
        'append after release',
      );
      expectEqual((await store.readAudit()).length, 1, 'records written');
      expectEqual(await verifyAuditLog(store), { ok: true, records: 1 }, 'chain');
    },
  ],
];
