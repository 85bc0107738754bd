/**
 * The handlers of one kind of group, built from its description (user groups and device groups answer alike:
 * list, create, read, update, delete, add/remove members [C]); each kind states only where it differs.
 */
import { DELETE_STATUS } from '../guesses.js';
import { json, noContent } from '../http.js';
import type { State } from '../state.js';
import { fail, idList } from './body.js';
import type { ApiContext, Handler } from './context.js';
import { changeMembers, findGroup, groupFields, memberChange, nextId, type GroupKind } from './groups.js';
import { ordered, paginate } from './paging.js';

type Json = Record<string, unknown>;

/** What every group has. */
export interface SimGroup {
  id: number;
  groupname: string;
  description: string;
  modifiedDate: number;
}

/** One kind of group: where its groups live, what its members are and how it answers. */
export interface GroupKindSpec<G extends SimGroup> {
  kind: GroupKind;
  /** The members' body key: `users` (`add_users`, …) or `devices`. */
  members: 'users' | 'devices';
  groups(state: State): G[];
  setGroups(state: State, groups: G[]): void;
  memberIds(group: G): number[];
  setMemberIds(group: G, ids: number[]): void;
  /** Refuses (a 400) ids that name no member. */
  requireMembers(state: State, ids: readonly number[]): void;
  /** A new group, as `POST` creates it. */
  create(fields: SimGroup, memberIds: number[]): G;
  item(group: G): Json;
  detail(state: State, group: G): Json;
  /** The answer to an add/remove, once the change is made. */
  changed(state: State, group: G): Response;
  /** Throws a 400 when the group refuses membership changes. */
  refuseChange?(group: G): void;
}

export interface GroupHandlers {
  list: Handler;
  create: Handler;
  get: Handler;
  update: Handler;
  remove: Handler;
  change: Handler;
}

export function groupHandlers<G extends SimGroup>(spec: GroupKindSpec<G>): GroupHandlers {
  const find = (ctx: ApiContext) => findGroup(ctx, spec.groups(ctx.state), spec.kind);
  return {
    list: (ctx) => paginate(ctx, ordered(ctx, spec.groups(ctx.state)), spec.item),
    get: (ctx) => json(200, spec.detail(ctx.state, find(ctx))),
    create(ctx) {
      const { body, errors, groupname, description } = groupFields(ctx, spec.kind, true);
      const members = idList(body, spec.members, errors) ?? [];
      fail(errors);
      spec.requireMembers(ctx.state, members);
      const fields = {
        id: nextId(spec.groups(ctx.state)),
        groupname: groupname ?? '',
        description: description ?? '',
        modifiedDate: ctx.now,
      };
      const group = spec.create(fields, [...new Set(members)]);
      spec.groups(ctx.state).push(group);
      const { policy: _p, location_history: _l, ...created } = spec.detail(ctx.state, group);
      return json(201, created);
    },
    update(ctx) {
      const group = find(ctx);
      const { errors, groupname, description } = groupFields(ctx, spec.kind, false, group);
      fail(errors);
      if (typeof groupname === 'string') group.groupname = groupname;
      if (description !== undefined) group.description = description ?? '';
      group.modifiedDate = ctx.now;
      return json(200, spec.detail(ctx.state, group));
    },
    remove(ctx) {
      const group = find(ctx);
      spec.setGroups(
        ctx.state,
        spec.groups(ctx.state).filter((g) => g !== group),
      );
      return noContent(DELETE_STATUS);
    },
    /** `POST /{kind}s/{id}/` with `{add_*, remove_*}`: both keys required, an id in both ends up added [C]. */
    change(ctx) {
      const group = find(ctx);
      const { add, remove } = memberChange(ctx, spec.members);
      spec.refuseChange?.(group);
      spec.requireMembers(ctx.state, add);
      spec.setMemberIds(group, changeMembers(spec.memberIds(group), add, remove));
      group.modifiedDate = ctx.now;
      return spec.changed(ctx.state, group);
    },
  };
}
