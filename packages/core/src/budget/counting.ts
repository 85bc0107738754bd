/**
 * How a store counts, in one place so that every store counts the same way: which calls hold a window slot
 * and until when, and how the day is cut into buckets.
 */
import { DAY_BUCKETS } from './types.js';

/**
 * The longest a call may be on its way (the client's timeout is 10 s by default). A call not yet answered
 * holds its slot as if it were answered "now", for at most this long: a process that died mid-call does not
 * hold its slots for ever.
 */
export const IN_FLIGHT_MS = 60_000;

/** A call as a store keeps it: when it was taken, and when its answer came (`null` while in flight). */
export interface CountedCall {
  takenAt: number;
  answeredAt: number | null;
}

/**
 * When the call counts as made: its answer, or for a call in flight "now" (at most `IN_FLIGHT_MS` after it
 * was taken). Hexnode counted it at or before this time, so its slot is held until this time plus a window.
 */
export function countedAt(call: CountedCall, now: number): number {
  return call.answeredAt ?? Math.min(now, call.takenAt + IN_FLIGHT_MS);
}

/** Whether the call still holds a slot of the window that ends at `now`. */
export function inWindow(call: CountedCall, now: number, windowMs: number): boolean {
  return countedAt(call, now) > now - windowMs;
}

/**
 * The window's verdict for one more call: `undefined` when it fits, else when enough slots free up for it
 * (the calls are those still in the window).
 */
export function windowFull(
  calls: readonly CountedCall[],
  now: number,
  windowMs: number,
  limit: number,
): number | undefined {
  if (calls.length < limit) return undefined;
  const times = calls.map((call) => countedAt(call, now)).sort((a, b) => a - b);
  return (times[times.length - limit] ?? now) + windowMs;
}

/**
 * The buckets a day is counted in: a call at `t` lies in bucket `floor(t / size)`, and the day that ends at
 * `now` counts every bucket from `first` on. A bucket is counted until all of it has left the day, so the
 * count may include up to one bucket too many: the budget errs on the side of fewer calls.
 */
export function dayWindow(now: number, dayMs: number): { size: number; first: number } {
  const size = dayMs / DAY_BUCKETS;
  return { size, first: Math.floor((now - dayMs) / size) };
}

/** When the oldest counted bucket leaves the day. */
export function dayFreesAt(firstBucket: number, size: number, dayMs: number): number {
  return (firstBucket + 1) * size + dayMs;
}
