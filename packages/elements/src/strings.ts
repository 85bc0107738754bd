import type { EmailNote, ErrorCode, NotOfferedReason, Ownership } from '@hexnode-offboard/core/protocol';

/**
 * Every word the widget shows. Replace any of them through the provider's `strings` property
 * (a partial object is merged over the locale's strings, groups such as `errors` one level deeper).
 * Plurals and values are functions.
 * Over 300 lines: the vocabulary's type and its English words are one list read side by side (each locale follows
 * the type); split, a new string would be added in two files.
 */

/** An action as HR chooses it: wipe is split by mode. */
export type ActionChoice =
  | 'lock'
  | 'wipe'
  | 'wipe_corporate'
  | 'wipe_complete'
  | 'clear_passcode'
  | 'lost_mode'
  | 'disenroll'
  | 'reassign'
  | 'mark_disenrolled';

/** The codes an error event can carry: the protocol's, plus two the widget finds itself. */
export type OffboardErrorCode = ErrorCode | 'network_error' | 'invalid_response';

/** What Hexnode's limits have spent when the handler answers `hexnode_busy`. */
export type BusyReason = 'window' | 'day' | 'throttled';

/** A wait, in seconds up to two minutes, else in minutes. */
const inTime = (seconds: number) => (seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`);

export interface OffboardStrings {
  /** The button's text before the preview is known. */
  buttonLabel: string;
  /** The button's text once a preloaded preview counted the devices. */
  buttonLabelWithCount: (devices: number) => string;
  /** The button's text while the preview loads. */
  loading: string;
  /** Why the button is disabled when this actor may not act. */
  notAllowed: string;
  dialogTitle: (employee: string) => string;
  dialogDescription: (devices: number) => string;
  devicesLegend: string;
  lastSeen: (when: string) => string;
  neverSeen: string;
  serial: (serial: string) => string;
  warningOffline: (days: number) => string;
  warningShared: string;
  warningPending: (action: string) => string;
  warningNotEnrolled: string;
  /** Who owns each device, beside it in the list (a device whose handler does not say is `unknown`). */
  ownership: Record<Ownership, string>;
  tooManyDevices: (max: number) => string;
  noDeviceSelected: string;
  actionLegend: string;
  actionNames: Record<ActionChoice, string>;
  /** One line saying what each action does to the device. */
  consequences: Record<ActionChoice, string>;
  /** Past tense for the history ("Wiped"). */
  actionDone: Record<ActionChoice, string>;
  /** The history's word for an earlier action whose devices got different actions. */
  mixedDone: string;
  /** The confirm button's action word when the devices get different actions ("Offboard 3 devices"). */
  mixedAction: string;
  /** The reassign choice, naming the pool account ("Reassign to Shift pool"). */
  reassignTo: (target: string) => string;
  /** What reassigning does, naming the employee and the pool account. */
  reassignConsequence: (employee: string, target: string) => string;
  /** Disenroll's name and consequence for a personal (BYOD) device: its owner's data stays. */
  personalDisenroll: string;
  personalDisenrollConsequence: string;
  /** The accessible name of a device's action dropdown (when the devices' offers differ). */
  deviceAction: (device: string) => string;
  /** Why the preview matched the email only exactly (a lookalike address matches nobody else). */
  emailNotes: Record<EmailNote['code'], string>;
  /** IT's follow-up for a device whose disenroll stays pending: the hint beside its button. */
  followUpHint: string;
  /** Why the handler refused an action for a device (`action_not_offered`). */
  notOffered: Record<NotOfferedReason, string>;
  /** One refused device: its name, the action asked, why. */
  refusal: (device: string, action: string, reason: string) => string;
  /** When Hexnode is busy or the handler limits requests: how long to wait. */
  retryIn: (seconds: number) => string;
  /** The heading while a confirmed action waits for Hexnode's rate limit (`waiting`). */
  waitingTitle: string;
  /** Why it waits (`hexnode_busy`'s reason) and when it is sent: the seconds left. */
  waiting: Record<BusyReason, (seconds: number) => string>;
  /** Below the countdown: nothing was sent yet (Cancel sends nothing). */
  notSentYet: string;
  reasonLabel: string;
  confirmLabel: (confirmText: string) => string;
  cancel: string;
  close: string;
  back: string;
  retry: string;
  submit: (action: string, devices: number) => string;
  submitting: string;
  historyTitle: string;
  historyEntry: (action: string, date: string, actor: string, devices: number) => string;
  repeatConfirm: string;
  notFoundTitle: string;
  notFound: (email: string) => string;
  /** The handler is building its first index of Hexnode: list pages read of the pages total (0: not known yet). */
  indexing: (read: number, total: number) => string;
  /** Beside the device list: when the handler's index of Hexnode was read ("devices as of 12:03"). */
  devicesAsOf: (time: string) => string;
  noDevicesTitle: string;
  noDevices: (email: string) => string;
  ambiguousTitle: string;
  ambiguous: (email: string, users: number) => string;
  sentTitle: string;
  doneTitle: string;
  partialTitle: string;
  failedTitle: string;
  progress: (done: number, total: number) => string;
  partial: (failed: number, total: number) => string;
  timedOut: string;
  deviceStatus: Record<'pending' | 'in_progress' | 'done' | 'failed', string>;
  /** A termination job that waits for a second person (two-person rule): its action, devices, who asked. */
  heldJob: (action: string, devices: number, by: string) => string;
  heldJobYours: string;
  approveJob: string;
  rejectJob: string;
  errorTitle: string;
  errors: Partial<Record<OffboardErrorCode, string>>;
  errorGeneric: string;
  supportCode: (code: string) => string;
}

/**
 * What a `strings` property takes: any subset of the strings, and any subset of a group of them
 * (`{ errors: { forbidden: '...' } }` keeps every other error message).
 */
export type OffboardStringsOverrides = {
  [K in keyof OffboardStrings]?: OffboardStrings[K] extends string | ((...args: never[]) => string)
    ? OffboardStrings[K]
    : Partial<OffboardStrings[K]>;
};

/** `base` with `overrides` on top; groups (records such as `errors` or `actionNames`) merge one level deeper. */
export function mergeStrings(base: OffboardStrings, overrides?: OffboardStringsOverrides): OffboardStrings {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    const group = out[key];
    if (value === undefined) continue;
    out[key] = typeof value === 'object' && typeof group === 'object' ? { ...group, ...value } : value;
  }
  return out as unknown as OffboardStrings;
}

/** The integration mistakes (origin, CSRF header, base path) are the HRMS's to fix, not HR's. */
const setupProblem = 'This page is not set up to reach the offboarding service. Tell IT.';

export const en: OffboardStrings = {
  buttonLabel: 'Offboard devices',
  buttonLabelWithCount: (n) => `Offboard devices (${n})`,
  loading: 'Loading devices…',
  notAllowed: 'You are not allowed to act on this employee’s devices.',
  dialogTitle: (employee) => `Offboard ${employee}`,
  dialogDescription: (n) =>
    n === 1
      ? 'This device is assigned to the employee in Hexnode. The action is sent to it right away.'
      : `These ${n} devices are assigned to the employee in Hexnode. The action is sent to them right away.`,
  devicesLegend: 'Devices',
  lastSeen: (when) => `Last seen ${when}`,
  neverSeen: 'Never checked in',
  serial: (serial) => `Serial ${serial}`,
  warningOffline: (days) => `Offline ${days} ${days === 1 ? 'day' : 'days'}`,
  warningShared: 'Shared device',
  warningPending: (action) => `Pending: ${action}`,
  warningNotEnrolled: 'Not enrolled',
  ownership: {
    corporate: 'Company-owned',
    personal: 'Personal (BYOD)',
    unknown: 'Ownership unknown',
  },
  tooManyDevices: (max) => `Select at most ${max} devices for one action.`,
  noDeviceSelected: 'Select at least one device.',
  actionLegend: 'Action',
  actionNames: {
    lock: 'Lock',
    wipe: 'Wipe',
    wipe_corporate: 'Corporate wipe',
    wipe_complete: 'Full wipe',
    clear_passcode: 'Clear passcode',
    lost_mode: 'Lost mode',
    disenroll: 'Disenroll',
    reassign: 'Reassign',
    mark_disenrolled: 'Mark as disenrolled',
  },
  consequences: {
    lock: 'Locks the screen. Reversible: IT can unlock it.',
    wipe: 'Erases the device.',
    wipe_corporate: 'Removes work apps, data and management; personal data stays.',
    wipe_complete: 'Erases everything on the device and resets it. Cannot be undone.',
    clear_passcode: 'Removes the passcode so IT can open the device.',
    lost_mode: 'Locks the device and shows a message until IT releases it.',
    disenroll: 'Removes the device from Hexnode. It is no longer managed.',
    reassign: 'Hands the device to a pool account. It stays in service.',
    mark_disenrolled: 'Removes the device from Hexnode’s list without waiting for it to check in.',
  },
  actionDone: {
    lock: 'Locked',
    wipe: 'Wiped',
    wipe_corporate: 'Corporate wipe',
    wipe_complete: 'Fully wiped',
    clear_passcode: 'Passcode cleared',
    lost_mode: 'Lost mode',
    disenroll: 'Disenrolled',
    reassign: 'Reassigned',
    mark_disenrolled: 'Marked as disenrolled',
  },
  mixedDone: 'Offboarded',
  mixedAction: 'Offboard',
  reassignTo: (target) => `Reassign to ${target}`,
  reassignConsequence: (employee, target) =>
    `Stays in service; ${employee}’s data and policies are removed; ${target} owns it.`,
  personalDisenroll: 'Remove work data and management',
  personalDisenrollConsequence: 'Removes work apps, work data and management. Personal data stays.',
  deviceAction: (device) => `Action for ${device}`,
  emailNotes: {
    non_ascii_local_part:
      'The address has non-ASCII letters before the @: it was matched exactly, never with a lookalike.',
    not_normalized: 'The address may look like another one: it was matched exactly, never with a lookalike.',
  },
  followUpHint: 'The device has not checked in to finish disenrolling.',
  notOffered: {
    personal_device: 'a personal device is never erased',
    ownership_unknown: 'Hexnode does not say who owns it, so it is not erased',
    corporate_wipe_unconfigured: 'a corporate wipe is not set up',
    not_shared: 'only shared devices can be reassigned',
    no_reassign_target: 'no pool account is set up to take it',
    not_pending_disenroll: 'its disenroll is not pending',
    not_enabled: 'this action is not allowed',
  },
  refusal: (device, action, reason) => `${device}: ${action} refused, ${reason}.`,
  retryIn: (seconds) => `Try again in ${seconds} s.`,
  waitingTitle: 'Waiting for Hexnode',
  waiting: {
    window: (s) => `Hexnode allows 30 calls a minute: sending in ${inTime(s)}.`,
    day: (s) => `Hexnode’s calls for today are used up: sending in ${inTime(s)}.`,
    throttled: (s) => `Hexnode asked to wait: sending in ${inTime(s)}.`,
  },
  notSentYet: 'Nothing has been sent yet.',
  reasonLabel: 'Reason (kept in the audit log)',
  confirmLabel: (text) => `Type ${text} to confirm`,
  cancel: 'Cancel',
  close: 'Close',
  back: 'Back',
  retry: 'Try again',
  submit: (action, n) => `${action} ${n} ${n === 1 ? 'device' : 'devices'}`,
  submitting: 'Sending…',
  historyTitle: 'Already offboarded',
  historyEntry: (action, date, actor, n) =>
    `${action} on ${date} by ${actor} (${n} ${n === 1 ? 'device' : 'devices'})`,
  repeatConfirm: 'I know, act again',
  notFoundTitle: 'Not in Hexnode',
  notFound: (email) => `No Hexnode user has the email ${email}. Nothing was sent.`,
  indexing: (read, total) => `Indexing Hexnode: ${read} of ${total} pages`,
  devicesAsOf: (time) => `devices as of ${time}`,
  noDevicesTitle: 'No devices',
  noDevices: (email) => `The Hexnode user ${email} has no devices. Nothing to do.`,
  ambiguousTitle: 'Several Hexnode users',
  ambiguous: (email, n) =>
    `${n} Hexnode users share the email ${email}. Ask IT to fix this in Hexnode; nothing was sent.`,
  sentTitle: 'Sent to Hexnode',
  doneTitle: 'Done',
  partialTitle: 'Partly done',
  failedTitle: 'Failed',
  progress: (done, total) => `${done} of ${total} ${total === 1 ? 'device' : 'devices'} done.`,
  partial: (failed, total) => `${failed} of ${total} ${total === 1 ? 'device' : 'devices'} failed. Tell IT.`,
  timedOut: 'Still waiting. Hexnode applies the action when each device next checks in.',
  deviceStatus: {
    pending: 'Waiting for the device to check in',
    in_progress: 'In progress',
    done: 'Done',
    failed: 'Failed',
  },
  heldJob: (action, n, by) =>
    `A termination job waits for a second person: ${action.toLowerCase()} on ${n} ${n === 1 ? 'device' : 'devices'}, asked by ${by}.`,
  heldJobYours: 'Another person must approve it.',
  approveJob: 'Approve',
  rejectJob: 'Reject',
  errorTitle: 'Something went wrong',
  errors: {
    unauthenticated: 'Your session has ended. Reload the page and sign in again.',
    session_expired: 'Your session has ended. Reload the page.',
    forbidden: 'You are not allowed to do this.',
    origin_not_allowed: setupProblem,
    csrf_header_missing: setupProblem,
    base_path_mismatch: setupProblem,
    rate_limited: 'Too many requests. Wait a minute, then try again.',
    limit_exceeded: 'This would exceed a safety limit. Ask IT.',
    hexnode_unavailable: 'Hexnode is not answering. Try again in a few minutes.',
    hexnode_busy: 'Hexnode is busy right now. Nothing was sent.',
    session_not_yet_valid: 'Your session is not valid yet. Check the computer’s clock, then try again.',
    action_not_offered: 'An action is not available for a device. Nothing was sent.',
    hexnode_misconfigured: 'The Hexnode connection is misconfigured. Tell IT.',
    confirmation_mismatch: 'The confirmation text does not match.',
    reason_required: 'Give a reason.',
    device_not_owned: 'A device no longer belongs to this employee. Close and open again.',
    already_offboarded: 'This employee was offboarded in the meantime. Close and open again.',
    network_error: 'The network is unreachable. Check the connection, then try again.',
    invalid_response: 'The server sent an answer the widget does not understand.',
  },
  errorGeneric: 'The request failed.',
  supportCode: (code) => `Support code: ${code}`,
};
