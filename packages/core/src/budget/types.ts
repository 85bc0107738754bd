/**
 * The request budget's public shapes: its options, the priorities a call may carry, and the store its counters
 * live in. A store shared by several processes (SQLite, PostgreSQL) makes them one budget.
 */

/**
 * Who a call is for, most urgent first. `action`: a confirmed action and the ownership reads right before it;
 * `preview`: what HR is waiting to see; `status`: tracking sent actions; `index`: reading the directory's lists.
 */
export const BUDGET_PRIORITIES = ['action', 'preview', 'status', 'index'] as const;
export type BudgetPriority = (typeof BUDGET_PRIORITIES)[number];

export interface BudgetOptions {
  /** Hexnode's calls per window for the whole account [C]. Default 30. */
  callsPerWindow?: number;
  /** Hexnode's window [C: a minute]. Default 60 000 ms. Shorten it (with the simulator's `windowMs`) in tests. */
  windowMs?: number;
  /**
   * The part of Hexnode's limits this kit may spend; the rest is headroom for the portal's other integrations.
   * Default 0.8: 24 calls a minute and 8 of each device's 10 daily calls.
   */
  share?: number;
  /** Hexnode's daily calls per managed device [C]. Default 10. */
  dailyCallsPerDevice?: number;
  /**
   * The day, in milliseconds. Default 1440 windows (24 hours with the real window; a sliding day is a guess,
   * see `THROTTLE` in the catalogue), so a shortened window shortens the day in proportion, as the simulator's does.
   */
  dayMs?: number;
  /**
   * The portal's managed devices, when known up front. Without it the budget learns the number from the first
   * unfiltered device list page it sees (its `count`), and until then paces by the window only.
   */
  managedDevices?: number;
  /**
   * The part of the kit's daily allowance that only `action` and `preview` calls may spend: `status` and
   * `index` calls stop before they would eat it. Default 0.25.
   */
  dailyReserve?: number;
  /**
   * The longest a call waits for the budget (pacing, and the time a 429 announces) before it fails with
   * `HexnodeBusyError` and its `retryAfter`, having sent nothing more. A wait known to end later fails at once.
   * Default two windows (120 000 ms).
   */
  maxWaitMs?: number;
  /** Where the counters live. Default: a store in this process's memory, private to this budget. */
  store?: BudgetStore;
  /** The portal's name in a shared store. Default: the client's API root (never the key). */
  key?: string;
  /** The clock, in epoch milliseconds. Default `Date.now`. Tests move a fake one with `sleep`. */
  now?: () => number;
  /** How the budget waits. Default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
}

/** One attempt to spend a call. */
export interface BudgetTake {
  /** The portal. */
  key: string;
  now: number;
  windowMs: number;
  /** Most calls in any window, this one included. */
  windowLimit: number;
  dayMs: number;
  /** Most calls in any day, this one included; `undefined`: no daily limit known. */
  dayLimit: number | undefined;
}

export type BudgetTakeResult =
  /** Counted; `id` names the call for `settle`. */
  | { ok: true; id: string }
  /** Refused: nothing was counted. `retryAt` is when the limit that refused frees up (or the 429 block ends). */
  | { ok: false; retryAt: number; reason: 'window' | 'day' | 'throttled' };

/** What the store has counted for a portal. */
export interface BudgetUsage {
  /** Calls in the window that ends now. */
  window: number;
  /** Calls in the day that ends now (counted in windows, so it may count up to one window more). */
  day: number;
  /** Until when Hexnode asked to wait (a 429); 0 when it did not. */
  blockedUntil: number;
}

/**
 * Counters shared by every budget of one portal. Each method is atomic: two processes taking at once never
 * both get the last slot.
 *
 * A call holds its window slot from when it is taken until a window after its answer came (`settle`): Hexnode
 * counted it somewhere in between, so a call taken a window after that answer can never land in the same
 * Hexnode window, however long either call was on its way. counting.ts holds the rules every store follows.
 */
export interface BudgetStore {
  /** Counts one call, at `now`, if the window, the day and any 429 block allow it; otherwise counts nothing. */
  take(request: BudgetTake): Promise<BudgetTakeResult>;
  /** The call's answer (or failure) came at `at`: its window slot is held until `at` plus the window. */
  settle(key: string, id: string, at: number): Promise<void>;
  /** Hexnode answered 429: no take of this portal succeeds before `until`. A later block wins. */
  block(key: string, until: number): Promise<void>;
  usage(key: string, now: number, windowMs: number, dayMs: number): Promise<BudgetUsage>;
}

/** How the day is counted: in buckets of this many parts of a day (a window each, with the defaults). */
export const DAY_BUCKETS = 1440;

/** A spent slot: the store's id of the call, and when it was taken. */
export interface BudgetSlot {
  id: string;
  at: number;
}

/** What a call learns when it has to wait for the budget. */
export interface BudgetWait {
  priority: BudgetPriority;
  /** Milliseconds until a slot should be free. */
  waitMs: number;
  /** What is spent: the window, the day, or the wait a 429 announced. */
  reason: 'window' | 'day' | 'throttled';
}

export interface AcquireOptions {
  /** The latest time (budget clock) the call may start; default now + `maxWaitMs`. */
  deadline?: number;
  /** Called when the call has to wait, with how long. */
  onWait?: (wait: BudgetWait) => void;
  /** For the error a call that cannot wait long enough fails with. */
  method?: string;
  path?: string;
}

/** What the budget has spent and allows, for dashboards and the control surface. */
export interface BudgetReport extends BudgetUsage {
  key: string;
  managedDevices: number | undefined;
  /** The kit's limits per window and per day, for action/preview and for status/index calls. */
  limits: {
    foreground: { window: number; day: number | undefined };
    background: { window: number; day: number | undefined };
  };
  /** Calls waiting in this process, by priority. */
  queued: Record<BudgetPriority, number>;
}
