/**
 * The option rules the protocol's schema cannot say, over every action of the intent: only a wipe takes a mode
 * (none: the documented full wipe), only a reassign takes `reassignTo`, only lock and lost mode take a message.
 */
import { intentDevices, type ActionRequest } from '@hexnode-offboard/core/protocol';
import { ProblemError } from '../../http/problem.js';

export function checkActionOptions(input: ActionRequest): void {
  const errors: { path: string; message: string }[] = [];
  const opts = input.options ?? {};
  const kinds = new Set(intentDevices(input).map((device) => device.action));
  if (!kinds.has('wipe') && opts.mode !== undefined)
    errors.push({ path: 'options.mode', message: 'Only a wipe takes a mode.' });
  if (!kinds.has('reassign') && opts.reassignTo !== undefined)
    errors.push({ path: 'options.reassignTo', message: 'Only a reassign takes reassignTo.' });
  if (!kinds.has('lock') && !kinds.has('lost_mode')) {
    const named = [...kinds].join(', ');
    if (opts.message !== undefined)
      errors.push({ path: 'options.message', message: `${named} takes no message.` });
    if (opts.phoneNumber !== undefined)
      errors.push({ path: 'options.phoneNumber', message: `${named} takes no phone number.` });
  }
  if (errors.length > 0) throw new ProblemError('invalid_request', { errors });
}
