/**
 * The widget <-> handler contract (see docs/protocol.md), as zod/mini schemas.
 *
 * Both sides import these: `@hexnode-offboard/elements` parses the handler's answers with them and
 * `@hexnode-offboard/proxy` parses the widget's requests with them. Request schemas are strict:
 * an unknown field (a smuggled `users`, `usergroups`, `devicegroups` or a Hexnode URL) is rejected.
 * This module imports zod/mini only, so a browser bundle stays small and never pulls in the Hexnode client.
 */
import * as z from 'zod/mini';
import {
  ACTION_KINDS,
  DEVICE_FAILURES,
  DEVICE_STATUSES,
  EMAIL_NOTES,
  ERROR_CODES,
  FOLLOW_UPS,
  MAX_EMAIL_LENGTH,
  MIXED_ACTION,
  OWNERSHIPS,
  NOT_OFFERED_REASONS,
  WIPE_MODES,
} from './kinds.js';

export const ActionKind = z.enum(ACTION_KINDS);
export type ActionKind = z.infer<typeof ActionKind>;

/** An action's name in answers and history: one kind, or `mixed` (its devices got different kinds). */
export const ReportedAction = z.enum([...ACTION_KINDS, MIXED_ACTION]);
export type ReportedAction = z.infer<typeof ReportedAction>;

export const NotOfferedReason = z.enum(NOT_OFFERED_REASONS);
export type NotOfferedReason = z.infer<typeof NotOfferedReason>;

export const FollowUp = z.enum(FOLLOW_UPS);
export type FollowUp = z.infer<typeof FollowUp>;

export const WipeMode = z.enum(WIPE_MODES);
export type WipeMode = z.infer<typeof WipeMode>;

export const Ownership = z.enum(OWNERSHIPS);
export type Ownership = z.infer<typeof Ownership>;

/** Characters (code points, so an emoji is one), not UTF-16 units: a limit never halves a text nor splits a pair. */
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;
const codePoints = (value: string) => value.length - (value.match(SURROGATE_PAIR)?.length ?? 0);
const atMost = (max: number) =>
  z.refine<string>((value) => codePoints(value) <= max, `At most ${max} characters.`);
const text = (max: number) => z.string().check(atMost(max));
const nonEmptyText = (max: number) => z.string().check(z.trim(), z.minLength(1), atMost(max));

/**
 * One `@`, no whitespace, and no control, invisible formatting (zero-width, bidi) or lone surrogate characters:
 * the address is an identity key, recorded and compared as sent, so nothing in it may hide or need replacing.
 */
const EMAIL_PATTERN = /^[^\s@\p{Cc}\p{Cf}\p{Cs}]+@[^\s@\p{Cc}\p{Cf}\p{Cs}]+$/u;

/** The employee as the HRMS knows them. The email is what maps them to a Hexnode user. */
export const Employee = z.strictObject({
  email: z.string().check(z.trim(), z.minLength(3), z.maxLength(MAX_EMAIL_LENGTH), z.regex(EMAIL_PATTERN)),
  name: z.optional(nonEmptyText(200)),
  id: z.optional(nonEmptyText(200)),
});
export type Employee = z.infer<typeof Employee>;

/** A Hexnode device id: a positive integer. */
export const DeviceId = z.int().check(z.positive(), z.lte(Number.MAX_SAFE_INTEGER));

// ---------------------------------------------------------------------------------------------
// POST {base}/preview
// ---------------------------------------------------------------------------------------------

export const PreviewRequest = z.strictObject({ employee: Employee });
export type PreviewRequest = z.infer<typeof PreviewRequest>;

/** Why a device deserves a second look before HR acts on it. */
export const DeviceWarning = z.object({
  code: z.enum(['offline', 'shared_device', 'pending_action', 'not_enrolled']),
  /** Days since the device last reported, for `offline`. */
  days: z.optional(z.int()),
  /** The pending action's name, for `pending_action`. */
  action: z.optional(z.string()),
});
export type DeviceWarning = z.infer<typeof DeviceWarning>;

export const PreviewDevice = z.object({
  id: DeviceId,
  name: z.string(),
  model: z.nullable(z.string()),
  os: z.nullable(z.string()),
  osVersion: z.nullable(z.string()),
  serial: z.nullable(z.string()),
  platform: z.nullable(z.string()),
  /** ISO 8601 time the device last reported to Hexnode, or null if it never did. */
  lastSeen: z.nullable(z.string()),
  enrolled: z.boolean(),
  /** Who owns the device (Hexnode's `owned_by`); absent from older handlers, read as `unknown`. */
  ownership: z.optional(Ownership),
  /**
   * The actions this actor may take on this device, best first (a shared handheld: `reassign` first; a personal
   * device: never `wipe`). Absent from older handlers: every action in the response's `actions`.
   */
  offers: z.optional(z.array(ActionKind)),
  warnings: z.array(DeviceWarning),
});
export type PreviewDevice = z.infer<typeof PreviewDevice>;

export const HexnodeUserSummary = z.object({
  id: z.int(),
  name: z.string(),
  email: z.nullable(z.string()),
});
export type HexnodeUserSummary = z.infer<typeof HexnodeUserSummary>;

/** A pool user a shared device can be handed to (Hexnode's change owner), as the handler is configured. */
export const ReassignTarget = z.object({
  /** The Hexnode user id of the pool account. */
  id: z.int().check(z.positive()),
  /** What HR reads: "Shift pool, north warehouse". */
  label: z.string(),
});
export type ReassignTarget = z.infer<typeof ReassignTarget>;

/** One earlier offboarding of this employee, from the audit log. */
export const HistoryEntry = z.object({
  actionId: z.string(),
  action: ReportedAction,
  mode: z.optional(WipeMode),
  at: z.string(),
  actor: z.object({ id: z.string(), name: z.string() }),
  deviceIds: z.array(DeviceId),
  outcome: z.enum(['sent', 'failed']),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** Why the email is matched only exactly (see `EMAIL_NOTES`), and the address it must not be mistaken for. */
export const EmailNote = z.object({
  code: z.enum(EMAIL_NOTES),
  /** What Unicode normalisation and full case folding would have made of it, when that differs. */
  resembles: z.optional(z.string()),
});
export type EmailNote = z.infer<typeof EmailNote>;

/**
 * What the directory found:
 * - `ready`: one Hexnode user with devices; `user` and `devices` are set.
 * - `not_found`: no Hexnode user has this email; `user` is null.
 * - `ambiguous`: several Hexnode users share it; `candidates` lists them and nothing can be sent.
 * - `no_devices`: one user, no devices.
 */
export const PreviewStatus = z.enum(['ready', 'not_found', 'ambiguous', 'no_devices']);
export type PreviewStatus = z.infer<typeof PreviewStatus>;

export const PreviewResponse = z.object({
  status: PreviewStatus,
  employee: Employee,
  /** Set when the email is not plain: it was matched exactly, never with a lookalike. */
  emailNote: z.optional(EmailNote),
  user: z.nullable(HexnodeUserSummary),
  candidates: z.optional(z.array(HexnodeUserSummary)),
  devices: z.array(PreviewDevice),
  /** The actions this actor may take on this employee, in the handler's order. Empty: not allowed. */
  actions: z.array(ActionKind),
  /** The wipe modes this actor may use, when `actions` includes `wipe` (`corporate` only where configured). */
  wipeModes: z.optional(z.array(WipeMode)),
  /** Where `reassign` may hand a shared device, when some device offers it; the first is the default. */
  reassignTargets: z.optional(z.array(ReassignTarget)),
  /** The text HR must type (compared after trimming) before a destructive action is sent. */
  confirmText: z.string(),
  requireReason: z.boolean(),
  /** Most devices one action may name. */
  maxDevicesPerAction: z.int(),
  history: z.array(HistoryEntry),
});
export type PreviewResponse = z.infer<typeof PreviewResponse>;

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
});
export type ActionStatusResponse = z.infer<typeof ActionStatusResponse>;

// ---------------------------------------------------------------------------------------------
// Errors: application/problem+json (RFC 9457) with a stable `code`
// ---------------------------------------------------------------------------------------------

export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const Problem = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  code: ErrorCode,
  detail: z.optional(z.string()),
  /** The handler's id for this request: quote it to support. */
  requestId: z.optional(z.string()),
  /** Seconds to wait before trying again (rate_limited, hexnode_unavailable). */
  retryAfter: z.optional(z.number()),
  /** For invalid_request: which fields were wrong. */
  errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
  /** For action_not_offered: each device refused, the action asked and why. */
  refusals: z.optional(
    z.array(z.object({ deviceId: DeviceId, action: ActionKind, reason: NotOfferedReason })),
  ),
});
export type Problem = z.infer<typeof Problem>;
