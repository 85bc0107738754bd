/**
 * One request budget per portal: every Hexnode call takes a slot first. The kit paces itself inside its share
 * of Hexnode's window and day so that it never draws a 429; a 429 that comes anyway (another integration spent
 * the minute) blocks every call of the portal until the time Hexnode announced. Waiting calls go in priority
 * order (action > preview > status > index), oldest first within a priority.
 */
import { HexnodeBusyError } from '../errors.js';
import { THROTTLE } from '../hexnode/catalogue.js';
import { MemoryBudgetStore } from './memory-store.js';
import { roomFor, type BudgetRoom } from './room.js';
import {
  BUDGET_PRIORITIES,
  type BudgetOptions,
  type BudgetPriority,
  type AcquireOptions,
  type BudgetReport,
  type BudgetSlot,
  type BudgetStore,
  type BudgetTakeResult,
  type BudgetWait,
} from './types.js';
import { checkBudgetOptions } from './validate.js';

export const DEFAULT_BUDGET = Object.freeze({
  callsPerWindow: 30,
  windowMs: 60_000,
  share: 0.8,
  dailyCallsPerDevice: 10,
  dailyReserve: 0.25,
});

/**
 * The share of each window that only `action` and `preview` calls may spend, so that an action arriving in
 * another process while an index is being read still finds a slot: 3 of the kit's 24 calls a minute.
 */
export const FOREGROUND_WINDOW_RESERVE = 1 / 8;

const RANK: Record<BudgetPriority, number> = { action: 0, preview: 1, status: 2, index: 3 };
const isBackground = (priority: BudgetPriority) => priority === 'status' || priority === 'index';

interface Waiter {
  priority: BudgetPriority;
  seq: number;
  deadline: number;
  options: AcquireOptions;
  notified: number;
  resolve: (slot: BudgetSlot) => void;
  reject: (error: unknown) => void;
}

export class RequestBudget {
  readonly key: string;
  readonly callsPerWindow: number;
  readonly windowMs: number;
  readonly share: number;
  readonly dailyCallsPerDevice: number;
  readonly dayMs: number;
  readonly dailyReserve: number;
  readonly maxWaitMs: number;
  readonly store: BudgetStore;
  readonly now: () => number;
  readonly #sleep: ((ms: number) => Promise<void>) | undefined;
  readonly #managedFromOptions: boolean;
  #managedDevices: number | undefined;
  readonly #queue: Waiter[] = [];
  #seq = 0;
  #pumping = false;
  #wake: (() => void) | undefined;
  /** The end of the last 429's wait, known here even if the store could not record it. */
  #blockedUntil = 0;

  /** Throws a TypeError naming every bad option. `defaultKey` names the portal when `options.key` does not. */
  constructor(options: BudgetOptions = {}, defaultKey = 'hexnode') {
    checkBudgetOptions(options);
    this.key = options.key ?? defaultKey;
    this.callsPerWindow = options.callsPerWindow ?? DEFAULT_BUDGET.callsPerWindow;
    this.windowMs = options.windowMs ?? DEFAULT_BUDGET.windowMs;
    this.share = options.share ?? DEFAULT_BUDGET.share;
    this.dailyCallsPerDevice = options.dailyCallsPerDevice ?? DEFAULT_BUDGET.dailyCallsPerDevice;
    this.dayMs = options.dayMs ?? this.windowMs * THROTTLE.dayInWindows;
    this.dailyReserve = options.dailyReserve ?? DEFAULT_BUDGET.dailyReserve;
    this.maxWaitMs = options.maxWaitMs ?? 2 * this.windowMs;
    this.store = options.store ?? new MemoryBudgetStore();
    this.now = options.now ?? Date.now;
    this.#sleep = options.sleep;
    this.#managedFromOptions = options.managedDevices !== undefined;
    this.#managedDevices = options.managedDevices;
  }

  /** The managed devices the daily allowance is counted from; `undefined` until known. */
  get managedDevices(): number | undefined {
    return this.#managedDevices;
  }

  /** Learns the portal's device count (from a device list's `count`); an explicit `managedDevices` wins. */
  noteDeviceCount(count: number): void {
    if (!this.#managedFromOptions && Number.isSafeInteger(count) && count >= 0) this.#managedDevices = count;
  }

  /** The kit's limits for a priority: calls per window, and per day (`undefined`: none known). */
  limits(priority: BudgetPriority): { window: number; day: number | undefined } {
    const window = Math.max(1, Math.floor(this.callsPerWindow * this.share));
    const managed = this.#managedDevices;
    const day =
      managed === undefined || this.dailyCallsPerDevice === 0
        ? undefined
        : Math.floor(this.dailyCallsPerDevice * managed * this.share);
    if (!isBackground(priority)) return { window, day };
    return {
      window: Math.max(1, window - Math.ceil(window * FOREGROUND_WINDOW_RESERVE)),
      day: day === undefined ? undefined : Math.floor(day * (1 - this.dailyReserve)),
    };
  }

  /**
   * Waits for a slot and spends it; hand it to {@link settle} when the call's answer (or failure) comes.
   * Rejects with `HexnodeBusyError` when no slot can be had before the deadline (at once when the wait is
   * known to end later).
   */
  acquire(priority: BudgetPriority, options: AcquireOptions = {}): Promise<BudgetSlot> {
    if (!BUDGET_PRIORITIES.includes(priority)) {
      return Promise.reject(new TypeError(`Unknown budget priority ${JSON.stringify(priority)}.`));
    }
    return new Promise<BudgetSlot>((resolve, reject) => {
      this.#queue.push({
        priority,
        seq: this.#seq++,
        deadline: options.deadline ?? this.now() + this.maxWaitMs,
        options,
        notified: -1,
        resolve,
        reject,
      });
      if (this.#pumping) this.#wake?.();
      else void this.#pump();
    });
  }

  /**
   * Whether `calls` calls at `priority` could all start now, spending nothing (room.ts): `{ ok: true }`, or
   * `retryAt` (budget clock) when the budget expects room for them and the `reason` (window, day, throttled).
   */
  room(priority: BudgetPriority, calls: number): Promise<BudgetRoom> {
    if (!BUDGET_PRIORITIES.includes(priority)) {
      return Promise.reject(new TypeError(`Unknown budget priority ${JSON.stringify(priority)}.`));
    }
    if (!Number.isFinite(calls) || calls < 1) {
      return Promise.reject(new TypeError(`calls must be a number of at least 1, not ${String(calls)}.`));
    }
    return roomFor(this, priority, calls);
  }

  /** Until when (budget clock) a 429 seen by this process holds every call back, whatever the store recorded. */
  get blockedUntil(): number {
    return this.#blockedUntil;
  }

  /**
   * The slot's call was answered (or failed) now: the slot is held until a window from now. Never throws: the
   * call is over, and a store that failed here leaves the slot counted from when it was taken.
   */
  async settle(slot: BudgetSlot): Promise<void> {
    await this.store.settle(this.key, slot.id, this.now()).catch(() => undefined);
  }

  /**
   * Hexnode answered 429 announcing `waitMs`: no call of this portal goes before that time, in this process
   * whatever the store does, and in every process that shares the store. Never throws.
   */
  async throttled(waitMs: number): Promise<void> {
    const until = this.now() + Math.max(0, waitMs);
    this.#blockedUntil = Math.max(this.#blockedUntil, until);
    await this.store.block(this.key, until).catch(() => undefined);
    this.#wake?.();
  }

  async report(): Promise<BudgetReport> {
    const usage = await this.store.usage(this.key, this.now(), this.windowMs, this.dayMs);
    const queued = { action: 0, preview: 0, status: 0, index: 0 };
    for (const waiter of this.#queue) queued[waiter.priority]++;
    return {
      ...usage,
      key: this.key,
      managedDevices: this.#managedDevices,
      limits: { foreground: this.limits('action'), background: this.limits('index') },
      queued,
    };
  }

  /** Hands out slots, most urgent waiter first, until nobody waits. One pump runs at a time. */
  async #pump(): Promise<void> {
    this.#pumping = true;
    try {
      while (this.#queue.length > 0) {
        const now = this.now();
        this.#expire(now);
        const head = this.#head();
        if (!head) break;
        const limits = this.limits(head.priority);
        let result: BudgetTakeResult;
        try {
          result =
            this.#blockedUntil > now
              ? { ok: false, retryAt: this.#blockedUntil, reason: 'throttled' }
              : await this.store.take({
                  key: this.key,
                  now,
                  windowMs: this.windowMs,
                  windowLimit: limits.window,
                  dayMs: this.dayMs,
                  dayLimit: limits.day,
                });
        } catch (error) {
          this.#remove(head).reject(error);
          continue;
        }
        if (result.ok) {
          this.#remove(head).resolve({ id: result.id, at: now });
          continue;
        }
        // Everyone else waits at least as long as the head (lower priorities have lower limits).
        for (const waiter of [...this.#queue]) {
          if (waiter.deadline < result.retryAt) this.#remove(waiter).reject(this.#busy(waiter, result, now));
        }
        if (!this.#queue.includes(head)) continue;
        if (head.notified !== result.retryAt) {
          head.notified = result.retryAt;
          head.options.onWait?.({
            priority: head.priority,
            waitMs: result.retryAt - now,
            reason: result.reason,
          });
        }
        const earliestDeadline = Math.min(...this.#queue.map((waiter) => waiter.deadline));
        await this.#sleepUntil(Math.min(result.retryAt, earliestDeadline + 1));
      }
    } finally {
      this.#pumping = false;
    }
  }

  #busy(waiter: Waiter, result: { retryAt: number; reason: BudgetWait['reason'] }, now: number) {
    const seconds = Math.max(1, Math.ceil((result.retryAt - now) / 1000));
    const what = { window: 'calls a minute', day: 'calls a day', throttled: 'calls now' }[result.reason];
    return new HexnodeBusyError(`Hexnode allows no more ${what} for this portal; try again in ${seconds} s`, {
      method: waiter.options.method ?? '-',
      path: waiter.options.path ?? '-',
      retryAfter: seconds,
      limit: result.reason,
    });
  }

  /** Rejects the waiters whose deadline has passed. */
  #expire(now: number): void {
    for (const waiter of [...this.#queue]) {
      if (waiter.deadline < now) {
        const retryAt =
          waiter.notified > now ? waiter.notified : now + this.windowMs / this.limits(waiter.priority).window;
        this.#remove(waiter).reject(this.#busy(waiter, { retryAt, reason: 'window' }, now));
      }
    }
  }

  #head(): Waiter | undefined {
    let best: Waiter | undefined;
    for (const waiter of this.#queue) {
      if (
        !best ||
        RANK[waiter.priority] < RANK[best.priority] ||
        (RANK[waiter.priority] === RANK[best.priority] && waiter.seq < best.seq)
      ) {
        best = waiter;
      }
    }
    return best;
  }

  #remove(waiter: Waiter): Waiter {
    const index = this.#queue.indexOf(waiter);
    if (index >= 0) this.#queue.splice(index, 1);
    return waiter;
  }

  /** Sleeps until `until` (budget clock), or until a new waiter or a 429 wakes the pump. */
  async #sleepUntil(until: number): Promise<void> {
    const ms = Math.max(0, until - this.now());
    await new Promise<void>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        if (timer !== undefined) clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      this.#wake = done;
      if (this.#sleep) void this.#sleep(ms).then(done, done);
      else timer = setTimeout(done, ms);
    });
  }
}
