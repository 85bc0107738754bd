/** POST {base}/actions (an intent, and the answer it gets) and GET {base}/actions/{id} (its status). */
import * as z from 'zod/mini';
import { ActionKind, DeviceId, Employee, FollowUp, ReportedAction, WipeMode } from './common.js';
import { DEVICE_FAILURES, DEVICE_STATUSES, MIXED_ACTION } from './kinds.js';
import { text } from './text.js';

// ---------------------------------------------------------------------------------------------
// POST {base}/actions  (header Idempotency-Key required)
// ---------------------------------------------------------------------------------------------

export const ActionOptions = z.strictObject({
  /** Wipe only: `complete` (default) erases the device; `corporate` (where configured) removes work data only. */
  mode: z.optional(WipeMode),
  /** Reassign only: the Hexnode user id of one of the preview's `reassignTargets`. */
  reassignTo: z.optional(z.int().check(z.positive(), z.lte(Number.MAX_SAFE_INTEGER))),
  /** Lock and lost mode: shown on the device's screen. */
  message: z.optional(text(500)),
  /** Lock and lost mode: a phone number shown on the device's screen. */
  phoneNumber: z.optional(z.string().check(z.maxLength(32), z.regex(/^[0-9+()\-\s.]*$/))),
});
export type ActionOptions = z.infer<typeof ActionOptions>;

/** One device of a per-device intent and the action it gets. */
export const DeviceAction = z.strictObject({ id: DeviceId, action: ActionKind });
export type DeviceAction = z.infer<typeof DeviceAction>;

const MAX_DEVICES = 1000;

/**
 * One confirmed intent, in one of two forms (exactly one):
 * - `action` + `deviceIds`: one action for every named device;
 * - `devices: [{ id, action }]`: each device its own action (reassign the scanner, wipe the laptop), sent as
 *   one Hexnode call per action kind naming exactly its devices, audited as one record naming each device's action.
 * `intentDevices(request)` reads either form as the per-device list.
 */
export const ActionRequest = z
  .strictObject({
    employee: Employee,
    action: z.optional(ActionKind),
    deviceIds: z.optional(z.array(DeviceId).check(z.minLength(1), z.maxLength(MAX_DEVICES))),
    devices: z.optional(z.array(DeviceAction).check(z.minLength(1), z.maxLength(MAX_DEVICES))),
    options: z.optional(ActionOptions),
    /** What HR typed; must equal the preview's `confirmText` after trimming (destructive actions only). */
    confirmation: z.string().check(z.maxLength(400)),
    reason: z.optional(text(1000)),
    /** True when HR deliberately confirmed acting again on an employee already offboarded. */
    repeat: z.optional(z.boolean()),
  })
  .check(
    z.refine(
      (request) =>
        request.devices === undefined
          ? request.action !== undefined && request.deviceIds !== undefined
          : request.action === undefined && request.deviceIds === undefined,
      'Send either `action` with `deviceIds`, or `devices` with an action for each.',
    ),
    z.refine((request) => {
      const ids = request.devices?.map((device) => device.id) ?? [];
      return new Set(ids).size === ids.length;
    }, 'Each device may appear once in `devices`.'),
  );
export type ActionRequest = z.infer<typeof ActionRequest>;

/** The intent as one action per device, whichever form the request used (a parsed request has one). */
export function intentDevices(request: ActionRequest): DeviceAction[] {
  if (request.devices !== undefined) return request.devices.map(({ id, action }) => ({ id, action }));
  const action = request.action as ActionKind;
  return (request.deviceIds ?? []).map((id) => ({ id, action }));
}

/** The intent's name in answers and history: its one kind, or `mixed`. */
export function reportedActionOf(devices: readonly { action: ActionKind }[]): ReportedAction {
  const kinds = new Set(devices.map((device) => device.action));
  return kinds.size === 1 ? [...kinds][0]! : MIXED_ACTION;
}

/**
 * A device's progress. `pending`: waiting for the device to check in; `in_progress`: the device
 * took the command; `done` / `failed`: final.
 */
export const DeviceStatus = z.enum(DEVICE_STATUSES);
export type DeviceStatus = z.infer<typeof DeviceStatus>;

/** Why a device failed without a failed command of its own (see `DEVICE_FAILURES`). */
export const DeviceFailure = z.enum(DEVICE_FAILURES);
export type DeviceFailure = z.infer<typeof DeviceFailure>;

export const ActionAccepted = z.object({
  id: z.string(),
  action: ReportedAction,
  mode: z.optional(WipeMode),
  /**
   * Each requested device: `pending`, or `failed` with a `reason` when Hexnode will not act on it; `action` is
   * the device's own action (always set by this version; older handlers: the top-level `action`).
   */
  devices: z.array(
    z.object({
      id: DeviceId,
      action: z.optional(ActionKind),
      status: DeviceStatus,
      reason: z.optional(DeviceFailure),
    }),
  ),
  auditId: z.string(),
  createdAt: z.string(),
});
export type ActionAccepted = z.infer<typeof ActionAccepted>;

// ---------------------------------------------------------------------------------------------
// GET {base}/actions/{id}
// ---------------------------------------------------------------------------------------------

/** `pending` while any device is pending or in progress; then `done`, `failed` (all failed) or `partial`. */
export const ActionState = z.enum(['pending', 'done', 'partial', 'failed']);
export type ActionState = z.infer<typeof ActionState>;

export const ActionStatusResponse = z.object({
  id: z.string(),
  action: ReportedAction,
  status: ActionState,
  devices: z.array(
    z.object({
      id: DeviceId,
      /** The device's own action (older handlers: the top-level `action`). */
      action: z.optional(ActionKind),
      status: DeviceStatus,
      updatedAt: z.nullable(z.string()),
      reason: z.optional(DeviceFailure),
      /** What IT may do next (a disenroll pending past the handler's `markDisenrolledAfterMs`). */
      followUp: z.optional(FollowUp),
    }),
  ),
  /**
   * ISO 8601 times of the handler's tracker (absent from older handlers): when it last read the devices from
   * Hexnode (null: not yet), when it reads them next (null: it stopped, every device final or the schedule
   * over), and when its schedule ends (a device still `pending` then stays `pending`).
   */
  checkedAt: z.optional(z.nullable(z.string())),
  nextCheckAt: z.optional(z.nullable(z.string())),
  trackedUntil: z.optional(z.string()),
});
export type ActionStatusResponse = z.infer<typeof ActionStatusResponse>;
