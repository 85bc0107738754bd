/** The option rules per action that the protocol's schema cannot say: a wipe needs a mode, only lock and lost mode take a message. */
import type { ActionRequest } from '@hexnode-offboard/core/protocol';
import { ProblemError } from '../../http/problem.js';

export function checkActionOptions(input: ActionRequest): void {
  const errors: { path: string; message: string }[] = [];
  const opts = input.options ?? {};
  if (input.action === 'wipe' && opts.mode === undefined)
    errors.push({ path: 'options.mode', message: 'A wipe needs mode corporate or complete.' });
  if (input.action !== 'wipe' && opts.mode !== undefined)
    errors.push({ path: 'options.mode', message: 'Only a wipe takes a mode.' });
  if (input.action !== 'lock' && input.action !== 'lost_mode') {
    if (opts.message !== undefined)
      errors.push({ path: 'options.message', message: `${input.action} takes no message.` });
    if (opts.phoneNumber !== undefined)
      errors.push({ path: 'options.phoneNumber', message: `${input.action} takes no phone number.` });
  }
  if (errors.length > 0) throw new ProblemError('invalid_request', { errors });
}
