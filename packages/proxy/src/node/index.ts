/**
 * @hexnode-offboard/proxy/node: the Node-only pieces. The durable SQLite store and adapters that
 * mount the Web-standard handler on Node's `http` server or an Express-style app.
 */
export { createSqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export {
  toNodeListener,
  createExpressMiddleware,
  type ExpressMiddlewareOptions,
  type NodeListenerOptions,
} from './adapters.js';
