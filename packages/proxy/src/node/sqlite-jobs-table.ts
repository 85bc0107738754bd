/**
 * The SQLite job queue's table (`offboard_jobs`): its schema, the columns added since it was first released
 * (append only, added to an older file when the queue opens), and a row read back as a {@link Job}.
 */
import type { Job, JobApproval, JsonValue } from '../jobs/types.js';
import type { SqliteDatabase } from './sqlite-driver.js';

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS offboard_jobs (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  tenant TEXT,
  dedupe_key TEXT NOT NULL UNIQUE,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  run_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  last_error TEXT,
  result TEXT,
  locked_by TEXT,
  locked_until INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX IF NOT EXISTS offboard_jobs_due ON offboard_jobs (state, run_at);
`;

/**
 * Columns added after the table was first released, in order (append only): each is added to a file that lacks
 * it when the queue opens. `approval`: a held job's approval record (JSON), for the two-person rule.
 */
const ADDED_COLUMNS: readonly { name: string; definition: string }[] = [
  { name: 'approval', definition: 'approval TEXT' },
];

/** Adds the columns the table lacks. Call it in an IMMEDIATE transaction: another process may be adding them too. */
export function addMissingColumns(db: SqliteDatabase): void {
  const present = new Set(
    (db.prepare('PRAGMA table_info(offboard_jobs)').all() as { name: string }[]).map((column) => column.name),
  );
  for (const column of ADDED_COLUMNS) {
    if (!present.has(column.name)) db.exec(`ALTER TABLE offboard_jobs ADD COLUMN ${column.definition}`);
  }
}

export interface JobRow {
  id: string;
  kind: string;
  tenant: string | null;
  dedupe_key: string;
  payload: string;
  state: Job['state'];
  run_at: number;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  result: string | null;
  locked_by: string | null;
  locked_until: number | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
  approval: string | null;
}

export function toJob(row: JobRow): Job {
  const job: Job = {
    id: row.id,
    kind: row.kind,
    tenant: row.tenant,
    dedupeKey: row.dedupe_key,
    payload: JSON.parse(row.payload) as JsonValue,
    state: row.state,
    runAt: row.run_at,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lastError: row.last_error,
    result: row.result === null ? null : (JSON.parse(row.result) as JsonValue),
    lockedBy: row.locked_by,
    lockedUntil: row.locked_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
  if (row.approval !== null) job.approval = JSON.parse(row.approval) as JobApproval;
  return job;
}
