/**
 * The store contract's action trackers (`OffboardStore.trackerStore`): one per sent action, its devices' last
 * snapshot and its next check, claimed with a lease by the handler's tracking runner (tracking/runner.ts).
 */
import type { ActionKind, DeviceFailure, DeviceStatus } from '@hexnode-offboard/core/protocol';

/** One device of a tracked action: its last known progress and what the check needs to find its command. */
export interface TrackedDevice {
  id: number;
  action: ActionKind;
  status: DeviceStatus;
  /** ISO 8601 time Hexnode last changed the device's command, or null. */
  updatedAt: string | null;
  reason?: DeviceFailure;
  /**
   * The newest command id of the action's kind read right before sending (`null`: it had none; absent: it
   * could not be read, so a command older than the action may not decide its status).
   */
  commandBefore?: number | null;
}

/**
 * The server's one tracker per sent action: the last snapshot of its devices and when they are read next. The
 * status route answers from it; only the tracking runner reads Hexnode, on the schedule.
 */
export interface ActionTracker {
  actionId: string;
  tenant: string | null;
  /** Which portal connection checks it (a digest of the connection; never the API key). */
  portal: string;
  /** Epoch milliseconds the action's intent was recorded (the schedule counts from here). */
  sentAt: number;
  devices: TrackedDevice[];
  /** When Hexnode was last read for it (null: not yet). */
  checkedAt: number | null;
  /** When it is read next; null once it stopped (every device final, or past `trackedUntil`). */
  nextCheckAt: number | null;
  /** The end of its schedule: devices still pending then stay `pending`. */
  trackedUntil: number;
}

export interface TrackerClaim {
  /** A random token of the claiming runner. */
  owner: string;
  now: number;
  /** How long the claim holds if its owner never reports back (its process died). */
  leaseMs: number;
  /** Only trackers of these portals (the ones this runner can reach). */
  portals: readonly string[];
  /** At most this many. */
  limit: number;
}

export interface TrackerUpdate {
  actionId: string;
  owner: string;
  devices: TrackedDevice[];
  checkedAt: number | null;
  nextCheckAt: number | null;
}

/**
 * Where the action trackers live. Each method is one atomic operation; a claim is what keeps two handler
 * instances (or processes) from checking the same tracker at the same point of its schedule.
 */
export interface ActionTrackerStore {
  /** Stores a new tracker; resolves false (and changes nothing) when the action has one already. */
  saveTracker(tracker: ActionTracker): Promise<boolean>;
  getTracker(actionId: string): Promise<ActionTracker | null>;
  /**
   * Atomically claims the trackers of `portals` that are due (`nextCheckAt <= now`) and not claimed by anyone
   * else (or whose claim lapsed), soonest first: each is this owner's until `now + leaseMs` or its update.
   */
  claimDueTrackers(claim: TrackerClaim): Promise<ActionTracker[]>;
  /**
   * Writes a check's snapshot and next check, and ends the claim, only while `owner` still holds it; resolves
   * false (and changes nothing) otherwise.
   */
  updateTracker(update: TrackerUpdate): Promise<boolean>;
}
