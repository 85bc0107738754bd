/**
 * Hexnode's real throttle [C]: a sliding window of calls per minute per API key, and a daily allowance of calls
 * per managed device. Like DRF's SimpleRateThrottle it keeps the time of every accepted call, refuses a call
 * once the window (or the day) is full, and does not count the refused one. Web APIs only.
 */
import { DAY_IN_WINDOWS, MANAGED_ENROLLMENT_STATUS, MESSAGES, THROTTLE_WAIT } from './guesses.js';
import { detail } from './http.js';

/** The throttle's settings. Everything defaults to the real portal's limits. */
export interface ThrottleOptions {
  /** Calls per window per API key. Default 30. `0` turns the window off. */
  ratePerMinute?: number;
  /** Calls per managed device per day (the whole portal's allowance is this times the managed devices). Default 10. `0` turns the day off. */
  dailyPerDevice?: number;
  /**
   * The throttle's "minute" in milliseconds. Default 60 000. Shorten it so a test or a benchmark lives a real
   * minute in less; the day is always {@link DAY_IN_WINDOWS} windows, so it shortens in proportion.
   */
  windowMs?: number;
}

export interface ThrottleSettings {
  ratePerMinute: number;
  dailyPerDevice: number;
  windowMs: number;
  dayMs: number;
}

export const DEFAULT_THROTTLE: Readonly<Required<ThrottleOptions>> = Object.freeze({
  ratePerMinute: 30,
  dailyPerDevice: 10,
  windowMs: 60_000,
});

/** What the control surface reports (`GET /__simulator/budget`). */
export interface BudgetReport {
  /** The settings, or `null` when the throttle is off. */
  throttle: ThrottleSettings | null;
  /** Devices that count towards the daily allowance now (enrolled ones, see guesses.ts). */
  managedDevices: number;
  /** Calls accepted in the window that ends now, and its limit (`null`: no limit). */
  window: { used: number; limit: number | null; windowMs: number | null };
  /** Calls accepted in the day that ends now, and the portal's allowance (`null`: no limit). */
  day: { used: number; limit: number | null; dayMs: number | null };
  /** Calls the throttle refused with 429 since the last reset. */
  throttled: number;
}

export type ThrottleVerdict = { ok: true } | { ok: false; waitMs: number; limit: 'window' | 'day' };

/** Checks the options; throws a TypeError naming every bad one. */
export function resolveThrottle(options: ThrottleOptions | false | undefined): ThrottleSettings | null {
  if (options === false) return null;
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null)
    throw new TypeError('throttle must be an object or false');
  const problems: string[] = [];
  const whole = (key: 'ratePerMinute' | 'dailyPerDevice', min: number) => {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && value >= min)) {
      problems.push(`throttle.${key} must be a whole number >= ${min}`);
    }
  };
  whole('ratePerMinute', 0);
  whole('dailyPerDevice', 0);
  const windowMs = options.windowMs;
  if (windowMs !== undefined && !(Number.isFinite(windowMs) && windowMs >= 1)) {
    problems.push('throttle.windowMs must be a number >= 1');
  }
  for (const key of Object.keys(options)) {
    if (!(key in DEFAULT_THROTTLE)) problems.push(`unknown throttle option "${key}"`);
  }
  if (problems.length > 0) throw new TypeError(problems.join('; '));
  const window = options.windowMs ?? DEFAULT_THROTTLE.windowMs;
  return {
    ratePerMinute: options.ratePerMinute ?? DEFAULT_THROTTLE.ratePerMinute,
    dailyPerDevice: options.dailyPerDevice ?? DEFAULT_THROTTLE.dailyPerDevice,
    windowMs: window,
    dayMs: window * DAY_IN_WINDOWS,
  };
}

/** Times of accepted calls, oldest first, dropping the ones older than a span. */
class CallLog {
  #times: number[] = [];
  #head = 0;

  /** Drops calls at or before `now - span` and answers how many remain. */
  count(now: number, span: number): number {
    while (this.#head < this.#times.length && this.#times[this.#head]! <= now - span) this.#head++;
    if (this.#head > 1024 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
    return this.#times.length - this.#head;
  }

  /** When the oldest remaining call leaves the span. */
  freesAt(span: number): number {
    return (this.#times[this.#head] ?? 0) + span;
  }

  add(now: number): void {
    this.#times.push(now);
  }
}

/** The throttle of one simulated portal: one pair of logs per API key. */
export class Throttle {
  readonly settings: ThrottleSettings | null;
  #logs = new Map<string, { window: CallLog; day: CallLog }>();
  #throttled = 0;

  constructor(settings: ThrottleSettings | null) {
    this.settings = settings;
  }

  /** Counts a call of `key` when both limits allow it; otherwise says how long until they would. */
  check(key: string, now: number, managedDevices: number): ThrottleVerdict {
    const settings = this.settings;
    if (!settings) return { ok: true };
    const logs = this.#logsOf(key);
    const waits: { waitMs: number; limit: 'window' | 'day' }[] = [];
    if (settings.ratePerMinute > 0 && logs.window.count(now, settings.windowMs) >= settings.ratePerMinute) {
      waits.push({ waitMs: logs.window.freesAt(settings.windowMs) - now, limit: 'window' });
    }
    const dayLimit = this.#dayLimit(managedDevices);
    if (dayLimit !== null && logs.day.count(now, settings.dayMs) >= dayLimit) {
      // An allowance of 0 (no managed device) never frees up: answer a whole day.
      const freesAt = dayLimit === 0 ? now + settings.dayMs : logs.day.freesAt(settings.dayMs);
      waits.push({ waitMs: freesAt - now, limit: 'day' });
    }
    if (waits.length > 0) {
      this.#throttled++;
      // DRF answers the longest of the waits of the throttles that refused.
      return { ok: false, ...longest(waits) };
    }
    logs.window.add(now);
    logs.day.add(now);
    return { ok: true };
  }

  report(key: string, now: number, managedDevices: number): BudgetReport {
    const settings = this.settings;
    const logs = this.#logsOf(key);
    return {
      throttle: settings ? { ...settings } : null,
      managedDevices,
      window: {
        used: settings ? logs.window.count(now, settings.windowMs) : 0,
        limit: settings && settings.ratePerMinute > 0 ? settings.ratePerMinute : null,
        windowMs: settings?.windowMs ?? null,
      },
      day: {
        used: settings ? logs.day.count(now, settings.dayMs) : 0,
        limit: this.#dayLimit(managedDevices),
        dayMs: settings?.dayMs ?? null,
      },
      throttled: this.#throttled,
    };
  }

  /** Forgets every call: a fresh minute and a fresh day. */
  reset(): void {
    this.#logs.clear();
    this.#throttled = 0;
  }

  #dayLimit(managedDevices: number): number | null {
    const settings = this.settings;
    if (!settings || settings.dailyPerDevice === 0) return null;
    return settings.dailyPerDevice * managedDevices;
  }

  #logsOf(key: string) {
    let logs = this.#logs.get(key);
    if (!logs) {
      logs = { window: new CallLog(), day: new CallLog() };
      this.#logs.set(key, logs);
    }
    return logs;
  }
}

function longest<T extends { waitMs: number }>(waits: T[]): T {
  return waits.reduce((a, b) => (b.waitMs > a.waitMs ? b : a));
}

/** DRF's 429: the exact text, the wait in seconds with one decimal, and `Retry-After` (see guesses.ts). */
export function throttledResponse(waitMs: number): Response {
  const headers: Record<string, string> = THROTTLE_WAIT.retryAfter
    ? { 'Retry-After': String(THROTTLE_WAIT.retryAfterSeconds(waitMs)) }
    : {};
  return detail(429, MESSAGES.throttled(THROTTLE_WAIT.textSeconds(waitMs)), headers);
}

/** Devices that count towards the daily allowance. */
export function countManaged(devices: readonly { enrollmentStatus: string }[]): number {
  let managed = 0;
  for (const device of devices) if (device.enrollmentStatus === MANAGED_ENROLLMENT_STATUS) managed++;
  return managed;
}
