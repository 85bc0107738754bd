/** `/devices/` and `/devices/{id}/`: the list (with its filters) and the detail. */
import { MESSAGES } from '../guesses.js';
import { detail, HttpError, json } from '../http.js';
import { deviceDetail, deviceItem } from '../shapes.js';
import type { ApiContext } from './context.js';
import { ordered, paginate } from './paging.js';

export function listDevices(ctx: ApiContext): Response {
  const query = ctx.url.searchParams;
  let devices = ctx.state.devices;
  const platform = query.get('platform');
  if (platform) devices = devices.filter((d) => d.platform === platform.toLowerCase());
  const active = query.get('is_active');
  if (active === 'True' || active === 'False') {
    devices = devices.filter((d) => (d.enrollmentStatus === 'enrolled') === (active === 'True'));
  }
  const type = query.get('device_type');
  if (type) devices = devices.filter((d) => d.deviceType === type);
  return paginate(ctx, ordered(ctx, devices), (d) => deviceItem(ctx.state, d, ctx.now, ctx.drift));
}

export function findDevice(ctx: ApiContext) {
  const device = ctx.state.device(Number(ctx.params[0]));
  if (!device) throw new HttpError(detail(404, MESSAGES.notFound));
  return device;
}

export function getDevice(ctx: ApiContext): Response {
  return json(200, deviceDetail(ctx.state, findDevice(ctx), ctx.now, ctx.drift));
}
