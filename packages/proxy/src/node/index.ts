/**
 * @hexnode-offboard/proxy/node: the Node-only pieces. `createOffboardHandler` with a durable SQLite store
 * by default, the SQLite store itself, and adapters that mount the Web-standard handler on Node's `http`
 * server or an Express-style app.
 */
export { createOffboardHandler, DEFAULT_ANCHOR_PATH, DEFAULT_STORE_PATH } from './handler.js';
export { createFileAnchor } from './file-anchor.js';
export { createSqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export {
  toNodeListener,
  createExpressMiddleware,
  type ExpressMiddlewareOptions,
  type NodeListenerOptions,
} from './adapters.js';
