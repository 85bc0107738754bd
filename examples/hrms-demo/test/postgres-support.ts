/**
 * PostgreSQL for the demo's tests, as the proxy's tests use it: `DATABASE_URL` names a server (`npm test`
 * starts a throwaway one; alone: `node scripts/postgres.mjs node scripts/test-node.mjs hrms-demo`). Each test
 * uses a schema of its own, dropped afterwards. Without a server the tests are reported as skipped, with why.
 */
import { test } from 'node:test';
import pg from 'pg';

export const DATABASE_URL = process.env.DATABASE_URL || undefined;

export const POSTGRES_SKIPPED: string | null = DATABASE_URL
  ? null
  : `PostgreSQL not available: ${process.env.HEXNODE_OFFBOARD_POSTGRES_SKIPPED ?? 'DATABASE_URL is not set'}`;

let counter = 0;

/** A schema name no other test uses. */
export function freshSchema(): string {
  counter += 1;
  return `demo_${process.pid}_${Date.now().toString(36)}_${counter}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** A test that needs PostgreSQL: run when a server is there, otherwise reported as skipped with the reason. */
export function postgresTest(name: string, fn: () => Promise<void>): void {
  if (POSTGRES_SKIPPED) test(name, { skip: POSTGRES_SKIPPED }, () => undefined);
  else test(name, fn);
}
