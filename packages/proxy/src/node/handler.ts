/**
 * `createOffboardHandler` for Node: the same handler as the main entry, whose state is durable by default.
 * Without `store`, audit records, idempotency records and rate-limit events go to an embedded SQLite file,
 * so an acknowledged action and its audit record survive a restart or `kill -9` with no database server to run,
 * and (unless `audit.anchor` says otherwise) the audit chain's head is anchored to a file beside it. The Hexnode
 * request budget counts in the same file (the store's `budgetStore`), so every process on it spends one budget.
 */
import { createOffboardHandler as createHandler, type TrackingOffboardHandler } from '../handler/handler.js';
import type { OffboardHandlerOptions } from '../options.js';
import { createFileAnchor } from './file-anchor.js';
import { createSqliteStore } from './sqlite-store.js';

/** Where the default store lives, relative to the process's working directory. */
export const DEFAULT_STORE_PATH = '.data/hexnode-offboard.db';
/**
 * Where the default store's chain heads are anchored (one JSON line each), beside it. Make the file append-only
 * for whoever can write the database, or ship it elsewhere, for the anchor to prove anything.
 */
export const DEFAULT_ANCHOR_PATH = '.data/hexnode-offboard.audit-anchors.jsonl';

/**
 * The handler with `options.store`, or else with a SQLite store at `DEFAULT_STORE_PATH`. The default needs
 * `better-sqlite3` (an optional peer dependency); without it this throws one error that says how to install it
 * or which store to pass instead.
 */
export function createOffboardHandler(options: OffboardHandlerOptions): TrackingOffboardHandler {
  if (options?.store) return createHandler(options);
  return createHandler({
    ...options,
    store: createSqliteStore({ path: DEFAULT_STORE_PATH }),
    audit: { anchor: createFileAnchor(DEFAULT_ANCHOR_PATH), ...options?.audit },
  });
}
