/** `/usergroups/` and `/usergroups/{id}/`: what sets user groups apart from device groups. */
import { json } from '../http.js';
import { userGroupDetail, userGroupItem } from '../shapes.js';
import type { SimUserGroup } from '../types.js';
import { requireUsers } from './body.js';
import { groupHandlers, type GroupKindSpec } from './group-routes.js';

export const USER_GROUPS: GroupKindSpec<SimUserGroup> = {
  kind: 'usergroup',
  members: 'users',
  groups: (state) => state.userGroups,
  setGroups: (state, groups) => void (state.userGroups = groups),
  memberIds: (group) => group.userIds,
  setMemberIds: (group, ids) => void (group.userIds = ids),
  requireMembers: requireUsers,
  create: ({ id, groupname, description, modifiedDate }, userIds) => ({
    id,
    groupname,
    description,
    userIds,
    modifiedDate,
  }),
  item: userGroupItem,
  detail: userGroupDetail,
  /** The change answers 201 with the group [C]. */
  changed: (state, group) => json(201, userGroupDetail(state, group)),
};

export const userGroups = groupHandlers(USER_GROUPS);
