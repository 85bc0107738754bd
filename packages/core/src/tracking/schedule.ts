/**
 * When a sent action's devices are read (the handler's trackers, the CLI's `status`): at fixed offsets after sending, densest while a device is likely
 * to check in, then hourly up to a day. The first hour holds at most 7 reads per device (10 s, 30 s, 1, 2, 5, 15
 * minutes, 1 hour); a point missed (the process was down) is skipped, never made up in a burst. The default is in
 * Hexnode's minutes: a connection whose budget shortens the minute (`budget.windowMs`, in tests, demos and
 * benchmarks) shortens the schedule and the runner's tick in proportion, as it shortens the budget's day.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** 10 s, 30 s, 1 min, 2 min, 5 min, 15 min, 1 h after sending, then hourly up to 24 h. */
export const DEFAULT_TRACKING_SCHEDULE_MS: readonly number[] = Object.freeze([
  10 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  ...Array.from({ length: 24 }, (_, hour) => (hour + 1) * HOUR),
]);

/** How often a handler's runner looks for due trackers, by default. */
export const DEFAULT_TRACKING_TICK_MS = 5 * SECOND;

/** Hexnode's real minute, the unit of the default schedule. */
const REAL_MINUTE_MS = MINUTE;

/** The schedule for a connection whose minute is `windowMs`: the configured one as is, else the default scaled. */
export function scheduleFor(configured: readonly number[] | undefined, windowMs: number): readonly number[] {
  if (configured !== undefined) return configured;
  if (windowMs === REAL_MINUTE_MS) return DEFAULT_TRACKING_SCHEDULE_MS;
  return DEFAULT_TRACKING_SCHEDULE_MS.map((offset, index) =>
    Math.max(index + 1, Math.round((offset * windowMs) / REAL_MINUTE_MS)),
  );
}

/** The runner's tick: the configured one, else the default scaled to the shortest minute among `windows`. */
export function tickFor(configured: number | undefined, windows: readonly number[]): number {
  if (configured !== undefined) return configured;
  const shortest = Math.min(REAL_MINUTE_MS, ...windows);
  return Math.max(10, Math.round((DEFAULT_TRACKING_TICK_MS * shortest) / REAL_MINUTE_MS));
}

/** The end of the schedule: after it, a device still pending stays `pending`. */
export function trackedUntil(sentAt: number, schedule: readonly number[]): number {
  return sentAt + (schedule.at(-1) ?? 0);
}

/** The first point of the schedule after `now`, or null when the schedule is over. */
export function nextScheduled(sentAt: number, now: number, schedule: readonly number[]): number | null {
  for (const offset of schedule) {
    if (sentAt + offset > now) return sentAt + offset;
  }
  return null;
}

/** Checks a schedule given as an option: offsets in ms after sending, positive integers, strictly increasing. */
export function checkSchedule(schedule: unknown, name: string): void {
  if (
    !Array.isArray(schedule) ||
    schedule.length === 0 ||
    schedule.some(
      (offset: unknown, index) =>
        typeof offset !== 'number' ||
        !Number.isInteger(offset) ||
        offset < 1 ||
        (index > 0 && offset <= (schedule[index - 1] as number)),
    )
  ) {
    throw new TypeError(
      `${name} must be a non-empty list of milliseconds after sending, positive integers in increasing order, e.g. [10000, 30000, 60000].`,
    );
  }
}
