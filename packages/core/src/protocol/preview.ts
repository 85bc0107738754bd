/** POST {base}/preview: the request, the devices found and what this actor may do with them. */
import * as z from 'zod/mini';
import { ActionKind, DeviceId, Employee, Ownership, ReportedAction, WipeMode } from './common.js';
import { EMAIL_NOTES } from './kinds.js';

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
 * - `indexing`: the handler is building its first index of a big portal; `indexing` tells how far, nothing was
 *   looked up (no Hexnode call). Ask again in a few seconds.
 */
export const PreviewStatus = z.enum(['ready', 'not_found', 'ambiguous', 'no_devices', 'indexing']);
export type PreviewStatus = z.infer<typeof PreviewStatus>;

/** How far the first index of the portal has got: list pages read of the pages it reads. */
export const IndexingProgress = z.object({
  pagesRead: z.int().check(z.nonnegative()),
  /** 0 while the lists' sizes are not known yet. */
  pagesTotal: z.int().check(z.nonnegative()),
});
export type IndexingProgress = z.infer<typeof IndexingProgress>;

/**
 * A termination job for this employee that waits for a second person (the two-person rule), as the preview
 * shows it to an actor who may approve jobs (cookie mode). Approve or reject it through `ROUTES.jobApprove`
 * and `ROUTES.jobReject`.
 */
export const HeldJob = z.object({
  id: z.string(),
  /** The action it would take (`lock`, `wipe`, ...). */
  action: z.string(),
  /** The devices it would act on. */
  deviceIds: z.array(DeviceId),
  /** Who asked for the job (an HRMS actor id, or the webhook's source). */
  requestedBy: z.string(),
  /** ISO 8601 time it was held. */
  heldAt: z.string(),
  /** The viewer asked for it, so another person must approve it. */
  yours: z.boolean(),
});
export type HeldJob = z.infer<typeof HeldJob>;

export const PreviewResponse = z.object({
  status: PreviewStatus,
  /** For `indexing`: how far the handler's first index of the portal has got. */
  indexing: z.optional(IndexingProgress),
  /** ISO 8601 time the directory index the answer came from was read from Hexnode; absent for a direct read. */
  indexedAt: z.optional(z.string()),
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
  /**
   * This employee's termination jobs that wait for a second approver; set only in cookie mode, for an actor who
   * may approve jobs, when the handler has a job queue.
   */
  heldJobs: z.optional(z.array(HeldJob)),
});
export type PreviewResponse = z.infer<typeof PreviewResponse>;
