/**
 * PostgreSQL for the tests: `DATABASE_URL` names a server (`npm test` starts a throwaway one with
 * scripts/postgres.mjs). Each store gets a schema of its own, dropped afterwards, so test files running at
 * once never see each other's rows. Without a server, `POSTGRES_SKIPPED` says why and the PostgreSQL tests
 * register themselves as skipped with that reason.
 */
import { test } from 'node:test';
import pg from 'pg';
import { createPostgresStore, type PostgresStore } from '@hexnode-offboard/proxy/postgres';

export const DATABASE_URL = process.env.DATABASE_URL || undefined;

export const POSTGRES_SKIPPED: string | null = DATABASE_URL
  ? null
  : `PostgreSQL not available: ${process.env.HEXNODE_OFFBOARD_POSTGRES_SKIPPED ?? 'DATABASE_URL is not set'}`;

let counter = 0;

/** A schema name no other test uses. */
export function freshSchema(): string {
  counter += 1;
  return `test_${process.pid}_${Date.now().toString(36)}_${counter}`;
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

/** A store in a new schema; `cleanup` closes it and drops the schema. */
export function openPostgresStore(options: { schema?: string; max?: number } = {}): {
  store: PostgresStore;
  schema: string;
  cleanup(): Promise<void>;
} {
  if (!DATABASE_URL) throw new Error(POSTGRES_SKIPPED ?? 'DATABASE_URL is not set');
  const schema = options.schema ?? freshSchema();
  const store = createPostgresStore({
    connectionString: DATABASE_URL,
    schema,
    ...(options.max !== undefined ? { max: options.max } : {}),
  });
  return {
    store,
    schema,
    cleanup: async () => {
      await store.close();
      await dropSchema(schema);
    },
  };
}

/** A test that needs PostgreSQL: run when a server is there, otherwise reported as skipped with the reason. */
export function postgresTest(name: string, fn: () => Promise<void>): void {
  if (POSTGRES_SKIPPED) test(name, { skip: POSTGRES_SKIPPED }, () => undefined);
  else test(name, fn);
}
