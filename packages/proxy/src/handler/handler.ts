/**
 * `createOffboardHandler`: the Web-standard `(request) => Promise<Response>` an HRMS mounts. It alone
 * holds the Hexnode API key. The options are checked once; every request then runs the same checks in the
 * same order (docs/handler.md, `dispatch.ts`) and stops at the first failure, before anything reaches Hexnode.
 */
import type { OffboardHandlerOptions } from '../options.js';
import { resolveConfig } from './config.js';
import { Dispatcher, type OffboardHandler } from './dispatch.js';
import type { ActionTracking } from '../tracking/runner.js';

export {
  DEFAULT_ACTIONS,
  DEFAULT_IDEMPOTENCY_TTL_MS,
  DEFAULT_MAX_ACTIONS_PER_ACTOR_PER_HOUR,
  DEFAULT_MAX_DEVICES_PER_ACTION,
  DEFAULT_MAX_PREVIEWS_PER_ACTOR_PER_MINUTE,
} from './config.js';
export { PROBLEMS } from '../http/problem.js';
export type { OffboardHandler, ActionTracking };

/**
 * The handler, with `tracking`: `tracking.checkDue()` runs the action trackers' due checks now (tests, an ops
 * endpoint, a cron), `tracking.stop()` stops their timer.
 */
export type TrackingOffboardHandler = OffboardHandler & { readonly tracking: ActionTracking };

/** Creates the handler. Throws a TypeError when the options cannot work (no way to authenticate, bad origins, ...). */
export function createOffboardHandler(options: OffboardHandlerOptions): TrackingOffboardHandler {
  const dispatcher = new Dispatcher(resolveConfig(options));
  const tracking: ActionTracking = {
    checkDue: () => dispatcher.tracking.checkDue(),
    stop: () => dispatcher.tracking.stop(),
  };
  return Object.assign(dispatcher.dispatch, { tracking });
}
