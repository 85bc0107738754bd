/** `/devices/{id}/action_status/`: a device's command history, paged. */
import { ACTION_STATUS_NEWEST_FIRST } from '../guesses.js';
import { commandItem } from '../shapes.js';
import type { ApiContext } from './context.js';
import { findDevice } from './devices.js';
import { paginate } from './paging.js';

export function actionStatus(ctx: ApiContext): Response {
  const device = findDevice(ctx);
  const commands = [...ctx.state.commands(device.id)];
  if (ACTION_STATUS_NEWEST_FIRST) commands.reverse();
  return paginate(ctx, commands, (c) => commandItem(c, ctx.drift));
}
