/**
 * TrackingRunner: who reads Hexnode for the action trackers. One per handler; on an unref'd timer (every
 * `tracking.tickMs`) it claims the due trackers of the portals this process has resolved (`portals.ts`), with
 * a lease so that no other instance or process on the same store checks them at the same point, checks each
 * one (`check.ts`) at the budget's `status` priority and writes the snapshot and the next check back. The
 * handler's `tracking.checkDue()` runs the same round now (tests, ops).
 */
import type { HandlerConfig } from '../handler/config.js';
import { errorName, newId } from '../handler/context.js';
import type { ActionTracker } from '../store/types.js';
import type { HexnodeSide } from '../handler/hexnode.js';
import { checkTracker } from './check.js';
import { knownPortals } from './portals.js';
import { scheduleFor, tickFor } from '@hexnode-offboard/core';

/**
 * How long a claim holds when its owner never reports back (its process died mid-check): longer than a check may
 * wait for the budget (a call waits at most `maxWaitMs`, two minutes by default, then fails as busy).
 */
const LEASE_MS = 5 * 60 * 1000;
/** Trackers claimed at once; a round claims again until nothing is due. */
const BATCH = 20;
/** Rounds per run, so that a store that never stops answering "due" cannot hold a run forever. */
const MAX_BATCHES = 50;

/** What the handler offers tests and operators: run the due checks now. */
export interface ActionTracking {
  /** Claims and checks every due tracker of a portal this process knows; resolves to how many it checked. */
  checkDue(): Promise<number>;
  /** Stops the timer (a handler being shut down); `checkDue` still works. */
  stop(): void;
}

export class TrackingRunner implements ActionTracking {
  readonly #config: HandlerConfig;
  readonly #owner = newId('trk');
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stopped = false;
  /** Runs one after another: a run started during another waits for it, then finds what is still due. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(config: HandlerConfig) {
    this.#config = config;
  }

  /** Starts the timer on the handler's first request (no timer with `tickMs: 0`). */
  start(): void {
    if (this.#timer !== null || this.#stopped || this.#config.tracking.tickMs === 0) return;
    this.#schedule();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** The next tick: `tickMs`, or the default in the shortest minute of the portals resolved so far. */
  #schedule(): void {
    const windows = this.#config.hexnode.sides().map((side) => side.client.budget.windowMs);
    this.#timer = setTimeout(
      () => {
        this.checkDue()
          .catch((error: unknown) => {
            this.#config.logger.error('action tracking failed', { error: errorName(error) });
          })
          .finally(() => {
            if (!this.#stopped) this.#schedule();
          });
      },
      tickFor(this.#config.tracking.tickMs, windows),
    );
    (this.#timer as { unref?: () => void }).unref?.();
  }

  checkDue(): Promise<number> {
    const run = this.#queue.then(() => this.#run());
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #run(): Promise<number> {
    const { tracking, hexnode, now } = this.#config;
    const sides = await knownPortals(hexnode);
    if (sides.size === 0) return 0;
    let checked = 0;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const due = await tracking.store.claimDueTrackers({
        owner: this.#owner,
        now: now(),
        leaseMs: LEASE_MS,
        portals: [...sides.keys()],
        limit: BATCH,
      });
      if (due.length === 0) break;
      await Promise.all(due.map((tracker) => this.#check(tracker, sides.get(tracker.portal)!)));
      checked += due.length;
    }
    return checked;
  }

  async #check(tracker: ActionTracker, side: HexnodeSide): Promise<void> {
    const { tracking, now, logger } = this.#config;
    const schedule = scheduleFor(tracking.scheduleMs, side.client.budget.windowMs);
    const outcome = await checkTracker(side.client.withPriority('status'), tracker, now, schedule);
    if (outcome.error !== undefined) {
      logger.error('action tracking check deferred', {
        actionId: tracker.actionId,
        error: errorName(outcome.error),
        nextCheckAt: outcome.nextCheckAt,
      });
    }
    await tracking.store.updateTracker({
      actionId: tracker.actionId,
      owner: this.#owner,
      devices: outcome.devices,
      checkedAt: outcome.checkedAt,
      nextCheckAt: outcome.nextCheckAt,
    });
  }
}
