/**
 * `createOffboardHandler`: the Web-standard `(request) => Promise<Response>` an HRMS mounts. It alone
 * holds the Hexnode API key. The options are checked once; every request then runs the same checks in the
 * same order (docs/handler.md, `dispatch.ts`) and stops at the first failure, before anything reaches Hexnode.
 */
import type { OffboardHandlerOptions } from '../options.js';
import { resolveConfig } from './config.js';
import { Dispatcher, type OffboardHandler } from './dispatch.js';

export {
  DEFAULT_ACTIONS,
  DEFAULT_IDEMPOTENCY_TTL_MS,
  DEFAULT_MAX_ACTIONS_PER_ACTOR_PER_HOUR,
  DEFAULT_MAX_DEVICES_PER_ACTION,
  DEFAULT_MAX_PREVIEWS_PER_ACTOR_PER_MINUTE,
} from './config.js';
export { PROBLEMS } from '../http/problem.js';
export type { OffboardHandler };

/** Creates the handler. Throws a TypeError when the options cannot work (no way to authenticate, bad origins, ...). */
export function createOffboardHandler(options: OffboardHandlerOptions): OffboardHandler {
  return new Dispatcher(resolveConfig(options)).dispatch;
}
