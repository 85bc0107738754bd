/** `/usergroups/` and `/usergroups/{id}/`: list, create, read, update, delete and add/remove users. */
import { DELETE_STATUS } from '../guesses.js';
import { json, noContent } from '../http.js';
import { userGroupDetail, userGroupItem } from '../shapes.js';
import type { SimUserGroup } from '../types.js';
import { fail, idList, requireUsers } from './body.js';
import type { ApiContext } from './context.js';
import { changeMembers, findGroup, groupFields, memberChange, nextId } from './groups.js';
import { ordered, paginate } from './paging.js';

export function listUserGroups(ctx: ApiContext): Response {
  return paginate(ctx, ordered(ctx, ctx.state.userGroups), userGroupItem);
}

export function getUserGroup(ctx: ApiContext): Response {
  return json(200, userGroupDetail(ctx.state, findGroup(ctx, ctx.state.userGroups, 'usergroup')));
}

export function createUserGroup(ctx: ApiContext): Response {
  const { body, errors, groupname, description } = groupFields(ctx, 'usergroup', true);
  const users = idList(body, 'users', errors) ?? [];
  fail(errors);
  requireUsers(ctx.state, users);
  const group: SimUserGroup = {
    id: nextId(ctx.state.userGroups),
    groupname: groupname ?? '',
    description: description ?? '',
    userIds: [...new Set(users)],
    modifiedDate: ctx.now,
  };
  ctx.state.userGroups.push(group);
  const { policy: _p, location_history: _l, ...created } = userGroupDetail(ctx.state, group);
  return json(201, created);
}

export function updateUserGroup(ctx: ApiContext): Response {
  const group = findGroup(ctx, ctx.state.userGroups, 'usergroup');
  const { errors, groupname, description } = groupFields(ctx, 'usergroup', false, group);
  fail(errors);
  if (typeof groupname === 'string') group.groupname = groupname;
  if (description !== undefined) group.description = description ?? '';
  group.modifiedDate = ctx.now;
  return json(200, userGroupDetail(ctx.state, group));
}

export function deleteUserGroup(ctx: ApiContext): Response {
  const group = findGroup(ctx, ctx.state.userGroups, 'usergroup');
  ctx.state.userGroups = ctx.state.userGroups.filter((g) => g !== group);
  return noContent(DELETE_STATUS);
}

/**
 * `POST /usergroups/{id}/` with `{add_users, remove_users}` [C]: both keys required (`[]` for the unused one),
 * an id in both lists ends up added, and the answer is 201 with the group [C].
 */
export function changeUserGroup(ctx: ApiContext): Response {
  const group = findGroup(ctx, ctx.state.userGroups, 'usergroup');
  const { add, remove } = memberChange(ctx, 'users');
  requireUsers(ctx.state, add);
  group.userIds = changeMembers(group.userIds, add, remove);
  group.modifiedDate = ctx.now;
  return json(201, userGroupDetail(ctx.state, group));
}
