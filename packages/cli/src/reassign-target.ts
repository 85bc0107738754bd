/**
 * The pool account a reassign hands shared devices to: a Hexnode user id (checked with one read of that user)
 * or an email (resolved through the users list the plan has already read: no extra call). Not found or several
 * users with that email is one clear `bad_input` error, before anything is planned or sent.
 */
import {
  HexnodeNotFoundError,
  normalizeEmail,
  type HexnodeClient,
  type HexnodeDirectory,
} from '@hexnode-offboard/core';
import { OffboardError } from './errors.js';

/** Checks the options a reassign needs, before any Hexnode call. */
export function checkReassignOptions(
  action: string,
  reassignTo: string | undefined,
  sharedDeviceGroups: readonly string[],
): void {
  if (action !== 'reassign') {
    if (reassignTo !== undefined)
      throw new OffboardError('bad_input', '--reassign-to is only for --action reassign.');
    return;
  }
  if (reassignTo === undefined || reassignTo.trim() === '') {
    throw new OffboardError(
      'bad_input',
      'A reassign needs --reassign-to: the pool account (email or Hexnode user id) shared devices go to.',
    );
  }
  if (sharedDeviceGroups.length === 0) {
    throw new OffboardError(
      'bad_input',
      'A reassign needs --shared-device-groups: only devices in those groups are handed to the pool account.',
    );
  }
}

/** The pool account's Hexnode user id. */
export async function resolveReassignTarget(
  given: string,
  directory: HexnodeDirectory,
  client: HexnodeClient,
): Promise<number> {
  const text = given.trim();
  if (/^\d+$/.test(text)) {
    const id = Number(text);
    if (!Number.isSafeInteger(id) || id < 1)
      throw new OffboardError('bad_input', `--reassign-to ${text}: not a Hexnode user id.`);
    try {
      return (await client.users.get(id)).id;
    } catch (error) {
      if (error instanceof HexnodeNotFoundError)
        throw new OffboardError('bad_input', `--reassign-to ${text}: no Hexnode user has this id.`);
      throw error;
    }
  }
  if (normalizeEmail(text) === '')
    throw new OffboardError('bad_input', `--reassign-to "${text}": give an email or a Hexnode user id.`);
  const found = (await directory.lookupMany([text])).get(text);
  if (found?.status === 'found') return found.user.id;
  if (found?.status === 'ambiguous') {
    throw new OffboardError(
      'bad_input',
      `--reassign-to ${text}: ${found.users.length} Hexnode users have this email (${found.users
        .map((user) => user.id)
        .join(', ')}); give the user id instead.`,
    );
  }
  throw new OffboardError('bad_input', `--reassign-to ${text}: no Hexnode user has this email.`);
}
