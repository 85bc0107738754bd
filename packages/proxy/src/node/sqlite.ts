/**
 * @hexnode-offboard/proxy/sqlite: the durable SQLite store (one file, WAL), the default state of
 * `createOffboardHandler` from `@hexnode-offboard/proxy/node`. It needs `better-sqlite3`, an optional peer
 * dependency, loaded when the first store opens.
 */
export { createSqliteStore, type SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export { createSqliteJobQueue, SqliteJobQueue, type SqliteJobQueueOptions } from './sqlite-jobs.js';
