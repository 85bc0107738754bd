/**
 * @hexnode-offboard/proxy/node: the Node-only pieces. `createOffboardHandler` with a durable SQLite store
 * by default, the SQLite store itself, and adapters that mount the Web-standard handler on Node's `http`
 * server or an Express-style app.
 */
export { createOffboardHandler, DEFAULT_STORE_PATH } from './handler.js';
export { createSqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export {
  createSqliteBudgetStore,
  type SqliteBudgetStore,
  type SqliteBudgetStoreOptions,
} from './sqlite-budget.js';
export {
  toNodeListener,
  createExpressMiddleware,
  type ExpressMiddlewareOptions,
  type NodeListenerOptions,
} from './adapters.js';
