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
import type { OffboardStore } from '../store/types.js';
import { auditCases, otherCases } from './audit-and-rates.js';
import { idempotencyCases, lockCases } from './keys-and-locks.js';
import { trackerCases } from './trackers.js';

export { sampleAuditEntry } from './fixtures.js';

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

/** Registers the contract suite for one store under `name`; `open` gives a fresh, empty store per test. */
export function describeStoreContract(
  name: string,
  open: () => StoreFixture | Promise<StoreFixture>,
  runner: TestRunner,
): void {
  runner.describe(name, () => {
    for (const [title, body] of [
      ...idempotencyCases,
      ...lockCases,
      ...auditCases,
      ...otherCases,
      ...trackerCases,
    ]) {
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
