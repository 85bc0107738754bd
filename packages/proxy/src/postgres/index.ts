/**
 * @hexnode-offboard/proxy/postgres: the store for several handler instances sharing one PostgreSQL database
 * (audit chain, idempotency records, rate limits, job queue), and the migrations it applies at start.
 * Needs the `pg` package (an optional peer dependency of @hexnode-offboard/proxy) and Node.
 */
export { createPostgresStore, type PostgresStore, type PostgresStoreOptions } from './store.js';
export type { PostgresDirectoryIndexStore } from './directory.js';
export type { AppendOptions } from './audit.js';
export {
  migrate,
  MIGRATIONS,
  SCHEMA_VERSION,
  type Migration,
  type MigrateOptions,
  type MigrateResult,
} from './migrations.js';
