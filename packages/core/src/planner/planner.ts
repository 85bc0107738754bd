/**
 * Plans and executes an offboarding: who the employee is in Hexnode, which devices they have and what to
 * watch out for, then one Hexnode action per batch naming only devices re-checked a moment before.
 * (Over 300 lines because plan, verify and execute share the planner's state; what they need lives beside it:
 * warnings.ts, shared-groups.ts, offers.ts, offered.ts, send.ts.)
 */
import type { HexnodeClient } from '../client/client.js';
import { checkId } from '../client/paging.js';
import { checkConcurrency, Limiter } from '../concurrency.js';
import type { HexnodeDirectory, LookupResult } from '../directory/directory.js';
import { HexnodeError } from '../errors.js';
import type { HexnodeDevice, HexnodeOwnership, HexnodeUser } from '../hexnode/types.js';
import {
  ACTION_KINDS,
  type ActionKind,
  type ActionOptions,
  type DeviceWarning,
  type Employee,
  type NotOfferedReason,
} from '../protocol/index.js';
import { configRefusal, disenrollPendingSince, type OfferContext } from './offers.js';
import { offeredDevices } from './offered.js';
import { certainlyNotActed } from './outcome.js';
import { SharedGroups } from './shared-groups.js';
import { prepareProtocolAction, sendProtocolAction, type ProtocolActionSettings } from './send.js';
import { isEnrolled, notEnrolledWarning, offlineWarning, pendingByDevice } from './warnings.js';

export interface PlannedDevice extends HexnodeDevice {
  /** From the device detail's `owned_by` (remembered by the directory; re-read before any action). */
  ownership: HexnodeOwnership;
  warnings: DeviceWarning[];
}

export interface OffboardingPlan {
  employee: Employee;
  lookup: LookupResult;
  /** The one Hexnode user, when the lookup found exactly one. */
  user: HexnodeUser | null;
  devices: PlannedDevice[];
}

/**
 * Why a device id was left out of the action: not the employee's (`not_in_plan`, `not_found`, `not_owned`), or
 * not offered the action (a `NotOfferedReason` of core's offers rule: a personal device is never wiped, ...).
 */
export type RefusalReason = 'not_in_plan' | 'not_found' | 'not_owned' | NotOfferedReason;

/** What {@link OffboardingPlanner.verify} needs of a plan: the employee, their one Hexnode user and devices. */
export interface VerifiablePlan {
  employee: { email: string };
  user: { id: number } | null;
  devices: readonly { id: number }[];
}

/** The devices that passed the ownership re-check, in the order given, and those refused with the reason. */
export interface Verification {
  verified: number[];
  refused: { id: number; reason: RefusalReason }[];
  /** Each verified device's ownership, as its detail said a moment ago. */
  ownership: Map<number, HexnodeOwnership>;
  /**
   * The verified devices Hexnode no longer manages (their detail's enrollment status is not `enrolled`): it
   * queues no command for them, so an action never finishes there. The handler leaves them out and reports them.
   */
  notEnrolled: number[];
}

export interface ExecutionResult {
  /** Device ids named in a Hexnode action that Hexnode accepted. */
  sent: number[];
  refused: { id: number; reason: RefusalReason }[];
  /** Hexnode action requests sent. */
  batches: number;
}

/** Where each verified device id stands after a batch failed. */
export interface PartialExecution extends ExecutionResult {
  /**
   * The failed batch's ids when Hexnode may have acted on it (a 5xx, a timeout, a lost connection, an
   * unreadable answer): do not resend these without checking the devices' action status first.
   */
  uncertain: number[];
  /**
   * Ids Hexnode certainly did not act on: the batches never attempted, plus the failed batch when
   * Hexnode refused it (see {@link certainlyNotActed}). Safe to send again.
   */
  unsent: number[];
}

/** Thrown (it is the original `HexnodeError`) when a batch fails: `partial` says what went out. */
export type PartialExecutionError = HexnodeError & { partial: PartialExecution };

export interface OffboardingPlannerOptions {
  client: HexnodeClient;
  directory: HexnodeDirectory;
  /** Clock, for the offline warning. */
  now?: () => number;
  /** Days without a report before a device gets the `offline` warning. Default 7. */
  offlineDays?: number;
  /** Device group names whose members are shared devices (`shared_device` warning). Default none. */
  sharedDeviceGroups?: string[];
  /**
   * Reads each device's action status for the `pending_action` warning only when the plan has at most
   * this many devices (one request per device). Default 10; 0 turns it off.
   */
  pendingCheckMaxDevices?: number;
  /** Most device ids one Hexnode action names. Default 100. */
  batchSize?: number;
  /** Most ownership checks in flight at once. Default: the directory's concurrency. */
  concurrency?: number;
  /**
   * The fields this portal takes for a corporate-only wipe (e.g. `{ wipe_type: 'corporate' }`), as the operator
   * stated them. Without them `execute` refuses a `corporate` wipe (`corporate_wipe_unconfigured`).
   */
  corporateWipeFields?: ProtocolActionSettings['corporateWipeFields'];
  /** Hexnode user ids `execute` may reassign a shared device to (the first is the default). Default none. */
  reassignTargets?: number[];
  /** How long a disenroll stays pending before `execute` may mark the device disenrolled. Default 24 h. */
  markDisenrolledAfterMs?: number;
}

interface VerifyCheck {
  id: number;
  reason: RefusalReason | null;
  enrolled?: boolean;
  ownership?: HexnodeOwnership;
}

export class OffboardingPlanner {
  readonly #client: HexnodeClient;
  readonly #directory: HexnodeDirectory;
  readonly #now: () => number;
  readonly #offlineDays: number;
  readonly #pendingMax: number;
  readonly #batchSize: number;
  readonly #limiter: Limiter;
  readonly #settings: ProtocolActionSettings;
  readonly #rules: Omit<OfferContext, 'actions' | 'now'>;
  readonly #shared: SharedGroups;

  constructor(options: OffboardingPlannerOptions) {
    if (!options?.client || !options.directory) {
      throw new TypeError('OffboardingPlanner: `client` and `directory` are required.');
    }
    this.#client = options.client;
    this.#directory = options.directory;
    this.#now = options.now ?? Date.now;
    this.#offlineDays = nonNegative(options.offlineDays, 7, 'offlineDays');
    this.#pendingMax = nonNegative(options.pendingCheckMaxDevices, 10, 'pendingCheckMaxDevices');
    this.#batchSize = checkConcurrency(options.batchSize, 100, 'OffboardingPlanner: `batchSize`');
    this.#limiter = new Limiter(
      checkConcurrency(
        options.concurrency,
        options.directory.concurrency,
        'OffboardingPlanner: `concurrency`',
      ),
    );
    const groups = options.sharedDeviceGroups ?? [];
    if (!Array.isArray(groups) || groups.some((name) => typeof name !== 'string' || name.trim() === '')) {
      throw new TypeError('OffboardingPlanner: `sharedDeviceGroups` must be a list of group names.');
    }
    this.#shared = new SharedGroups(this.#client, groups, {
      now: this.#now,
      ttlMs: this.#directory.ttlMs,
      limiter: this.#limiter,
    });
    this.#settings =
      options.corporateWipeFields === undefined
        ? {}
        : { corporateWipeFields: { ...options.corporateWipeFields } };
    this.#rules = {
      corporateWipe: Object.keys(options.corporateWipeFields ?? {}).length > 0,
      reassignTargets: [...(options.reassignTargets ?? [])],
      ...(options.markDisenrolledAfterMs === undefined
        ? {}
        : { markDisenrolledAfterMs: options.markDisenrolledAfterMs }),
    };
  }

  /**
   * Finds the employee's Hexnode user and devices, with a warning list per device. Sends nothing.
   * `{ reads: 'lean' }`: without the per-device reads that serve a person deciding (ownership, pending commands),
   * for a plan that `execute` follows at once (a scheduled job): `execute` re-reads every device anyway, so a lean
   * plan costs the lookup only, and each device's `ownership` is `unknown` until then.
   * `{ reads: 'index' }`: ownership as `full` reads it (kept in the index once read), without the per-device
   * action-status reads for the `pending_action` warnings: for a caller that knows its own pending actions (the
   * handler's trackers), so a preview of a warm index costs no Hexnode call.
   */
  async plan(
    employee: Employee,
    options: { reads?: 'full' | 'lean' | 'index' } = {},
  ): Promise<OffboardingPlan> {
    if (!employee || typeof employee.email !== 'string' || employee.email.trim() === '') {
      throw new TypeError('OffboardingPlanner.plan: `employee.email` is required.');
    }
    const lookup = await this.#directory.lookup(employee.email);
    if (lookup.status !== 'found') return { employee, lookup, user: null, devices: [] };
    const devices = lookup.devices;
    const lean = options.reads === 'lean';
    const readPending = options.reads === undefined || options.reads === 'full';
    const [shared, pending, ownership] = await Promise.all([
      this.sharedDeviceIds(),
      readPending ? pendingByDevice(this.#client, this.#limiter, devices, this.#pendingMax) : new Map(),
      lean ? new Map() : this.#directory.ownershipOf(devices.map((device) => device.id)),
    ]);
    const now = this.#now();
    return {
      employee,
      lookup,
      user: lookup.user,
      devices: devices.map((device) => ({
        ...device,
        ownership: ownership.get(device.id) ?? 'unknown',
        warnings: [
          ...notEnrolledWarning(device),
          ...offlineWarning(device, now, this.#offlineDays),
          ...(shared.has(device.id) ? [{ code: 'shared_device' as const }] : []),
          ...(pending.get(device.id) ?? []),
        ],
      })),
    };
  }

  /**
   * Re-verifies each device against Hexnode right before an action (one detail read per device in the plan):
   * it must be in the plan, still exist, and still belong to the plan's user, by email and by user id (emails
   * are not unique). The one ownership rule of the kit: `execute` and the handler both use it. The devices no
   * longer enrolled are listed too (`notEnrolled`).
   */
  async verify(plan: VerifiablePlan, deviceIds: readonly number[]): Promise<Verification> {
    if (!plan || !plan.user || typeof plan.employee?.email !== 'string') {
      throw new TypeError('OffboardingPlanner.verify: the plan has no single Hexnode user.');
    }
    const user = plan.user;
    const inPlan = new Set(plan.devices.map((device) => device.id));
    const checks = await Promise.all(
      deviceIds.map(async (id): Promise<VerifyCheck> => {
        if (!inPlan.has(id)) return { id, reason: 'not_in_plan' };
        const check = await this.#limiter.run(() => this.#directory.verifyOwnership(id, plan.employee.email));
        if (!check.device) return { id, reason: 'not_found' };
        if (!check.owned || check.device.user?.id !== user.id) return { id, reason: 'not_owned' };
        return { id, reason: null, enrolled: isEnrolled(check.device), ownership: check.device.ownership };
      }),
    );
    const verified: number[] = [];
    const notEnrolled: number[] = [];
    const refused: Verification['refused'] = [];
    const ownership = new Map<number, HexnodeOwnership>();
    for (const check of checks) {
      if (check.reason !== null) refused.push({ id: check.id, reason: check.reason });
      else verified.push(check.id);
      if (check.enrolled === false) notEnrolled.push(check.id);
      if (check.ownership !== undefined) ownership.set(check.id, check.ownership);
    }
    return { verified, refused, notEnrolled, ownership };
  }

  /**
   * Re-verifies the devices ({@link verify}), applies core's offers rule (`offers.ts`) to what that read said,
   * then sends one Hexnode action per batch naming only the ids that passed. Ids outside the plan, gone, owned
   * by someone else, or not offered the action (a wipe of a personal device, a corporate wipe this planner has
   * no fields for, ...) are refused and never sent. Nothing is sent when no id survives. When a batch fails, the thrown `HexnodeError` carries `partial`
   * ({@link PartialExecutionError}): ids `sent`, ids `uncertain` (the failed batch, unless Hexnode certainly
   * refused it) and ids `unsent`.
   */
  async execute(
    plan: OffboardingPlan,
    action: ActionKind,
    deviceIds: number[],
    options: ActionOptions = {},
  ): Promise<ExecutionResult> {
    if (!(ACTION_KINDS as readonly string[]).includes(action)) {
      throw new TypeError(`OffboardingPlanner.execute: unknown action ${JSON.stringify(action)}.`);
    }
    if (!plan || plan.user === null || plan.lookup?.status !== 'found') {
      throw new TypeError(
        `OffboardingPlanner.execute: the plan has no single Hexnode user (lookup: ${plan?.lookup?.status ?? 'missing'}).`,
      );
    }
    if (!Array.isArray(deviceIds) || deviceIds.length === 0) {
      throw new TypeError('OffboardingPlanner.execute: give at least one device id.');
    }
    const ids = [...new Set(deviceIds.map((id) => checkId(id, 'device id')))];
    const rules: OfferContext = { ...this.#rules, actions: [action] };
    const sendOptions =
      action === 'reassign' && options.reassignTo === undefined && rules.reassignTargets?.[0] !== undefined
        ? { ...options, reassignTo: rules.reassignTargets[0] }
        : options;
    const unconfigured = configRefusal(action, sendOptions, rules);
    if (unconfigured !== null) {
      return { sent: [], refused: ids.map((id) => ({ id, reason: unconfigured })), batches: 0 };
    }
    prepareProtocolAction(action, sendOptions, this.#settings);
    const checked = await this.verify(plan, ids);
    const { verified, refused } = await offeredDevices(checked, action, sendOptions, {
      ...rules,
      now: this.#now(),
      shared: () => this.sharedDeviceIds({ fresh: true }),
      pendingSince: (id) =>
        this.#limiter.run(async () => disenrollPendingSince(await this.#client.devices.actionStatus(id))),
    });
    return this.#sendInBatches(action, verified, refused, sendOptions);
  }

  /**
   * Sends the action to the verified ids, one Hexnode call per batch. A failed batch throws its `HexnodeError`
   * carrying `partial`: what was sent, what is uncertain (that batch, unless Hexnode certainly refused it), what
   * was never sent.
   */
  async #sendInBatches(
    action: ActionKind,
    verified: number[],
    refused: ExecutionResult['refused'],
    sendOptions: ActionOptions,
  ): Promise<ExecutionResult> {
    const sent: number[] = [];
    let batches = 0;
    for (let start = 0; start < verified.length; start += this.#batchSize) {
      const batch = verified.slice(start, start + this.#batchSize);
      try {
        await sendProtocolAction(this.#client, action, { devices: batch }, sendOptions, this.#settings);
      } catch (error) {
        if (error instanceof HexnodeError) {
          const refusedByHexnode = certainlyNotActed(error);
          const partial: PartialExecution = {
            sent,
            refused,
            batches,
            uncertain: refusedByHexnode ? [] : batch,
            unsent: verified.slice(refusedByHexnode ? start : start + batch.length),
          };
          Object.assign(error, { partial });
        }
        throw error;
      }
      batches++;
      sent.push(...batch);
    }
    return { sent, refused, batches };
  }

  /**
   * Device ids in the shared device groups, cached for the directory's TTL; `fresh`: read from Hexnode now
   * (the re-check before a reassign).
   */
  sharedDeviceIds(options: { fresh?: boolean } = {}): Promise<Set<number>> {
    return this.#shared.ids(options.fresh === true);
  }
}

function nonNegative(value: number | undefined, fallback: number, what: string): number {
  const result = value ?? fallback;
  if (!Number.isFinite(result) || result < 0) {
    throw new TypeError(`OffboardingPlanner: \`${what}\` must be a number >= 0.`);
  }
  return result;
}
