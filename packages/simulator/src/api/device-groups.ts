/** `/devicegroups/` and `/devicegroups/{id}/`: what sets device groups apart from user groups. */
import { DEVICE_GROUP_CHANGE_STATUS, MESSAGES } from '../guesses.js';
import { badRequest, HttpError, json } from '../http.js';
import { deviceGroupDetail, deviceGroupItem } from '../shapes.js';
import type { SimDeviceGroup } from '../types.js';
import { requireDevices } from './body.js';
import { groupHandlers, type GroupKindSpec } from './group-routes.js';

export const DEVICE_GROUPS: GroupKindSpec<SimDeviceGroup> = {
  kind: 'devicegroup',
  members: 'devices',
  groups: (state) => state.deviceGroups,
  setGroups: (state, groups) => void (state.deviceGroups = groups),
  memberIds: (group) => group.deviceIds,
  setMemberIds: (group, ids) => void (group.deviceIds = ids),
  requireMembers: requireDevices,
  create: ({ id, groupname, description, modifiedDate }, deviceIds) => ({
    id,
    groupname,
    description,
    grouptype: 'custom',
    deviceIds,
    modifiedDate,
  }),
  item: deviceGroupItem,
  detail: deviceGroupDetail,
  /** The members of a dynamic group follow its rule: they cannot be added or removed. */
  refuseChange: (group) => {
    if (group.grouptype === 'dynamic') throw new HttpError(badRequest([MESSAGES.dynamicGroup]));
  },
  /**
   * The change answers `{id, groupname, description, devices: [{id, name, model_name, platform}]}` [C] with
   * the status of `DEVICE_GROUP_CHANGE_STATUS` [G].
   */
  changed: (state, group) => {
    const { policy: _p, location_history: _l, devices, ...rest } = deviceGroupDetail(state, group);
    const members = (devices as Record<string, unknown>[]).map(
      ({ user_id: _u, user_name: _n, ...device }) => device,
    );
    return json(DEVICE_GROUP_CHANGE_STATUS, { ...rest, devices: members });
  },
};

export const deviceGroups = groupHandlers(DEVICE_GROUPS);
