/**
 * The action trackers on PostgreSQL (the store's `trackerStore`): a claim is one statement that leases the due
 * rows it picks and skips rows another instance is claiming (`FOR UPDATE SKIP LOCKED`), so every instance on
 * one database checks each tracker at each point of its schedule once.
 */
import type pg from 'pg';
import type { SchemaPool } from './schema-pool.js';
import { checkTenant } from '../store/errors.js';
import type {
  ActionTracker,
  ActionTrackerStore,
  TrackedDevice,
  TrackerClaim,
  TrackerUpdate,
} from '../store/types.js';
import { toNumber } from './db.js';
import { decodeText, encodeText } from './text.js';

interface TrackerRow {
  action_id: string;
  tenant: string | null;
  portal: string;
  sent_at: string;
  devices: TrackedDevice[];
  checked_at: string | null;
  next_check_at: string | null;
  tracked_until: string;
}

const COLUMNS = 'action_id, tenant, portal, sent_at, devices, checked_at, next_check_at, tracked_until';

const orNull = (value: string | null): number | null => (value === null ? null : toNumber(value));

const toTracker = (row: TrackerRow): ActionTracker => ({
  actionId: row.action_id,
  tenant: decodeText(row.tenant),
  portal: row.portal,
  sentAt: toNumber(row.sent_at),
  devices: row.devices,
  checkedAt: orNull(row.checked_at),
  nextCheckAt: orNull(row.next_check_at),
  trackedUntil: toNumber(row.tracked_until),
});

/** The tracker store over a pool; `ready` resolves once the schema is migrated. */
export class PostgresTrackerStore implements ActionTrackerStore {
  readonly #db: SchemaPool;
  readonly #s: string;

  constructor(db: SchemaPool) {
    this.#db = db;
    this.#s = db.s;
  }

  #query<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    return this.#db.query<R>(text, values);
  }

  async saveTracker(tracker: ActionTracker): Promise<boolean> {
    checkTenant(tracker.tenant);
    const result = await this.#query(
      `INSERT INTO ${this.#s}.action_trackers (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (action_id) DO NOTHING`,
      [
        tracker.actionId,
        encodeText(tracker.tenant),
        tracker.portal,
        tracker.sentAt,
        JSON.stringify(tracker.devices),
        tracker.checkedAt,
        tracker.nextCheckAt,
        tracker.trackedUntil,
      ],
    );
    return result.rowCount === 1;
  }

  async getTracker(actionId: string): Promise<ActionTracker | null> {
    const { rows } = await this.#query<TrackerRow>(
      `SELECT ${COLUMNS} FROM ${this.#s}.action_trackers WHERE action_id = $1`,
      [actionId],
    );
    return rows[0] ? toTracker(rows[0]) : null;
  }

  async claimDueTrackers(claim: TrackerClaim): Promise<ActionTracker[]> {
    if (claim.portals.length === 0 || claim.limit < 1) return [];
    const s = this.#s;
    const { rows } = await this.#query<TrackerRow>(
      `UPDATE ${s}.action_trackers SET lease_owner = $1, lease_until = $2::bigint + $3::bigint
       WHERE action_id IN (
         SELECT action_id FROM ${s}.action_trackers
         WHERE next_check_at IS NOT NULL AND next_check_at <= $2
           AND (lease_until IS NULL OR lease_until <= $2) AND portal = ANY($4::text[])
         ORDER BY next_check_at LIMIT $5
         FOR UPDATE SKIP LOCKED)
       RETURNING ${COLUMNS}`,
      [claim.owner, claim.now, claim.leaseMs, [...claim.portals], claim.limit],
    );
    return rows.map(toTracker).sort((a, b) => (a.nextCheckAt ?? 0) - (b.nextCheckAt ?? 0));
  }

  async updateTracker(update: TrackerUpdate): Promise<boolean> {
    const result = await this.#query(
      `UPDATE ${this.#s}.action_trackers
       SET devices = $1, checked_at = $2, next_check_at = $3, lease_owner = NULL, lease_until = NULL
       WHERE action_id = $4 AND lease_owner = $5`,
      [JSON.stringify(update.devices), update.checkedAt, update.nextCheckAt, update.actionId, update.owner],
    );
    return result.rowCount === 1;
  }
}
