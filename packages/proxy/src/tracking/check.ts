/**
 * One check of a tracker: each device not yet final is read once (at the budget's `status` priority, by the
 * caller's client), and the next check is the schedule's next point. Hexnode busy (the budget keeps its
 * reserve for actions) or down is no one's error: what was read is kept, and the check is tried again when
 * the budget says (`retryAfter`) or at the next point. Both count from when the reads are over: reads that
 * waited (for the budget, a slow Hexnode) past a point skip it rather than make it up right away.
 */
import { HexnodeRateLimitError, type HexnodeClient } from '@hexnode-offboard/core';
import type { ActionTracker, TrackedDevice } from '../store/types.js';
import { checkDevice, isFinal } from './progress.js';
import { nextScheduled } from '@hexnode-offboard/core';

export interface CheckOutcome {
  devices: TrackedDevice[];
  checkedAt: number | null;
  nextCheckAt: number | null;
  /** The failure that cut the check short (Hexnode busy or down), if any. */
  error?: unknown;
}

export async function checkTracker(
  client: HexnodeClient,
  tracker: ActionTracker,
  clock: () => number,
  schedule: readonly number[],
): Promise<CheckOutcome> {
  const now = clock();
  const reads = await Promise.allSettled(
    tracker.devices.map((device) =>
      isFinal(device.status) ? device : checkDevice(client, device, tracker.sentAt, now),
    ),
  );
  const devices = reads.map((read, index) =>
    read.status === 'fulfilled' ? read.value : tracker.devices[index]!,
  );
  const failed = reads.find((read): read is PromiseRejectedResult => read.status === 'rejected');
  const anyRead = reads.some(
    (read, index) => read.status === 'fulfilled' && !isFinal(tracker.devices[index]!.status),
  );
  const checkedAt = anyRead ? now : tracker.checkedAt;
  if (devices.every((device) => isFinal(device.status))) return { devices, checkedAt, nextCheckAt: null };
  const over = clock();
  const next = nextScheduled(tracker.sentAt, over, schedule);
  if (!failed) return { devices, checkedAt, nextCheckAt: next };
  // Busy: when the budget (or Hexnode's 429) says a call fits again, never past the schedule's end. Down (no
  // announced wait): at the next point.
  const error: unknown = failed.reason;
  const retryAfter = error instanceof HexnodeRateLimitError ? error.retryAfter : undefined;
  if (retryAfter === undefined || over >= tracker.trackedUntil)
    return { devices, checkedAt, nextCheckAt: next, error };
  const retry = Math.min(over + Math.max(1, retryAfter) * 1000, tracker.trackedUntil);
  return { devices, checkedAt, nextCheckAt: retry, error };
}
