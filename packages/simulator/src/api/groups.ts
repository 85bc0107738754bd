/** What user groups and device groups share: lookup, name checks, ids and membership changes. */
import { MESSAGES } from '../guesses.js';
import { detail, HttpError } from '../http.js';
import { fail, idList, oneObject, stringField } from './body.js';
import type { ApiContext } from './context.js';

/** The two kinds of group, as Hexnode spells them in its messages. */
export type GroupKind = 'usergroup' | 'devicegroup';

export function findGroup<G extends { id: number }>(
  ctx: ApiContext,
  groups: readonly G[],
  kind: GroupKind,
): G {
  const group = groups.find((g) => g.id === Number(ctx.params[0]));
  if (!group) throw new HttpError(detail(404, MESSAGES.groupNotFound(kind)));
  return group;
}

export function groupFields(ctx: ApiContext, kind: GroupKind, creating: boolean, self?: { id: number }) {
  const body = oneObject(ctx.body);
  const errors: Record<string, string[]> = {};
  const groupname = stringField(body, 'groupname', creating, errors);
  const description = stringField(body, 'description', false, errors);
  const groups: readonly { id: number; groupname: string }[] =
    kind === 'usergroup' ? ctx.state.userGroups : ctx.state.deviceGroups;
  if (typeof groupname === 'string' && groups.some((g) => g.groupname === groupname && g.id !== self?.id)) {
    errors['groupname'] = [MESSAGES.duplicateGroup(kind)];
  }
  return { body, errors, groupname, description };
}

export function nextId(items: readonly { id: number }[]): number {
  return items.reduce((max, item) => Math.max(max, item.id), 0) + 1;
}

/** The `add_*` and `remove_*` lists of a membership change: both required [C]. */
export function memberChange(
  ctx: ApiContext,
  members: 'users' | 'devices',
): { add: number[]; remove: number[] } {
  const body = oneObject(ctx.body);
  const errors: Record<string, string[]> = {};
  const add = idList(body, `add_${members}`, errors);
  const remove = idList(body, `remove_${members}`, errors);
  if (add === undefined && errors[`add_${members}`] === undefined)
    errors[`add_${members}`] = [MESSAGES.required];
  if (remove === undefined && errors[`remove_${members}`] === undefined)
    errors[`remove_${members}`] = [MESSAGES.required];
  fail(errors);
  return { add: add ?? [], remove: remove ?? [] };
}

/** Removes, then adds: an id in both lists ends up a member [C]. */
export function changeMembers(
  current: readonly number[],
  add: readonly number[],
  remove: readonly number[],
): number[] {
  const members = new Set(current);
  for (const id of remove) members.delete(id);
  for (const id of add) members.add(id);
  return [...members].sort((a, b) => a - b);
}
