/**
 * The SQLite store's tables, created on open: the audit log, idempotency keys, locks, rate events, the action
 * trackers and `directory_index` (the directory index's snapshot per portal); and the one column rule every part
 * of the store shares (`tenantColumn`). The request budget's tables (`hexnode_budget_*`) are its own, created by
 * the budget store in the same file.
 */
import type { SqliteDatabase } from './sqlite-driver.js';

export const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  time TEXT NOT NULL,
  tenant TEXT,
  employee_email TEXT,
  event TEXT NOT NULL,
  outcome TEXT NOT NULL,
  action_id TEXT,
  record TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_employee ON audit (employee_email, event);
CREATE INDEX IF NOT EXISTS audit_action ON audit (action_id);
CREATE TABLE IF NOT EXISTS idempotency (
  tenant TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('in_flight', 'completed')),
  response TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (tenant, actor_id, key)
);
CREATE INDEX IF NOT EXISTS idempotency_expiry ON idempotency (expires_at);
CREATE TABLE IF NOT EXISTS locks (
  tenant TEXT NOT NULL,
  name TEXT NOT NULL,
  owner TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (tenant, name)
);
CREATE TABLE IF NOT EXISTS rate_events (id TEXT PRIMARY KEY, key TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS rate_events_key ON rate_events (key, at);
CREATE TABLE IF NOT EXISTS action_trackers (
  action_id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL,
  portal TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  devices TEXT NOT NULL,
  checked_at INTEGER,
  next_check_at INTEGER,
  tracked_until INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER
);
CREATE INDEX IF NOT EXISTS action_trackers_due ON action_trackers (next_check_at);
CREATE TABLE IF NOT EXISTS directory_index (key TEXT PRIMARY KEY, built_at INTEGER NOT NULL, snapshot BLOB NOT NULL);
`;

/**
 * Creates the tables that are missing and records the schema version (once), in one IMMEDIATE transaction: several
 * processes opening one new file at once create it once.
 */
export function createSchema(db: SqliteDatabase): void {
  db.transaction(() => {
    db.exec(SCHEMA);
    db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run(
      'schema_version',
      String(SCHEMA_VERSION),
    );
  }).immediate();
}

/** SQLite primary keys treat NULL as distinct, so "no tenant" is stored as an empty string (and "" is refused). */
export const tenantColumn = (tenant: string | null): string => tenant ?? '';
