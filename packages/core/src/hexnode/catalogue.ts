/**
 * Every unconfirmed fact about the Hexnode API, in one place.
 *
 * UNCONFIRMED: each entry marked [G] below is a guess (no official page and no recorded response backs it).
 * When a real portal shows otherwise, correct it here; nothing else in the kit spells these paths, option
 * names or shapes. Entries marked [C] are confirmed and only listed so the catalogue is complete.
 * The reply reader's guess (which keys name devices Hexnode did not act on) sits beside its code in
 * `action-reply.ts`, marked [G] there too, and is re-exported here after `commandSchema`.
 */
import { z } from 'zod';
import type { HexnodeCommand, HexnodeCommandStatus, HexnodeTarget } from './types.js';

/** The wipe modes the console offers. */
export type HexnodeWipeMode = 'corporate' | 'complete';

export interface LockOptions {
  /** Shown on the lock screen. */
  message?: string;
  /** Shown on the lock screen. */
  phoneNumber?: string;
  /** Six digits; needed to lock Intel Macs. */
  systemLockPin?: string;
}

/**
 * `complete` sends the documented bare body (every public client does). `corporate` sends the fields the operator
 * has stated their portal uses for a corporate-only wipe (`fields`, e.g. `{ wipe_type: 'corporate' }`): Hexnode
 * documents no such option, so the kit never invents one, and without `fields` a corporate wipe is refused.
 */
export type WipeOptions =
  { mode: 'complete' } | { mode: 'corporate'; fields: Readonly<Record<string, string | number | boolean>> };

export interface ChangeOwnerOptions {
  /** The new owner's Hexnode user id. */
  user: number;
}

export interface LostModeOptions {
  message?: string;
  phoneNumber?: string;
}

export interface MessageOptions {
  message: string;
}

/** One Hexnode action: its path under the base URL and how its options become body fields. */
export interface ActionDefinition<Options> {
  /** Relative to the base URL, ends with `/`. */
  path: string;
  /** `confirmed`: seen on an official page or a real portal. `unconfirmed`: a guess, see the comment. */
  confidence: 'confirmed' | 'unconfirmed';
  /**
   * [G] UNCONFIRMED for every action: the `action_name` the device's action status reports for this
   * action's command (the simulator uses the same names).
   */
  commandName: string;
  /** Refuses options the action cannot take (a TypeError), before anything is sent. */
  check?(options: Options): void;
  /** The extra body fields next to the target selector. */
  fields(options: Options): Record<string, unknown>;
}

const none = (): Record<string, unknown> => ({});
const defined = (fields: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));

export const ACTIONS = {
  /** [C] `/actions/lock_devices/` with `message`, `phone_number`, `system_lock_pin`. */
  lock: {
    path: 'actions/lock_devices/',
    confidence: 'confirmed',
    commandName: 'Lock Device',
    check: (options: LockOptions) => {
      if (options.systemLockPin !== undefined && !/^\d{6}$/.test(options.systemLockPin)) {
        throw new TypeError('lock: `systemLockPin` must be six digits.');
      }
    },
    fields: (options: LockOptions) =>
      defined({
        message: options.message,
        phone_number: options.phoneNumber,
        system_lock_pin: options.systemLockPin,
      }),
  } satisfies ActionDefinition<LockOptions>,

  /** [C] `/actions/clear_passcode/`, no options. */
  clearPasscode: {
    path: 'actions/clear_passcode/',
    confidence: 'confirmed',
    commandName: 'Clear Passcode',
    fields: none,
  } satisfies ActionDefinition<void>,

  /**
   * [G] UNCONFIRMED: the path `/actions/wipe_device/`. Wiping exists [C]; two public scripts send a bare
   * `{"devices": [...]}` [P], which is what `complete` sends. No source shows how a corporate-only wipe is spelled:
   * it is sent only with the fields the operator configured (see {@link WipeOptions}).
   */
  wipe: {
    path: 'actions/wipe_device/',
    confidence: 'unconfirmed',
    commandName: 'Wipe Device',
    check: (options: WipeOptions) => {
      if (options?.mode === 'complete') return;
      if (options?.mode !== 'corporate') {
        throw new TypeError('wipe: `mode` must be "corporate" or "complete".');
      }
      const fields: unknown = (options as { fields?: unknown }).fields;
      if (typeof fields !== 'object' || fields === null || Object.keys(fields).length === 0) {
        throw new TypeError(
          'wipe: a corporate wipe needs the fields your portal uses for it (`fields`); Hexnode documents none.',
        );
      }
    },
    fields: (options: WipeOptions) => (options.mode === 'corporate' ? { ...options.fields } : {}),
  } satisfies ActionDefinition<WipeOptions>,

  /**
   * [C] `/actions/change_owner/` with `user` (the new owner's id) and `devices` (official index; a public client
   * on a real portal). [G] UNCONFIRMED: the command name in the device's action status.
   */
  changeOwner: {
    path: 'actions/change_owner/',
    confidence: 'confirmed',
    commandName: 'Change Owner',
    check: (options: ChangeOwnerOptions) => {
      if (!Number.isSafeInteger(options?.user) || options.user <= 0) {
        throw new TypeError('changeOwner: `user` must be a Hexnode user id.');
      }
    },
    fields: (options: ChangeOwnerOptions) => ({ user: options.user }),
  } satisfies ActionDefinition<ChangeOwnerOptions>,

  /**
   * [C] `/actions/mark_as_disenrolled/`: clears a device whose disenroll never completes because it is offline.
   * [G] UNCONFIRMED: the command name in the device's action status.
   */
  markAsDisenrolled: {
    path: 'actions/mark_as_disenrolled/',
    confidence: 'confirmed',
    commandName: 'Mark As Disenrolled',
    fields: none,
  } satisfies ActionDefinition<void>,

  /** [G] UNCONFIRMED: the path. Lost mode exists [C]. */
  enableLostMode: {
    path: 'actions/enable_lost_mode/',
    confidence: 'unconfirmed',
    commandName: 'Enable Lost Mode',
    fields: (options: LostModeOptions) =>
      defined({ message: options.message, phone_number: options.phoneNumber }),
  } satisfies ActionDefinition<LostModeOptions>,

  /** [G] UNCONFIRMED: the path. */
  disableLostMode: {
    path: 'actions/disable_lost_mode/',
    confidence: 'unconfirmed',
    commandName: 'Disable Lost Mode',
    fields: none,
  } satisfies ActionDefinition<void>,

  /** [G] UNCONFIRMED: the path `/actions/disenroll_device/`. Disenrolling exists [C]; its API path is unknown. */
  disenroll: {
    path: 'actions/disenroll_device/',
    confidence: 'unconfirmed',
    commandName: 'Disenroll Device',
    fields: none,
  } satisfies ActionDefinition<void>,

  /** [P] `/actions/message/` with `message` (several public clients agree). */
  message: {
    path: 'actions/message/',
    confidence: 'confirmed',
    commandName: 'Send Message',
    check: (options: MessageOptions) => {
      if (typeof options?.message !== 'string' || options.message.trim() === '') {
        throw new TypeError('message: `message` is required.');
      }
    },
    fields: (options: MessageOptions) => ({ message: options.message }),
  } satisfies ActionDefinition<MessageOptions>,
} as const;

export type HexnodeActionName = keyof typeof ACTIONS;

/** The options one action takes (`undefined` for actions without options). */
export type HexnodeActionOptions<N extends HexnodeActionName> = Parameters<(typeof ACTIONS)[N]['fields']>[0];

/**
 * The body of an action POST: the target selector (plural keys [C]) plus the action's fields, as one
 * JSON object (the docs' curl examples send an object; their samples wrap it in a list).
 */
export function actionBody(target: HexnodeTarget, fields: Record<string, unknown>): Record<string, unknown> {
  return { ...target, ...fields };
}

/**
 * [G] UNCONFIRMED: `GET /devices/{id}/action_status/` exists and is paginated [C], but its item shape is
 * a model: `{id, action_name, status: "Pending" | "In progress" | "Success" | "Failed", created_time,
 * modified_time}`. Status words are matched case-insensitively, with a few synonyms. [G] UNCONFIRMED too: command
 * ids grow, so a command created after another has a higher id (the kit tells an action's own command from older
 * ones of the same kind this way).
 */
const COMMAND_STATUSES: Record<string, HexnodeCommandStatus> = {
  pending: 'pending',
  queued: 'pending',
  initiated: 'pending',
  'in progress': 'in_progress',
  in_progress: 'in_progress',
  inprogress: 'in_progress',
  success: 'success',
  successful: 'success',
  completed: 'success',
  failed: 'failed',
  failure: 'failed',
  error: 'failed',
};

export const commandSchema = z
  .object({
    id: z.number().int(),
    action_name: z.string(),
    status: z
      .string()
      .transform((value) => COMMAND_STATUSES[value.trim().toLowerCase()])
      .pipe(z.enum(['pending', 'in_progress', 'success', 'failed'], { error: 'unknown command status' })),
    created_time: z
      .string()
      .nullish()
      .transform((value) => value || null),
    modified_time: z
      .string()
      .nullish()
      .transform((value) => value || null),
  })
  .transform((raw): HexnodeCommand => ({
    id: raw.id,
    actionName: raw.action_name,
    status: raw.status,
    createdAt: raw.created_time,
    updatedAt: raw.modified_time,
  }));

/**
 * [G] UNCONFIRMED: whether and how an action's reply names devices Hexnode did not act on. Read leniently, never
 * refused: see `readActionReply` in `action-reply.ts`, which lists the keys it accepts.
 */
export { actionReplySchema, readActionReply, type HexnodeActionReply } from './action-reply.js';

/**
 * [P] `POST /users/` takes a one-element list `[{name, email, phoneno?, password?}]`.
 * [G] UNCONFIRMED: the reply is 201 with the created user, as an object or a one-element list; both are read.
 */
export function createUserBody(input: {
  name: string;
  email: string;
  phoneno?: string;
  password?: string;
}): unknown[] {
  return [
    defined({ name: input.name, email: input.email, phoneno: input.phoneno, password: input.password }),
  ];
}

/**
 * How Hexnode counts its rate limits. The limits are [C]: 30 calls a minute per account and 10 calls per
 * managed device a day, refused with 429 and DRF's text `Expected available in 57.0 seconds.`
 * - [G] UNCONFIRMED: the day is a sliding 24 hours (DRF's `N/day` rate), not a calendar day: 1440 minutes.
 * - [G] UNCONFIRMED: the portal's managed devices are what the unfiltered device list counts (its `count`). If
 *   the list also counts devices no longer enrolled, the allowance is over-estimated by 10 calls a day for each;
 *   the kit's share (80 %) leaves room for that, and a 429 that comes anyway is waited out.
 * - [G] UNCONFIRMED: whether a 429 carries `Retry-After`; the seconds in the text are read first.
 */
export const THROTTLE = {
  dayInWindows: 1440,
  managedDevicesFromListCount: true,
} as const;
