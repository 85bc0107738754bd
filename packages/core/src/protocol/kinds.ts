/**
 * The protocol's enumerations as plain constants, without zod: the widget imports these at run time
 * and its bundle stays free of any schema library. `schemas.ts` builds its zod enums from them.
 */

/**
 * Every action the kit knows. A handler enables a subset; an actor is allowed a subset of that; each device is
 * offered a subset of that (its `offers`, from its ownership and groups).
 * - `reassign`: hand the device to a pool user (Hexnode's change owner); it stays in service.
 * - `mark_disenrolled`: IT's follow-up for a device whose disenroll stays pending (it is offline and never checks
 *   in); offered only in the status view, never in the preview.
 */
export const ACTION_KINDS = [
  'lock',
  'wipe',
  'clear_passcode',
  'lost_mode',
  'disenroll',
  'reassign',
  'mark_disenrolled',
] as const;

/** The destructive actions: they erase data or remove management and need the strongest confirmation. */
export const DESTRUCTIVE_ACTIONS: readonly (typeof ACTION_KINDS)[number][] = ['wipe', 'disenroll'];

/**
 * `complete`: the documented full wipe (a bare `{"devices": [...]}`), only ever sent to corporate-owned devices.
 * `corporate`: remove work data only; offered only where the operator has configured how their portal spells it
 * (Hexnode documents no such option), see the handler's `hexnode.wipeOptions`.
 */
export const WIPE_MODES = ['corporate', 'complete'] as const;

/** An action's name in answers and history: one kind, or `mixed` when its devices got different kinds. */
export const MIXED_ACTION = 'mixed';

/**
 * Why a device is not offered an action, or why the handler refused an action for it (`action_not_offered`):
 * - `personal_device`: an erase (wipe) of a personally owned (BYOD) device is never offered nor sent.
 * - `ownership_unknown`: Hexnode did not say who owns the device: it is not erased on a guess.
 * - `corporate_wipe_unconfigured`: a corporate-only wipe was asked but the operator has not configured it.
 * - `not_shared`: reassign is for devices in a shared device group.
 * - `no_reassign_target`: no pool user is configured, or the request named one that is not.
 * - `not_pending_disenroll`: mark as disenrolled is only for a device whose disenroll has stayed pending long enough.
 * - `not_enabled`: the handler or this actor does not allow the action.
 */
export const NOT_OFFERED_REASONS = [
  'personal_device',
  'ownership_unknown',
  'corporate_wipe_unconfigured',
  'not_shared',
  'no_reassign_target',
  'not_pending_disenroll',
  'not_enabled',
] as const;

/** What IT may do next for a device in the status view: `mark_disenrolled` once a disenroll stays pending. */
export const FOLLOW_UPS = ['mark_disenrolled'] as const;

/**
 * Who owns a device, from the Hexnode device detail's `owned_by` (1 personal, 2 corporate).
 * `unknown`: Hexnode sent no value or one the kit does not know, or the detail has not been read yet.
 */
export const OWNERSHIPS = ['personal', 'corporate', 'unknown'] as const;

/**
 * A device's progress. `pending`: waiting for the device to check in; `in_progress`: the device
 * took the command; `done` / `failed`: final.
 */
export const DEVICE_STATUSES = ['pending', 'in_progress', 'done', 'failed'] as const;

/**
 * Why a device `failed` without a failed command of its own: `not_enrolled` (Hexnode no longer manages it and
 * queues nothing for it), `rejected` (Hexnode's reply named it as not acted on), `not_queued` (minutes after the
 * action, Hexnode shows no command for it).
 */
export const DEVICE_FAILURES = ['not_enrolled', 'rejected', 'not_queued'] as const;

/** The longest employee email (and identity key) the protocol carries, in UTF-16 units. */
export const MAX_EMAIL_LENGTH = 320;

/**
 * Why the preview's email is matched only exactly (emails are compared trimmed and ASCII-lower-cased, nothing
 * else): `non_ascii_local_part`, the part before `@` is not plain ASCII; `not_normalized`, the address changes
 * under Unicode NFKC or full case folding, so it may look like another address it is not.
 */
export const EMAIL_NOTES = ['non_ascii_local_part', 'not_normalized'] as const;

export const ERROR_CODES = [
  'unauthenticated',
  'session_expired',
  'session_not_yet_valid',
  'forbidden',
  // Integration mistakes, each with its own code so the widget never shows HR "not allowed" for them:
  // cookie mode's page origin (or a cross-site request), the CSRF header, the handler's base path.
  'origin_not_allowed',
  'csrf_header_missing',
  'base_path_mismatch',
  'invalid_request',
  'not_found',
  'method_not_allowed',
  'unsupported_media_type',
  'payload_too_large',
  'employee_not_found',
  'ambiguous_employee',
  'no_devices',
  'device_not_owned',
  /** A device was asked an action it is not offered (see `NOT_OFFERED_REASONS`); nothing was sent. */
  'action_not_offered',
  'confirmation_mismatch',
  'reason_required',
  'already_offboarded',
  'idempotency_key_missing',
  'idempotency_conflict',
  'idempotency_in_flight',
  'rate_limited',
  'limit_exceeded',
  'audit_unavailable',
  'hexnode_unavailable',
  /** Hexnode's rate limit leaves no call within the wait allowed; nothing was sent. Retry after `retryAfter`. */
  'hexnode_busy',
  'hexnode_misconfigured',
  /** A scheduled job waits for a second person's approval (the two-person rule); nothing was sent. */
  'approval_required',
  /** A second person rejected a job that waited for approval; nothing was sent. */
  'job_rejected',
  /** Approve or reject a job that is not waiting for approval. */
  'not_awaiting_approval',
  'internal_error',
] as const;
