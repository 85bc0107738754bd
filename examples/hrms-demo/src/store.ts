/**
 * Where the demo keeps its state: one store for the handler (audit log, idempotency keys, locks), the Hexnode
 * request budget (`budgetStore`) and the job queue. PostgreSQL when `DATABASE_URL` is set (any number of
 * instances on any number of machines share it), otherwise the SQLite file in the data folder (instances on
 * this machine share it).
 */
import { join } from 'node:path';
import type { BudgetStore } from '@hexnode-offboard/core';
import type { JobQueue, OffboardStore } from '@hexnode-offboard/proxy';
import { createSqliteStore } from '@hexnode-offboard/proxy/node';
import type { DatabaseTarget } from './config.js';

export interface DemoStore {
  /** The handler's store; its `budgetStore` counts every instance's Hexnode calls in one place. */
  store: OffboardStore & { budgetStore: BudgetStore };
  /** The termination jobs: the webhook stores them, the worker runs them, the Offboarding page lists them. */
  queue: JobQueue;
  /** One line for the console: which store this is (never the database password). */
  description: string;
  close(): Promise<void>;
}

/** `postgresql://user:secret@host:5432/db` -> `host:5432/db`: where, without the credentials. */
export function databaseLabel(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname}`;
}

async function openPostgres(database: DatabaseTarget): Promise<DemoStore> {
  const { createPostgresStore } = await import('@hexnode-offboard/proxy/postgres');
  const store = createPostgresStore({
    connectionString: database.url,
    ...(database.schema ? { schema: database.schema } : {}),
  });
  try {
    await store.ready(); // migrations applied (once, under a lock, however many instances start at once)
  } catch (error) {
    await store.close().catch(() => undefined);
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(
      `cannot open PostgreSQL at ${databaseLabel(database.url)} (${why}): check DATABASE_URL.`,
      {
        cause: error,
      },
    );
  }
  return {
    store,
    queue: store,
    description: `PostgreSQL at ${databaseLabel(database.url)} (schema ${store.schema}): audit log, Hexnode budget and job queue, shared by every instance on it`,
    close: () => store.close(),
  };
}

function openSqlite(dataDir: string): DemoStore {
  const path = join(dataDir, 'offboard.sqlite');
  try {
    const store = createSqliteStore({ path });
    return {
      store,
      queue: store.jobQueue, // a table of its own in the same file
      description: `SQLite file ${path}: audit log, Hexnode budget and job queue, shared by every instance on this machine using it`,
      close: async () => {
        await store.close();
      },
    };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(
      `cannot open the store ${path} (${why}): move the data folder away or set HRMS_DEMO_DATA_DIR to start afresh.`,
      { cause: error },
    );
  }
}

export function openDemoStore(dataDir: string, database: DatabaseTarget | null): Promise<DemoStore> {
  return database ? openPostgres(database) : Promise.resolve(openSqlite(dataDir));
}
