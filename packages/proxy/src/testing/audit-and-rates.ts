/** The contract's audit-log, rate-limit and pruning cases. */
import { verifyAuditLog } from '../audit/verify.js';
import { LockNotHeldError } from '../store/errors.js';
import type { OffboardStore } from '../store/types.js';
import { expectEqual, expectRejects, expectTrue } from './expect.js';
import { HOUR, lock, response, sampleAuditEntry, scope, type Case } from './fixtures.js';

export const auditCases: Case[] = [
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

export const otherCases: Case[] = [
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
