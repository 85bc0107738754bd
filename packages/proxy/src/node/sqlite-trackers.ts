/**
 * The SQLite store's action trackers (its `trackerStore`), in the store's file: a claim is one `BEGIN IMMEDIATE`
 * transaction, so two handler instances or processes on one file never claim the same due tracker.
 */
import { checkTenant } from '../store/errors.js';
import type {
  ActionTracker,
  ActionTrackerStore,
  TrackedDevice,
  TrackerClaim,
  TrackerUpdate,
} from '../store/types.js';
import type { SqliteDatabase, SqliteStatement, SqliteTransaction } from './sqlite-driver.js';
import { tenantColumn } from './sqlite-schema.js';

interface TrackerRow {
  action_id: string;
  tenant: string;
  portal: string;
  sent_at: number;
  devices: string;
  checked_at: number | null;
  next_check_at: number | null;
  tracked_until: number;
}

const toTracker = (row: TrackerRow): ActionTracker => ({
  actionId: row.action_id,
  tenant: row.tenant === '' ? null : row.tenant,
  portal: row.portal,
  sentAt: row.sent_at,
  devices: JSON.parse(row.devices) as TrackedDevice[],
  checkedAt: row.checked_at,
  nextCheckAt: row.next_check_at,
  trackedUntil: row.tracked_until,
});

const COLUMNS = 'action_id, tenant, portal, sent_at, devices, checked_at, next_check_at, tracked_until';

export class SqliteTrackerStore implements ActionTrackerStore {
  readonly #beforeWrite: () => void;
  readonly #insert: SqliteStatement<
    [string, string, string, number, string, number | null, number | null, number]
  >;
  readonly #get: SqliteStatement<[string], TrackerRow>;
  readonly #due: SqliteStatement<[number, number, string, number], TrackerRow>;
  readonly #lease: SqliteStatement<[string, number, string]>;
  readonly #update: SqliteStatement<[string, number | null, number | null, string, string]>;
  readonly #claim: SqliteTransaction<[TrackerClaim], ActionTracker[]>;

  /** `beforeWrite`: the store's own step before a write (its commit level). */
  constructor(db: SqliteDatabase, beforeWrite: () => void = () => undefined) {
    this.#beforeWrite = beforeWrite;
    this.#insert = db.prepare(
      `INSERT INTO action_trackers (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (action_id) DO NOTHING`,
    );
    this.#get = db.prepare(`SELECT ${COLUMNS} FROM action_trackers WHERE action_id = ?`);
    this.#due = db.prepare(
      `SELECT ${COLUMNS} FROM action_trackers
       WHERE next_check_at IS NOT NULL AND next_check_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
         AND portal IN (SELECT value FROM json_each(?))
       ORDER BY next_check_at LIMIT ?`,
    );
    this.#lease = db.prepare(
      'UPDATE action_trackers SET lease_owner = ?, lease_until = ? WHERE action_id = ?',
    );
    this.#update = db.prepare(
      `UPDATE action_trackers SET devices = ?, checked_at = ?, next_check_at = ?, lease_owner = NULL, lease_until = NULL
       WHERE action_id = ? AND lease_owner = ?`,
    );
    this.#claim = db.transaction((claim: TrackerClaim): ActionTracker[] => {
      const rows = this.#due.all(claim.now, claim.now, JSON.stringify(claim.portals), claim.limit);
      for (const row of rows) this.#lease.run(claim.owner, claim.now + claim.leaseMs, row.action_id);
      return rows.map(toTracker);
    });
  }

  async saveTracker(tracker: ActionTracker): Promise<boolean> {
    checkTenant(tracker.tenant);
    this.#beforeWrite();
    const result = this.#insert.run(
      tracker.actionId,
      tenantColumn(tracker.tenant),
      tracker.portal,
      tracker.sentAt,
      JSON.stringify(tracker.devices),
      tracker.checkedAt,
      tracker.nextCheckAt,
      tracker.trackedUntil,
    ) as { changes: number };
    return result.changes === 1;
  }

  async getTracker(actionId: string): Promise<ActionTracker | null> {
    const row = this.#get.get(actionId);
    return row ? toTracker(row) : null;
  }

  async claimDueTrackers(claim: TrackerClaim): Promise<ActionTracker[]> {
    if (claim.portals.length === 0 || claim.limit < 1) return [];
    // Most ticks find nothing due: answer from a read, without the write lock or a commit for the store to fsync.
    if (this.#due.get(claim.now, claim.now, JSON.stringify(claim.portals), 1) === undefined) return [];
    this.#beforeWrite();
    return this.#claim.immediate(claim);
  }

  async updateTracker(update: TrackerUpdate): Promise<boolean> {
    this.#beforeWrite();
    const result = this.#update.run(
      JSON.stringify(update.devices),
      update.checkedAt,
      update.nextCheckAt,
      update.actionId,
      update.owner,
    ) as { changes: number };
    return result.changes === 1;
  }
}
