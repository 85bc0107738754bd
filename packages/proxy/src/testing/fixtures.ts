/** What the contract cases share: a key scope, an answer, a lock, a plausible audit entry. */
import type { AuditEntry, IdempotencyScope, LockClaim, OffboardStore } from '../store/types.js';

/** One contract case: its name and its body, run against a fresh store. */
export type Case = [name: string, body: (store: OffboardStore) => Promise<void>];

export const HOUR = 60 * 60 * 1000;
export const scope: IdempotencyScope = { tenant: 'acme', actorId: 'hr-1', key: 'key-1' };
export const response = { status: 202, body: '{"id":"act_1"}', contentType: 'application/json' };
export const lock = (owner: string, now: number, ttlMs = 1000): LockClaim => ({
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
