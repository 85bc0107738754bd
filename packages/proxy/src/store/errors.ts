/** Errors a store rejects with, so that the handler can tell them from a store that is down. */

/** `appendAudit(entry, { lock })` found the lock not held by that owner: nothing was written. */
export class LockNotHeldError extends Error {
  constructor(message = 'The lock is not held by this owner; nothing was written.') {
    super(message);
    this.name = 'LockNotHeldError';
  }
}

/** Refuses the empty tenant, which a SQL key column (where `null` is stored as `""`) cannot tell from "no tenant". */
export function checkTenant(tenant: string | null): void {
  if (tenant === '') throw new TypeError('A tenant is a non-empty string or null ("no tenant"), never "".');
}
