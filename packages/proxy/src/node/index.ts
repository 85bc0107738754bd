/**
 * @hexnode-offboard/proxy/node: the Node-only pieces. `createOffboardHandler` with a durable SQLite store
 * by default, and adapters that mount the Web-standard handler on Node's `http` server or an Express-style
 * app. The SQLite driver (`better-sqlite3`, an optional peer dependency) is loaded only when a SQLite store
 * opens: with your own `store`, this entry runs without it. `createSqliteStore` is also here for existing
 * imports; its own entry is `@hexnode-offboard/proxy/sqlite`.
 */
export { createOffboardHandler, DEFAULT_ANCHOR_PATH, DEFAULT_STORE_PATH } from './handler.js';
export { createFileAnchor } from './file-anchor.js';
export { createSqliteStore, type SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export {
  createSqliteBudgetStore,
  type SqliteBudgetStore,
  type SqliteBudgetStoreOptions,
} from './sqlite-budget.js';
export type { SqliteDirectoryIndexStore } from './sqlite-directory.js';
export { createSqliteJobQueue, SqliteJobQueue, type SqliteJobQueueOptions } from './sqlite-jobs.js';
export type { SqliteDatabase, SqliteStatement, SqliteTransaction } from './sqlite-driver.js';
export {
  toNodeListener,
  createExpressMiddleware,
  type ExpressMiddlewareOptions,
  type NodeListenerOptions,
} from './adapters.js';
