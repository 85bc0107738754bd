/**
 * Every place the simulator GUESSES how a real Hexnode portal behaves, in one module.
 *
 * UNCONFIRMED: nothing in this file is backed by an official Hexnode page or a response recorded from a real
 * portal (marked [G] in the API reference). When a real portal shows otherwise, correct it here; the rest of
 * the simulator reads these values and spells none of them itself. Confirmed facts ([C], [P]) live in the
 * code that serves them, not here. The README's "Guesses" table lists the same entries.
 */

/** [G] Page size when the request has no `per_page` (DRF default; 100 is typical). The cap of 250 is [P]. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 250;

/** [G] DRF's own messages, assumed unchanged by Hexnode. */
export const MESSAGES = {
  notAuthenticated: 'Authentication credentials were not provided.',
  invalidKey: 'Invalid token.',
  notFound: 'Not found.',
  invalidPage: 'Invalid page.',
  methodNotAllowed: (method: string) => `Method "${method}" not allowed.`,
  /** The text is [C] (`Expected available in 57.0 seconds.`); see THROTTLE_WAIT for how the wait is rounded. */
  throttled: (seconds: number) =>
    `Request was throttled. Expected available in ${seconds.toFixed(1)} second${seconds === 1 ? '' : 's'}.`,
  required: 'This field is required.',
  notAList: (type: string) => `Expected a list of items but got type "${type}".`,
  notAnInteger: 'A valid integer is required.',
  notAString: 'Not a valid string.',
  invalidJson: (detail: string) => `JSON parse error - ${detail}`,
  /** [C] for user groups (`{"detail": "usergroup not found"}`); [G] that device groups say the same. */
  groupNotFound: (kind: 'usergroup' | 'devicegroup') => `${kind} not found`,
  /** [G] modelled on the recorded `["AppGroup does not exists with id /57/"]`. */
  doesNotExist: (thing: 'User' | 'Device' | 'UserGroup' | 'DeviceGroup', id: number) =>
    `${thing} does not exists with id /${id}/`,
  noTarget: 'Select at least one of users, usergroups, devices or devicegroups.',
  singleObjectList: 'Expected a list with exactly one object.',
  dynamicGroup: 'Devices of a dynamic group cannot be added or removed.',
  duplicateGroup: (kind: 'usergroup' | 'devicegroup') => `${kind} with this groupname already exists.`,
  pinDigits: 'Ensure this field has exactly 6 digits.',
  choice: (value: string) => `"${value}" is not a valid choice.`,
} as const;

/** [G] 401 answers carry this challenge (DRF only answers 401, not 403, when it sends one). */
export const WWW_AUTHENTICATE = 'Token';

/** [C] DRF headers seen on real answers. */
export const VARY = 'Accept, Accept-Language, Cookie';

/**
 * [G] A path without its trailing slash: Django's APPEND_SLASH answers GET/HEAD with a 301 to the slashed
 * path; other methods get a 404 (Django raises an error page for them).
 */
export const APPEND_SLASH_REDIRECT = true;

/** [G] The body of a successful action POST ("200 with no useful body" [C]). */
export const ACTION_REPLY = { message: 'Action initiated successfully.' };

/** [G] `POST /users/` answers 201 with the created user as one object, whether the body was a list or an object. */
export const CREATE_USER_REPLIES_WITH_OBJECT = true;

/** [G] `DELETE` of users and groups answers 204 with no body. */
export const DELETE_STATUS = 204;

/**
 * [G] `network.network_type` in the device detail: "a string code" [C], but which code means what is unknown.
 * The simulator sends these.
 */
export const NETWORK_TYPE_CODES = { wifi: '1', cellular: '2' } as const;

/** [G] `applications[].bundle_size` is a size text with a unit (the key is [C], its format is not). */
export const bundleSizeText = (megabytes: number) => `${megabytes.toFixed(1)} MB`;

/** [G] `POST /devicegroups/{id}/` answers 201 like the user-group change does [C]; the device-group status is unrecorded. */
export const DEVICE_GROUP_CHANGE_STATUS = 201;

/** [G] `platform` values in the device detail (lower case, as the list filter `platform=ios|android|windows` [P]). */
export const PLATFORM_NAMES = { android: 'android', ios: 'ios', windows: 'windows', macos: 'macos' } as const;

/** [G] A device whose user was deleted shows `user: null` (the deletion also disenrolls it [P]). */
export const DELETED_USER_DEVICE_USER = null;

/** One action the simulator accepts under `/actions/{path}/`. */
export interface ActionDefinition {
  /** The human name `action_status` reports for the command. [G] for every action. */
  actionName: string;
  /** `confirmed` when path and fields are [C]/[P]; `unconfirmed` when the path or a field is a guess. */
  confidence: 'confirmed' | 'unconfirmed';
  /** Extra body fields next to the target selector, and how to check them. */
  fields: Record<string, FieldRule>;
  /** What a successful command does to the device once it checks in. */
  effect:
    | 'none'
    | 'lock'
    | 'wipe'
    | 'disenroll'
    | 'lost_mode_on'
    | 'lost_mode_off'
    | 'power_off'
    | 'rename'
    | 'change_owner';
  /**
   * [G] The portal applies the action itself, without the device: its command ends `Success` at once (no
   * check-in). True for `mark_as_disenrolled` and `change_owner`, portal-side records.
   */
  immediate?: boolean;
}

export type FieldRule =
  | { type: 'string'; required?: boolean }
  | { type: 'boolean' }
  /** An integer (DRF's IntegerField also takes digit strings); `refers` names the object its id must exist as. */
  | { type: 'integer'; required?: boolean; refers?: 'User' }
  | { type: 'pin6' }
  | { type: 'choice'; choices: readonly string[] };

/**
 * The action catalogue. Paths and extra fields marked unconfirmed are [G]; see HEXNODE_API's action table.
 * Unknown extra fields are ignored, as DRF serializers do.
 */
export const ACTIONS: Record<string, ActionDefinition> = {
  /** [C] path and fields. */
  lock_devices: {
    actionName: 'Lock Device',
    confidence: 'confirmed',
    fields: {
      message: { type: 'string' },
      phone_number: { type: 'string' },
      system_lock_pin: { type: 'pin6' },
    },
    effect: 'lock',
  },
  /** [C] */
  clear_passcode: { actionName: 'Clear Passcode', confidence: 'confirmed', fields: {}, effect: 'none' },
  /** [C] */
  power_off: { actionName: 'Power Off', confidence: 'confirmed', fields: {}, effect: 'power_off' },
  /** [C] */
  rename_device: {
    actionName: 'Rename Device',
    confidence: 'confirmed',
    fields: {
      name: { type: 'string', required: true },
      use_suffix: { type: 'boolean' },
      suffix: { type: 'string' },
    },
    effect: 'rename',
  },
  /**
   * [C] path, and that it "only works if you have initiated the disenrollment action on a device and the device
   * is not yet disenrolled" (the official page). [G] that devices without a pending disenroll are skipped
   * silently, and that the rest are disenrolled at once, with their pending disenroll.
   */
  mark_as_disenrolled: {
    actionName: 'Mark as Disenrolled',
    confidence: 'confirmed',
    fields: {},
    effect: 'disenroll',
    immediate: true,
  },
  /**
   * [C] path and `user` (the new owner's id) next to `devices` (official index; a public client on a real
   * portal). [G] the action name `Change Owner`, that the move happens at once on the portal (a `Success`
   * command in the device's history, no check-in), that the other target selectors are accepted as for every
   * action, that only enrolled devices move, and that an unknown `user` answers `["User does not exists with
   * id /N/"]` like an unknown target. The device keeps its ownership (`owned_by`), groups and alternate email.
   */
  change_owner: {
    actionName: 'Change Owner',
    confidence: 'confirmed',
    fields: { user: { type: 'integer', required: true, refers: 'User' } },
    effect: 'change_owner',
    immediate: true,
  },
  /** [P] */
  message: {
    actionName: 'Send Message',
    confidence: 'confirmed',
    fields: { message: { type: 'string', required: true } },
    effect: 'none',
  },
  /**
   * [G] the path (two public scripts send a bare `{"devices": [...]}` to it). Wiping exists [C]. No source shows
   * an option field: [G] a `wipe_type` field is accepted and IGNORED, like any unknown field (DRF ignores them),
   * so every wipe is the full wipe. A "corporate" wipe of a personal phone erases it here too.
   */
  wipe_device: {
    actionName: 'Wipe Device',
    confidence: 'unconfirmed',
    fields: {},
    effect: 'wipe',
  },
  /** [G] the path. Disenrolling exists [C]. */
  disenroll_device: {
    actionName: 'Disenroll Device',
    confidence: 'unconfirmed',
    fields: {},
    effect: 'disenroll',
  },
  /** [G] the path and `phone_number`. Lost mode exists [C]. */
  enable_lost_mode: {
    actionName: 'Enable Lost Mode',
    confidence: 'unconfirmed',
    fields: { message: { type: 'string' }, phone_number: { type: 'string' } },
    effect: 'lost_mode_on',
  },
  /** [G] the path. */
  disable_lost_mode: {
    actionName: 'Disable Lost Mode',
    confidence: 'unconfirmed',
    fields: {},
    effect: 'lost_mode_off',
  },
};

/**
 * [G] `GET /devices/{id}/action_status/` item shape and order (newest first). The endpoint and its paging are [C].
 * Statuses: `Pending` until check-in, then `Success` or `Failed`. `In progress` is part of the model but the
 * simulator finishes a command at check-in, so it never shows it.
 */
export const ACTION_STATUS_NEWEST_FIRST = true;

/**
 * [G] What "schema drift" changes when that fault is on: the kind of change a portal upgrade could bring.
 */
export const SCHEMA_DRIFT = {
  /** users list and detail: `total_devices` renamed `device_count`. */
  userRenames: { total_devices: 'device_count' } as Record<string, string>,
  /** device list: `last_reported` dropped, `serial_number` renamed `serial`. */
  deviceListDrops: ['last_reported'],
  deviceListRenames: { serial_number: 'serial' } as Record<string, string>,
  /** device detail: `lastreported` dropped, nested `user.email` renamed `user.email_address`. */
  deviceDetailDrops: ['lastreported'],
  deviceDetailUserRenames: { email: 'email_address' } as Record<string, string>,
  /** action_status items: `status` renamed `state`. */
  commandRenames: { status: 'state' } as Record<string, string>,
} as const;

/** [G] What a 5xx fault answers: a Django 500, or an nginx 502/503 page in front of it. */
export const SERVER_ERRORS: readonly { status: number; contentType: string; body: string }[] = [
  {
    status: 500,
    contentType: 'application/json',
    body: JSON.stringify({ detail: 'A server error occurred.' }),
  },
  {
    status: 502,
    contentType: 'text/html',
    body: '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
  },
  {
    status: 503,
    contentType: 'text/html',
    body: '<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
  },
];

/*
 * The throttle. Its limits are [C]: 30 calls a minute per account and 10 calls per managed device per day,
 * answered with 429 and DRF's text. How it counts is guessed below.
 */

/** [G] The day is a sliding 24 hours (DRF's `N/day` rate), not a calendar day: 1440 of the throttle's minutes. */
export const DAY_IN_WINDOWS = 1440;

/**
 * [G] A "managed device" is a device whose `enrollment_status` is `enrolled`, counted when the call arrives: a
 * wiped or disenrolled device stops adding to the daily allowance. A portal without one has an allowance of 0.
 */
export const MANAGED_ENROLLMENT_STATUS = 'enrolled';

/**
 * [G] The window counts per API key (the reference says per account; with one key per portal that is the same).
 * Only authenticated requests count, whatever they answer, 404 and 405 included; a refused (429) one does not.
 * DRF checks throttles after authentication and before the method.
 */
export const THROTTLE_PER_API_KEY = true;

/**
 * [G] The wait in the 429 text is rounded UP to a tenth of a second (the recorded `57.0` fits whole seconds too;
 * tenths keep a shortened window's waits short), and the answer carries `Retry-After` in whole seconds, rounded
 * up (DRF's default exception handler sends it; whether Hexnode's does is unknown).
 */
export const THROTTLE_WAIT = {
  textSeconds: (waitMs: number) => Math.ceil(Math.max(0, waitMs) / 100) / 10,
  retryAfter: true,
  retryAfterSeconds: (waitMs: number) => Math.max(1, Math.ceil(waitMs / 1000)),
} as const;
