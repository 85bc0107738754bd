/** `/devicegroups/` and `/devicegroups/{id}/`: list, create, read, update, delete and add/remove devices. */
import { DELETE_STATUS, DEVICE_GROUP_CHANGE_STATUS, MESSAGES } from '../guesses.js';
import { badRequest, HttpError, json, noContent } from '../http.js';
import { deviceGroupDetail, deviceGroupItem } from '../shapes.js';
import type { SimDeviceGroup } from '../types.js';
import { fail, idList, requireDevices } from './body.js';
import type { ApiContext } from './context.js';
import { changeMembers, findGroup, groupFields, memberChange, nextId } from './groups.js';
import { ordered, paginate } from './paging.js';

export function listDeviceGroups(ctx: ApiContext): Response {
  return paginate(ctx, ordered(ctx, ctx.state.deviceGroups), deviceGroupItem);
}

export function getDeviceGroup(ctx: ApiContext): Response {
  return json(200, deviceGroupDetail(ctx.state, findGroup(ctx, ctx.state.deviceGroups, 'devicegroup')));
}

export function createDeviceGroup(ctx: ApiContext): Response {
  const { body, errors, groupname, description } = groupFields(ctx, 'devicegroup', true);
  const devices = idList(body, 'devices', errors) ?? [];
  fail(errors);
  requireDevices(ctx.state, devices);
  const group: SimDeviceGroup = {
    id: nextId(ctx.state.deviceGroups),
    groupname: groupname ?? '',
    description: description ?? '',
    grouptype: 'custom',
    deviceIds: [...new Set(devices)],
    modifiedDate: ctx.now,
  };
  ctx.state.deviceGroups.push(group);
  const { policy: _p, location_history: _l, ...created } = deviceGroupDetail(ctx.state, group);
  return json(201, created);
}

export function updateDeviceGroup(ctx: ApiContext): Response {
  const group = findGroup(ctx, ctx.state.deviceGroups, 'devicegroup');
  const { errors, groupname, description } = groupFields(ctx, 'devicegroup', false, group);
  fail(errors);
  if (typeof groupname === 'string') group.groupname = groupname;
  if (description !== undefined) group.description = description ?? '';
  group.modifiedDate = ctx.now;
  return json(200, deviceGroupDetail(ctx.state, group));
}

export function deleteDeviceGroup(ctx: ApiContext): Response {
  const group = findGroup(ctx, ctx.state.deviceGroups, 'devicegroup');
  ctx.state.deviceGroups = ctx.state.deviceGroups.filter((g) => g !== group);
  return noContent(DELETE_STATUS);
}

/**
 * `POST /devicegroups/{id}/` with `{add_devices, remove_devices}`: both keys required [C]; the answer is
 * `{id, groupname, description, devices: [{id, name, model_name, platform}]}` [C] with the status of
 * `DEVICE_GROUP_CHANGE_STATUS` [G].
 */
export function changeDeviceGroup(ctx: ApiContext): Response {
  const group = findGroup(ctx, ctx.state.deviceGroups, 'devicegroup');
  const { add, remove } = memberChange(ctx, 'devices');
  if (group.grouptype === 'dynamic') throw new HttpError(badRequest([MESSAGES.dynamicGroup]));
  requireDevices(ctx.state, add);
  group.deviceIds = changeMembers(group.deviceIds, add, remove);
  group.modifiedDate = ctx.now;
  const { policy: _p, location_history: _l, devices, ...rest } = deviceGroupDetail(ctx.state, group);
  const members = (devices as Record<string, unknown>[]).map(
    ({ user_id: _u, user_name: _n, ...device }) => device,
  );
  return json(DEVICE_GROUP_CHANGE_STATUS, { ...rest, devices: members });
}
