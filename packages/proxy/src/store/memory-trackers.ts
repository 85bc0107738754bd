/**
 * Action trackers in memory: the memory store's, and the handler's own when its store keeps none (then they
 * last as long as the process, and each handler instance tracks only the actions it sent).
 */
import type { ActionTracker, ActionTrackerStore, TrackerClaim, TrackerUpdate } from './types.js';

interface Held {
  tracker: ActionTracker;
  lease: { owner: string; until: number } | null;
}

export class MemoryTrackerStore implements ActionTrackerStore {
  readonly #trackers = new Map<string, Held>();

  async saveTracker(tracker: ActionTracker): Promise<boolean> {
    if (this.#trackers.has(tracker.actionId)) return false;
    this.#trackers.set(tracker.actionId, { tracker: structuredClone(tracker), lease: null });
    return true;
  }

  async getTracker(actionId: string): Promise<ActionTracker | null> {
    const held = this.#trackers.get(actionId);
    return held ? structuredClone(held.tracker) : null;
  }

  async claimDueTrackers(claim: TrackerClaim): Promise<ActionTracker[]> {
    const portals = new Set(claim.portals);
    const due = [...this.#trackers.values()]
      .filter(
        ({ tracker, lease }) =>
          portals.has(tracker.portal) &&
          tracker.nextCheckAt !== null &&
          tracker.nextCheckAt <= claim.now &&
          (lease === null || lease.until <= claim.now),
      )
      .sort((a, b) => a.tracker.nextCheckAt! - b.tracker.nextCheckAt!)
      .slice(0, claim.limit);
    for (const held of due) held.lease = { owner: claim.owner, until: claim.now + claim.leaseMs };
    return due.map((held) => structuredClone(held.tracker));
  }

  async updateTracker(update: TrackerUpdate): Promise<boolean> {
    const held = this.#trackers.get(update.actionId);
    if (!held || held.lease?.owner !== update.owner) return false;
    held.tracker = {
      ...held.tracker,
      devices: structuredClone(update.devices),
      checkedAt: update.checkedAt,
      nextCheckAt: update.nextCheckAt,
    };
    held.lease = null;
    return true;
  }
}
