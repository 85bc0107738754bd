/**
 * The store contract suite: what every `OffboardStore` must do, as tests a store's own test file runs with its
 * test runner. The memory and SQLite stores run it; a third-party store (PostgreSQL, ...) runs it the same way:
 *
 * ```ts
 * import { describe, test } from "node:test";
 * import { describeStoreContract } from "@hexnode-offboard/proxy/testing";
 * describeStoreContract("my store", async () => ({ store: await openMyStore(), cleanup: dropIt }), { describe, test });
 * ```
 */
import { verifyAuditLog } from '../audit/chain.js';
import { LockNotHeldError } from '../store/errors.js';
import type { AuditEntry, IdempotencyScope, LockClaim, OffboardStore } from '../store/types.js';
import { expectEqual, expectRejects, expectTrue } from './expect.js';

/** A store under test and how to throw it away. */
export interface StoreFixture {
  store: OffboardStore;
  cleanup?(): Promise<void> | void;
}

/** The two functions of the caller's test runner the suite uses (node:test, Vitest, Jest and Mocha have both). */
export interface TestRunner {
  describe(name: string, suite: () => void): unknown;
  test(name: string, body: () => Promise<void>): unknown;
}

const HOUR = 60 * 60 * 1000;
const scope: IdempotencyScope = { tenant: 'acme', actorId: 'hr-1', key: 'key-1' };
const response = { status: 202, body: '{"id":"act_1"}', contentType: 'application/json' };
const lock = (owner: string, now: number, ttlMs = 1000): LockClaim => ({
  tenant: 'acme',
  name: 'jane.leaver@acme.example',
  owner,
  now,
  ttlMs,
});

let counter = 0;

/** A plausible audit entry (an action intent); override what a test cares about. */
export function sampleAuditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
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

type Case = [name: string, body: (store: OffboardStore) => Promise<void>];

/** Registers the contract suite for one store under `name`; `open` gives a fresh, empty store per test. */
export function describeStoreContract(
  name: string,
  open: () => StoreFixture | Promise<StoreFixture>,
  runner: TestRunner,
): void {
  runner.describe(name, () => {
    for (const [title, body] of [...idempotencyCases, ...lockCases, ...auditCases, ...otherCases]) {
      runner.test(title, async () => {
        const fixture = await open();
        try {
          await body(fixture.store);
        } finally {
          await fixture.cleanup?.();
        }
      });
    }
  });
}

const idempotencyCases: Case[] = [
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

const lockCases: Case[] = [
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

const auditCases: Case[] = [
  [
    'audit records chain: seq counts up, each prevHash is the previous hash, and the log verifies',
    async (store) => {
      const first = await store.appendAudit(sampleAuditEntry());
      const second = await store.appendAudit(sampleAuditEntry({ outcome: 'denied', code: 'forbidden' }), {
        durable: true,
      });
      expectEqual([first.seq, first.prevHash], [1, '0'.repeat(64)], 'first record');
      expectEqual([second.seq, second.prevHash], [2, first.hash], 'second record');
      expectTrue(/^[0-9a-f]{64}$/.test(second.hash), 'a SHA-256 hash');
      expectEqual(await verifyAuditLog(store), { ok: true, records: 2 }, 'chain');
      expectEqual(await store.auditHead(), { seq: 2, hash: second.hash }, 'head');
    },
  ],
  [
    'fifty concurrent appends form one unbroken chain',
    async (store) => {
      await Promise.all(Array.from({ length: 50 }, () => store.appendAudit(sampleAuditEntry())));
      expectEqual(
        (await store.readAudit()).map((record) => record.seq),
        Array.from({ length: 50 }, (_, index) => index + 1),
        'seqs',
      );
      expectEqual(await verifyAuditLog(store, { pageSize: 7 }), { ok: true, records: 50 }, 'chain');
    },
  ],
  [
    'audit queries filter by tenant, employee, event, action id, position and count',
    async (store) => {
      await store.appendAudit(sampleAuditEntry({ tenant: 'acme', actionId: 'act_a' }));
      await store.appendAudit(
        sampleAuditEntry({ tenant: 'globex', employee: { email: 'sam.shift@acme.example' } }),
      );
      await store.appendAudit(sampleAuditEntry({ tenant: null, event: 'preview' }));
      await store.appendAudit(sampleAuditEntry({ tenant: 'acme', event: 'action_result', outcome: 'sent' }));
      const seqs = async (query: Parameters<OffboardStore['readAudit']>[0]) =>
        (await store.readAudit(query)).map((record) => record.seq);
      expectEqual(await seqs({ tenant: 'acme' }), [1, 4], 'tenant');
      expectEqual(await seqs({ tenant: null }), [3], 'no tenant');
      expectEqual(await seqs({ employeeEmail: 'sam.shift@acme.example' }), [2], 'employee');
      expectEqual(await seqs({ events: ['preview', 'action_result'] }), [3, 4], 'events');
      expectEqual(await seqs({ actionId: 'act_a' }), [1], 'action id');
      expectEqual(await seqs({ afterSeq: 1, limit: 2 }), [2, 3], 'position and count');
    },
  ],
  [
    'queries read newest first and by outcome',
    async (store) => {
      await store.appendAudit(sampleAuditEntry({ outcome: 'sent' }));
      await store.appendAudit(sampleAuditEntry({ outcome: 'failed' }));
      await store.appendAudit(sampleAuditEntry({ outcome: 'sent' }));
      const seqs = async (query: Parameters<OffboardStore['readAudit']>[0]) =>
        (await store.readAudit(query)).map((record) => record.seq);
      expectEqual(await seqs({ newestFirst: true, limit: 2 }), [3, 2], 'newest first');
      expectEqual(await seqs({ outcomes: ['sent'] }), [1, 3], 'outcome');
    },
  ],
  [
    'completing a key with an audit record stores both, and the chain still verifies',
    async (store) => {
      await store.appendAudit(sampleAuditEntry());
      await store.claimIdempotencyKey({ ...scope, fingerprint: 'a', now: 0, ttlMs: HOUR });
      await store.completeIdempotencyKey(
        scope,
        response,
        sampleAuditEntry({ event: 'action_result', outcome: 'sent' }),
      );
      expectEqual((await store.getIdempotencyRecord(scope))?.state, 'completed', 'key');
      expectEqual(
        (await store.readAudit()).map((record) => [record.seq, record.event]),
        [
          [1, 'action'],
          [2, 'action_result'],
        ],
        'records',
      );
      expectEqual(await verifyAuditLog(store), { ok: true, records: 2 }, 'chain');
    },
  ],
];

const otherCases: Case[] = [
  [
    'a rate window refuses the event over the limit, says when to retry, and forgets refunded events',
    async (store) => {
      const hit = (eventId: string, now: number) =>
        store.consumeRateLimit({ key: 'k', limit: 2, windowMs: HOUR, now, eventId });
      expectEqual(await hit('e1', 0), { allowed: true, remaining: 1 }, 'first');
      expectEqual(await hit('e2', 1000), { allowed: true, remaining: 0 }, 'second');
      expectEqual(await hit('e3', 2000), { allowed: false, retryAfterMs: HOUR - 2000 }, 'third');
      await store.refundRateLimit('k', 'e2');
      expectEqual(await hit('e4', 2000), { allowed: true, remaining: 0 }, 'after a refund');
      // The first event leaves the window after an hour.
      expectEqual(await hit('e5', HOUR + 1), { allowed: true, remaining: 0 }, 'an hour later');
    },
  ],
  [
    'pruning drops expired idempotency records and locks, and keeps live ones and every audit record',
    async (store) => {
      await store.claimIdempotencyKey({ ...scope, fingerprint: 'a', now: 0, ttlMs: HOUR });
      await store.claimIdempotencyKey({ ...scope, key: 'late', fingerprint: 'a', now: HOUR, ttlMs: HOUR });
      await store.claimLock(lock('a', 0, HOUR));
      await store.appendAudit(sampleAuditEntry());
      await store.prune?.(HOUR + 1);
      expectEqual(await store.getIdempotencyRecord(scope), null, 'expired key');
      expectEqual(
        (await store.getIdempotencyRecord({ ...scope, key: 'late' }))?.state,
        'in_flight',
        'live key',
      );
      await expectRejects(
        store.appendAudit(sampleAuditEntry(), { lock: lock('a', HOUR + 2) }),
        (error) => error instanceof LockNotHeldError,
        'the pruned lock is gone',
      );
      expectEqual((await store.readAudit()).length, 1, 'audit records');
    },
  ],
];
