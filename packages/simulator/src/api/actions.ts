/** `/actions/{name}/`: every action of the catalogue in guesses.ts, one command per targeted enrolled device. */
import { ACTION_REPLY, ACTIONS, MESSAGES, type ActionDefinition } from '../guesses.js';
import { badRequest, HttpError, json } from '../http.js';
import type { State } from '../state.js';
import { checkField, fail, idList, integerValue, oneObject, requireDevices, requireUsers } from './body.js';
import type { ApiContext } from './context.js';

/** The target selectors every action takes [C]; each is a list of ids. */
interface Selectors {
  users: number[] | undefined;
  usergroups: number[] | undefined;
  devices: number[] | undefined;
  devicegroups: number[] | undefined;
}

/**
 * `POST /actions/{name}/`: a target selector (`users`, `usergroups`, `devices`, `devicegroups`) plus the
 * action's fields, as an object or a one-element list [C]. Queues one command per enrolled targeted device
 * and answers 200 with no action id [C].
 */
export function action(ctx: ApiContext): Response {
  const name = ctx.params[0]!;
  const definition = ACTIONS[name]!;
  const body = oneObject(ctx.body);
  const selectors = checkBody(body, definition);
  const state = ctx.state;
  requireUsers(state, selectors.users ?? []);
  requireDevices(state, selectors.devices ?? []);
  for (const [key, rule] of Object.entries(definition.fields)) {
    const id = rule.type === 'integer' && rule.refers === 'User' ? integerValue(body[key]) : undefined;
    if (id !== undefined) requireUsers(state, [id]);
  }
  // [G] Devices that are no longer enrolled get no command; `mark_as_disenrolled` only applies to devices
  // with a disenroll pending.
  const ids = targetDevices(state, selectors)
    .filter((id) => state.device(id)?.enrollmentStatus === 'enrolled')
    .filter((id) => name !== 'mark_as_disenrolled' || state.hasPendingDisenroll(id));
  state.queue(name, ids, commandParams(body, definition), ctx.now);
  return json(200, ACTION_REPLY);
}

/** Checks the selectors and the action's own fields; a 400 names every bad field. */
function checkBody(body: Record<string, unknown>, definition: ActionDefinition): Selectors {
  const errors: Record<string, string[]> = {};
  const selectors: Selectors = {
    users: idList(body, 'users', errors),
    usergroups: idList(body, 'usergroups', errors),
    devices: idList(body, 'devices', errors),
    devicegroups: idList(body, 'devicegroups', errors),
  };
  for (const [key, rule] of Object.entries(definition.fields)) checkField(body, key, rule, errors);
  fail(errors);
  if (Object.values(selectors).every((list) => list === undefined || list.length === 0)) {
    throw new HttpError(badRequest({ non_field_errors: [MESSAGES.noTarget] }));
  }
  return selectors;
}

/** Every device the selectors name, in id order: users and groups expand to their devices. */
function targetDevices(state: State, selectors: Selectors): number[] {
  const targets = new Set<number>(selectors.devices ?? []);
  for (const id of selectors.users ?? []) for (const deviceId of state.deviceIdsOf(id)) targets.add(deviceId);
  for (const id of selectors.usergroups ?? []) {
    const group = state.userGroups.find((g) => g.id === id);
    if (!group) throw new HttpError(badRequest([MESSAGES.doesNotExist('UserGroup', id)]));
    for (const userId of group.userIds)
      for (const deviceId of state.deviceIdsOf(userId)) targets.add(deviceId);
  }
  for (const id of selectors.devicegroups ?? []) {
    const group = state.deviceGroups.find((g) => g.id === id);
    if (!group) throw new HttpError(badRequest([MESSAGES.doesNotExist('DeviceGroup', id)]));
    for (const deviceId of group.deviceIds) targets.add(deviceId);
  }
  return [...targets].sort((a, b) => a - b);
}

/** The action's own fields the body sent (unknown fields are ignored, as DRF serializers do). */
function commandParams(body: Record<string, unknown>, definition: ActionDefinition): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, rule] of Object.entries(definition.fields)) {
    if (body[key] !== undefined) params[key] = rule.type === 'integer' ? integerValue(body[key]) : body[key];
  }
  return params;
}
