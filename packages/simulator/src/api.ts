/** The Hexnode REST API routes under `/api/v1/`, answering the way Django REST Framework does. */
import {
  ACTION_REPLY,
  ACTION_STATUS_NEWEST_FIRST,
  ACTIONS,
  CREATE_USER_REPLIES_WITH_OBJECT,
  DEFAULT_PAGE_SIZE,
  DELETE_STATUS,
  DEVICE_GROUP_CHANGE_STATUS,
  MAX_PAGE_SIZE,
  MESSAGES,
  type FieldRule,
} from './guesses.js';
import { badRequest, detail, HttpError, json, noContent } from './http.js';
import {
  commandItem,
  deviceDetail,
  deviceGroupDetail,
  deviceGroupItem,
  deviceItem,
  userGroupDetail,
  userGroupItem,
  userItem,
} from './shapes.js';
import type { State } from './state.js';
import type { SimDeviceGroup, SimUser, SimUserGroup } from './types.js';

export interface ApiContext {
  state: State;
  /** The request URL. */
  url: URL;
  /** The API base URL links are built on, e.g. `https://acme.hexnodemdm.com/api/v1/`. */
  baseUrl: string;
  /** Path below the base, without the leading slash: `users/12/`. */
  path: string;
  params: string[];
  /** Parsed JSON body (undefined when there was none). */
  body: unknown;
  now: number;
  drift: boolean;
}

type Handler = (ctx: ApiContext) => Response;

interface Route {
  pattern: RegExp;
  methods: Partial<Record<'GET' | 'POST' | 'PUT' | 'DELETE', Handler>>;
}

export const ROUTES: Route[] = [
  { pattern: /^users\/$/, methods: { GET: listUsers, POST: createUser } },
  { pattern: /^users\/(\d+)\/$/, methods: { GET: getUser, PUT: updateUser, DELETE: deleteUser } },
  { pattern: /^devices\/$/, methods: { GET: listDevices } },
  { pattern: /^devices\/(\d+)\/$/, methods: { GET: getDevice } },
  { pattern: /^devices\/(\d+)\/action_status\/$/, methods: { GET: actionStatus } },
  { pattern: /^usergroups\/$/, methods: { GET: listUserGroups, POST: createUserGroup } },
  {
    pattern: /^usergroups\/(\d+)\/$/,
    methods: { GET: getUserGroup, PUT: updateUserGroup, DELETE: deleteUserGroup, POST: changeUserGroup },
  },
  { pattern: /^devicegroups\/$/, methods: { GET: listDeviceGroups, POST: createDeviceGroup } },
  {
    pattern: /^devicegroups\/(\d+)\/$/,
    methods: {
      GET: getDeviceGroup,
      PUT: updateDeviceGroup,
      DELETE: deleteDeviceGroup,
      POST: changeDeviceGroup,
    },
  },
  { pattern: /^actions\/([a-z_]+)\/$/, methods: { POST: action } },
];

/** Finds the route for a path; action routes only match actions in the catalogue. */
export function matchRoute(path: string): { route: Route; params: string[] } | undefined {
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    const params = match.slice(1).map(String);
    if (path.startsWith('actions/') && !(params[0]! in ACTIONS)) return undefined;
    return { route, params };
  }
  return undefined;
}

/** The `Allow` header DRF sends: the view's methods, HEAD with GET, and OPTIONS. */
export function allowHeader(route: Route): string {
  const methods: string[] = Object.keys(route.methods);
  if (methods.includes('GET')) methods.push('HEAD');
  methods.push('OPTIONS');
  return methods.join(', ');
}

// ---------------------------------------------------------------- paging

function paginate<T>(ctx: ApiContext, items: readonly T[], serialize: (item: T) => unknown): Response {
  const query = ctx.url.searchParams;
  const perPageRaw = query.get('per_page');
  let perPage = DEFAULT_PAGE_SIZE;
  if (perPageRaw !== null && /^\d+$/.test(perPageRaw) && Number(perPageRaw) > 0) {
    perPage = Math.min(Number(perPageRaw), MAX_PAGE_SIZE);
  }
  const pageRaw = query.get('page') ?? '1';
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const page = /^\d+$/.test(pageRaw) ? Number(pageRaw) : NaN;
  if (!(page >= 1 && page <= pages)) throw new HttpError(detail(404, MESSAGES.invalidPage));
  const link = (target: number | null) => {
    const url = new URL(ctx.path, ctx.baseUrl);
    url.search = ctx.url.search;
    // DRF drops `page` from the link to page 1, and keeps every other parameter as the client sent it.
    if (target === 1) url.searchParams.delete('page');
    else if (target !== null) url.searchParams.set('page', String(target));
    return url.href;
  };
  const start = (page - 1) * perPage;
  return json(200, {
    count: items.length,
    next: page < pages ? link(page + 1) : null,
    previous: page > 1 ? link(page - 1) : null,
    results: items.slice(start, start + perPage).map(serialize),
  });
}

function ordered<T extends { id: number }>(ctx: ApiContext, items: readonly T[]): readonly T[] {
  // The state keeps every list in id order.
  return ctx.url.searchParams.get('order_by') === 'desc' ? [...items].reverse() : items;
}

// ---------------------------------------------------------------- body checks

/** The body as one object: a plain object or a one-element list (both forms are accepted [C]). */
function oneObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (Array.isArray(body)) {
    const [only] = body;
    if (body.length !== 1 || typeof only !== 'object' || only === null || Array.isArray(only)) {
      throw new HttpError(badRequest([MESSAGES.singleObjectList]));
    }
    return only as Record<string, unknown>;
  }
  if (typeof body !== 'object')
    throw new HttpError(badRequest({ non_field_errors: ['Invalid data. Expected a dictionary.'] }));
  return body as Record<string, unknown>;
}

/** A list of integer ids (DRF's ListField(IntegerField) also takes digit strings). */
function idList(
  body: Record<string, unknown>,
  key: string,
  errors: Record<string, string[]>,
): number[] | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    errors[key] = [
      MESSAGES.notAList(typeof value === 'number' ? 'int' : typeof value === 'string' ? 'str' : 'dict'),
    ];
    return undefined;
  }
  const ids: number[] = [];
  for (const item of value) {
    const id =
      typeof item === 'number' ? item : typeof item === 'string' && /^\d+$/.test(item) ? Number(item) : NaN;
    if (!Number.isInteger(id)) {
      errors[key] = [MESSAGES.notAnInteger];
      return undefined;
    }
    ids.push(id);
  }
  return ids;
}

function stringField(
  body: Record<string, unknown>,
  key: string,
  required: boolean,
  errors: Record<string, string[]>,
): string | null | undefined {
  const value = body[key];
  if (value === undefined || (value === '' && required)) {
    if (required) errors[key] = [MESSAGES.required];
    return undefined;
  }
  if (value === null) return null;
  // DRF's CharField also takes numbers (the lock docs' sample sends `phone_number` as one [C]).
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') {
    errors[key] = [MESSAGES.notAString];
    return undefined;
  }
  return value;
}

function checkField(
  body: Record<string, unknown>,
  key: string,
  rule: FieldRule,
  errors: Record<string, string[]>,
): void {
  const value = body[key];
  switch (rule.type) {
    case 'string':
      stringField(body, key, rule.required ?? false, errors);
      return;
    case 'boolean':
      if (value !== undefined && typeof value !== 'boolean') errors[key] = ['Must be a valid boolean.'];
      return;
    case 'integer': {
      if (value === undefined || value === null || value === '') {
        if (rule.required) errors[key] = [MESSAGES.required];
        return;
      }
      if (integerValue(value) === undefined) errors[key] = [MESSAGES.notAnInteger];
      return;
    }
    case 'pin6':
      // The lock docs' own sample sends the PIN as a number [C]; DRF's CharField takes either.
      if (
        value !== undefined &&
        value !== '' &&
        !/^\d{6}$/.test(typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '')
      ) {
        errors[key] = [MESSAGES.pinDigits];
      }
      return;
    case 'choice':
      if (value !== undefined && !(typeof value === 'string' && rule.choices.includes(value))) {
        errors[key] = [MESSAGES.choice(String(value))];
      }
      return;
  }
}

/** An integer, or a string of digits as DRF's IntegerField takes it; undefined for anything else. */
function integerValue(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

function fail(errors: Record<string, string[]>): void {
  if (Object.keys(errors).length > 0) throw new HttpError(badRequest(errors));
}

function requireUsers(state: State, ids: readonly number[]): void {
  const missing = ids.find((id) => !state.user(id));
  if (missing !== undefined) throw new HttpError(badRequest([MESSAGES.doesNotExist('User', missing)]));
}

function requireDevices(state: State, ids: readonly number[]): void {
  const missing = ids.find((id) => !state.device(id));
  if (missing !== undefined) throw new HttpError(badRequest([MESSAGES.doesNotExist('Device', missing)]));
}

// ---------------------------------------------------------------- users

function listUsers(ctx: ApiContext): Response {
  const query = ctx.url.searchParams;
  let users: readonly SimUser[] = ctx.state.users;
  const userType = query.get('user_type');
  if (userType) users = users.filter((u) => u.domain === userType);
  const enrollment = query.get('enrollment_status');
  if (enrollment === 'enrolled' || enrollment === 'unenrolled') {
    const enrolled = (u: SimUser) =>
      ctx.state.deviceIdsOf(u.id).some((id) => ctx.state.device(id)?.enrollmentStatus === 'enrolled');
    users = users.filter((u) => enrolled(u) === (enrollment === 'enrolled'));
  }
  return paginate(ctx, ordered(ctx, users), (u) => userItem(ctx.state, u, ctx.drift));
}

function findUser(ctx: ApiContext): SimUser {
  const user = ctx.state.user(Number(ctx.params[0]));
  if (!user) throw new HttpError(detail(404, MESSAGES.notFound));
  return user;
}

function getUser(ctx: ApiContext): Response {
  return json(200, userItem(ctx.state, findUser(ctx), ctx.drift));
}

/** `POST /users/` takes a one-element list `[{name, email, phoneno?, password?}]` [P]; an object works too. */
function createUser(ctx: ApiContext): Response {
  const body = oneObject(ctx.body);
  const errors: Record<string, string[]> = {};
  const name = stringField(body, 'name', true, errors);
  const email = stringField(body, 'email', true, errors);
  const phoneno = stringField(body, 'phoneno', false, errors);
  stringField(body, 'password', false, errors);
  if (typeof email === 'string' && !/^[^@\s]+@[^@\s]+$/.test(email))
    errors['email'] = ['Enter a valid email address.'];
  if (Object.keys(errors).length > 0) {
    throw new HttpError(badRequest(Array.isArray(ctx.body) ? [errors] : errors));
  }
  const user: SimUser = {
    id: ctx.state.nextUserId(),
    name: name ?? '',
    email: email ?? null,
    phoneno: phoneno ?? '',
    domain: 'local',
  };
  ctx.state.addUser(user);
  const item = userItem(ctx.state, user, ctx.drift);
  return json(201, CREATE_USER_REPLIES_WITH_OBJECT || !Array.isArray(ctx.body) ? item : [item]);
}

function updateUser(ctx: ApiContext): Response {
  const user = findUser(ctx);
  const body = oneObject(ctx.body);
  const errors: Record<string, string[]> = {};
  const name = stringField(body, 'name', false, errors);
  const email = stringField(body, 'email', false, errors);
  const phoneno = stringField(body, 'phoneno', false, errors);
  fail(errors);
  if (typeof name === 'string') user.name = name;
  if (email !== undefined) user.email = email;
  if (phoneno !== undefined) user.phoneno = phoneno;
  return json(200, userItem(ctx.state, user, ctx.drift));
}

function deleteUser(ctx: ApiContext): Response {
  const user = findUser(ctx);
  ctx.state.deleteUser(user.id, ctx.now);
  return noContent(DELETE_STATUS);
}

// ---------------------------------------------------------------- devices

function listDevices(ctx: ApiContext): Response {
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

function findDevice(ctx: ApiContext) {
  const device = ctx.state.device(Number(ctx.params[0]));
  if (!device) throw new HttpError(detail(404, MESSAGES.notFound));
  return device;
}

function getDevice(ctx: ApiContext): Response {
  return json(200, deviceDetail(ctx.state, findDevice(ctx), ctx.now, ctx.drift));
}

function actionStatus(ctx: ApiContext): Response {
  const device = findDevice(ctx);
  const commands = [...ctx.state.commands(device.id)];
  if (ACTION_STATUS_NEWEST_FIRST) commands.reverse();
  return paginate(ctx, commands, (c) => commandItem(c, ctx.drift));
}

// ---------------------------------------------------------------- groups

function findGroup<G extends { id: number }>(
  ctx: ApiContext,
  groups: readonly G[],
  kind: 'usergroup' | 'devicegroup',
): G {
  const group = groups.find((g) => g.id === Number(ctx.params[0]));
  if (!group) throw new HttpError(detail(404, MESSAGES.groupNotFound(kind)));
  return group;
}

function groupFields(
  ctx: ApiContext,
  kind: 'usergroup' | 'devicegroup',
  creating: boolean,
  self?: { id: number },
) {
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

function nextId(items: readonly { id: number }[]): number {
  return items.reduce((max, item) => Math.max(max, item.id), 0) + 1;
}

function listUserGroups(ctx: ApiContext): Response {
  return paginate(ctx, ordered(ctx, ctx.state.userGroups), userGroupItem);
}

function getUserGroup(ctx: ApiContext): Response {
  return json(200, userGroupDetail(ctx.state, findGroup(ctx, ctx.state.userGroups, 'usergroup')));
}

function createUserGroup(ctx: ApiContext): Response {
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

function updateUserGroup(ctx: ApiContext): Response {
  const group = findGroup(ctx, ctx.state.userGroups, 'usergroup');
  const { errors, groupname, description } = groupFields(ctx, 'usergroup', false, group);
  fail(errors);
  if (typeof groupname === 'string') group.groupname = groupname;
  if (description !== undefined) group.description = description ?? '';
  group.modifiedDate = ctx.now;
  return json(200, userGroupDetail(ctx.state, group));
}

function deleteUserGroup(ctx: ApiContext): Response {
  const group = findGroup(ctx, ctx.state.userGroups, 'usergroup');
  ctx.state.userGroups = ctx.state.userGroups.filter((g) => g !== group);
  return noContent(DELETE_STATUS);
}

/**
 * `POST /usergroups/{id}/` with `{add_users, remove_users}` [C]: both keys required (`[]` for the unused one),
 * an id in both lists ends up added, and the answer is 201 with the group [C].
 */
function changeUserGroup(ctx: ApiContext): Response {
  const group = findGroup(ctx, ctx.state.userGroups, 'usergroup');
  const { add, remove } = memberChange(ctx, 'users');
  requireUsers(ctx.state, add);
  group.userIds = changeMembers(group.userIds, add, remove);
  group.modifiedDate = ctx.now;
  return json(201, userGroupDetail(ctx.state, group));
}

/** The `add_*` and `remove_*` lists of a membership change: both required [C]. */
function memberChange(ctx: ApiContext, members: 'users' | 'devices'): { add: number[]; remove: number[] } {
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
function changeMembers(
  current: readonly number[],
  add: readonly number[],
  remove: readonly number[],
): number[] {
  const members = new Set(current);
  for (const id of remove) members.delete(id);
  for (const id of add) members.add(id);
  return [...members].sort((a, b) => a - b);
}

function listDeviceGroups(ctx: ApiContext): Response {
  return paginate(ctx, ordered(ctx, ctx.state.deviceGroups), deviceGroupItem);
}

function getDeviceGroup(ctx: ApiContext): Response {
  return json(200, deviceGroupDetail(ctx.state, findGroup(ctx, ctx.state.deviceGroups, 'devicegroup')));
}

function createDeviceGroup(ctx: ApiContext): Response {
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

function updateDeviceGroup(ctx: ApiContext): Response {
  const group = findGroup(ctx, ctx.state.deviceGroups, 'devicegroup');
  const { errors, groupname, description } = groupFields(ctx, 'devicegroup', false, group);
  fail(errors);
  if (typeof groupname === 'string') group.groupname = groupname;
  if (description !== undefined) group.description = description ?? '';
  group.modifiedDate = ctx.now;
  return json(200, deviceGroupDetail(ctx.state, group));
}

function deleteDeviceGroup(ctx: ApiContext): Response {
  const group = findGroup(ctx, ctx.state.deviceGroups, 'devicegroup');
  ctx.state.deviceGroups = ctx.state.deviceGroups.filter((g) => g !== group);
  return noContent(DELETE_STATUS);
}

/**
 * `POST /devicegroups/{id}/` with `{add_devices, remove_devices}`: both keys required [C]; the answer is
 * `{id, groupname, description, devices: [{id, name, model_name, platform}]}` [C] with the status of
 * `DEVICE_GROUP_CHANGE_STATUS` [G].
 */
function changeDeviceGroup(ctx: ApiContext): Response {
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

// ---------------------------------------------------------------- actions

/**
 * `POST /actions/{name}/`: a target selector (`users`, `usergroups`, `devices`, `devicegroups`) plus the
 * action's fields, as an object or a one-element list [C]. Queues one command per enrolled targeted device
 * and answers 200 with no action id [C].
 */
function action(ctx: ApiContext): Response {
  const name = ctx.params[0]!;
  const definition = ACTIONS[name]!;
  const body = oneObject(ctx.body);
  const errors: Record<string, string[]> = {};
  const users = idList(body, 'users', errors);
  const usergroups = idList(body, 'usergroups', errors);
  const devices = idList(body, 'devices', errors);
  const devicegroups = idList(body, 'devicegroups', errors);
  for (const [key, rule] of Object.entries(definition.fields)) checkField(body, key, rule, errors);
  fail(errors);
  const selectors = [users, usergroups, devices, devicegroups];
  if (selectors.every((list) => list === undefined || list.length === 0)) {
    throw new HttpError(badRequest({ non_field_errors: [MESSAGES.noTarget] }));
  }
  const state = ctx.state;
  requireUsers(state, users ?? []);
  requireDevices(state, devices ?? []);
  for (const [key, rule] of Object.entries(definition.fields)) {
    const id = rule.type === 'integer' && rule.refers === 'User' ? integerValue(body[key]) : undefined;
    if (id !== undefined) requireUsers(state, [id]);
  }
  const targets = new Set<number>(devices ?? []);
  for (const id of users ?? []) for (const deviceId of state.deviceIdsOf(id)) targets.add(deviceId);
  for (const id of usergroups ?? []) {
    const group = state.userGroups.find((g) => g.id === id);
    if (!group) throw new HttpError(badRequest([MESSAGES.doesNotExist('UserGroup', id)]));
    for (const userId of group.userIds)
      for (const deviceId of state.deviceIdsOf(userId)) targets.add(deviceId);
  }
  for (const id of devicegroups ?? []) {
    const group = state.deviceGroups.find((g) => g.id === id);
    if (!group) throw new HttpError(badRequest([MESSAGES.doesNotExist('DeviceGroup', id)]));
    for (const deviceId of group.deviceIds) targets.add(deviceId);
  }
  // [G] Devices that are no longer enrolled get no command; `mark_as_disenrolled` only applies to devices
  // with a disenroll pending.
  const ids = [...targets]
    .sort((a, b) => a - b)
    .filter((id) => state.device(id)?.enrollmentStatus === 'enrolled')
    .filter((id) => name !== 'mark_as_disenrolled' || state.hasPendingDisenroll(id));
  const params: Record<string, unknown> = {};
  for (const [key, rule] of Object.entries(definition.fields)) {
    if (body[key] !== undefined) params[key] = rule.type === 'integer' ? integerValue(body[key]) : body[key];
  }
  state.queue(name, ids, params, ctx.now);
  return json(200, ACTION_REPLY);
}
