/**
 * The few assertions the contract suite needs, without `node:assert`, so that the suite runs under any test
 * runner (node:test, Vitest, Jest, Mocha) and in any runtime. A failure throws an `Error` naming both values.
 */
import { canonicalJson } from '../audit/chain.js';

export class ContractFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractFailure';
  }
}

/** Deep equality by canonical JSON (key order does not matter; `undefined` members are absent). */
export function expectEqual(actual: unknown, expected: unknown, what: string): void {
  const got = canonicalJson(actual);
  const wanted = canonicalJson(expected);
  if (got !== wanted) throw new ContractFailure(`${what}: expected ${wanted}, got ${got}`);
}

export function expectTrue(condition: boolean, what: string): void {
  if (!condition) throw new ContractFailure(what);
}

/** The promise rejects, and the error passes `check` (for example `instanceof` a class). */
export async function expectRejects(
  promise: Promise<unknown>,
  check: (error: unknown) => boolean,
  what: string,
): Promise<void> {
  let failed = false;
  try {
    await promise;
  } catch (error) {
    failed = true;
    if (!check(error))
      throw new ContractFailure(`${what}: rejected with an unexpected error: ${String(error)}`);
  }
  if (!failed) throw new ContractFailure(`${what}: expected a rejection`);
}
