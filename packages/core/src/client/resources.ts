/** The client's resources: users, devices, user groups, device groups and actions. */
import { z } from 'zod';
import { HexnodeInvalidResponseError } from '../errors.js';
import {
  ACTIONS,
  actionBody,
  actionReplySchema,
  commandSchema,
  createUserBody,
  type ActionDefinition,
  type HexnodeActionName,
  type HexnodeActionOptions,
  type HexnodeActionReply,
  type LockOptions,
  type LostModeOptions,
  type MessageOptions,
  type WipeOptions,
} from '../hexnode/catalogue.js';
import {
  deviceDetailSchema,
  deviceGroupDetailSchema,
  deviceGroupSchema,
  deviceSchema,
  userGroupDetailSchema,
  userGroupSchema,
  userSchema,
} from '../hexnode/schemas.js';
import type {
  HexnodeCommand,
  HexnodeDevice,
  HexnodeDeviceDetail,
  HexnodeDeviceGroup,
  HexnodeDeviceGroupDetail,
  HexnodePage,
  HexnodeTarget,
  HexnodeUser,
  HexnodeUserGroup,
  HexnodeUserGroupDetail,
} from '../hexnode/types.js';
import {
  checkId,
  checkPage,
  checkPerPage,
  followItems,
  followPages,
  getPage,
  MAX_PER_PAGE,
  type PageOptions,
} from './paging.js';
import type { Query, Transport } from './transport.js';

export interface UserListOptions extends PageOptions {
  orderBy?: 'asc' | 'desc';
  userType?: 'local' | 'active directory';
  enrollmentStatus?: 'enrolled' | 'unenrolled';
}

export interface DeviceListOptions extends PageOptions {
  orderBy?: 'asc' | 'desc';
  platform?: 'ios' | 'android' | 'windows' | (string & {});
  isActive?: boolean;
  deviceType?: 'smartphone' | 'tablet';
}

export interface NewUser {
  name: string;
  email: string;
  phoneno?: string;
  password?: string;
}

const userQuery = (options: UserListOptions): Query => ({
  per_page: checkPerPage(options.perPage),
  order_by: options.orderBy,
  user_type: options.userType,
  enrollment_status: options.enrollmentStatus,
});

const deviceQuery = (options: DeviceListOptions): Query => ({
  per_page: checkPerPage(options.perPage),
  order_by: options.orderBy,
  platform: options.platform,
  is_active: options.isActive === undefined ? undefined : options.isActive ? 'True' : 'False',
  device_type: options.deviceType,
});

export class UsersResource {
  readonly #transport: Transport;
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Every user, page after page (following `next`). */
  list(options: UserListOptions = {}): AsyncIterable<HexnodeUser> {
    return followItems(this.#transport, 'users/', userSchema, userQuery(options));
  }

  /** Every page of users, following `next`. */
  listPages(options: UserListOptions = {}): AsyncIterable<HexnodePage<HexnodeUser>> {
    return followPages(this.#transport, 'users/', userSchema, userQuery(options));
  }

  /** One page by number (1-based): for reading pages concurrently. */
  getPage(page: number, options: UserListOptions = {}): Promise<HexnodePage<HexnodeUser>> {
    return getPage(this.#transport, 'users/', userSchema, { page: checkPage(page), ...userQuery(options) });
  }

  get(id: number): Promise<HexnodeUser> {
    return this.#transport.request({
      method: 'GET',
      path: `users/${checkId(id, 'user id')}/`,
      schema: userSchema,
    });
  }

  /** Creates a user (name and email required). Not retried. */
  async create(input: NewUser): Promise<HexnodeUser> {
    if (!input || typeof input.name !== 'string' || input.name.trim() === '') {
      throw new TypeError('users.create: `name` is required.');
    }
    if (typeof input.email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(input.email.trim())) {
      throw new TypeError('users.create: `email` must be an email address.');
    }
    const created = await this.#transport.request({
      method: 'POST',
      path: 'users/',
      body: createUserBody({ ...input, name: input.name.trim(), email: input.email.trim() }),
      // [G] the reply: the user, or a one-element list of it (see catalogue.ts).
      schema: z.union([userSchema, z.tuple([userSchema])]),
    });
    return Array.isArray(created) ? created[0] : created;
  }
}

export class DevicesResource {
  readonly #transport: Transport;
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Every device, page after page (following `next`). */
  list(options: DeviceListOptions = {}): AsyncIterable<HexnodeDevice> {
    return followItems(this.#transport, 'devices/', deviceSchema, deviceQuery(options));
  }

  listPages(options: DeviceListOptions = {}): AsyncIterable<HexnodePage<HexnodeDevice>> {
    return followPages(this.#transport, 'devices/', deviceSchema, deviceQuery(options));
  }

  getPage(page: number, options: DeviceListOptions = {}): Promise<HexnodePage<HexnodeDevice>> {
    return getPage(this.#transport, 'devices/', deviceSchema, {
      page: checkPage(page),
      ...deviceQuery(options),
    });
  }

  /** The device detail (nested shape, flattened): the one place with the user's email. */
  get(id: number): Promise<HexnodeDeviceDetail> {
    return this.#transport.request({
      method: 'GET',
      path: `devices/${checkId(id, 'device id')}/`,
      schema: deviceDetailSchema,
    });
  }

  /** The device's commands and their states (every page). The item shape is unconfirmed, see catalogue.ts. */
  async actionStatus(id: number): Promise<HexnodeCommand[]> {
    const commands: HexnodeCommand[] = [];
    const path = `devices/${checkId(id, 'device id')}/action_status/`;
    for await (const command of followItems(this.#transport, path, commandSchema, {
      per_page: MAX_PER_PAGE,
    })) {
      commands.push(command);
    }
    return commands;
  }
}

function checkIds(ids: readonly number[], what: string): number[] {
  if (!Array.isArray(ids) || ids.length === 0) throw new TypeError(`${what}: give at least one id.`);
  return ids.map((id) => checkId(id, what));
}

/** What differs between user groups and device groups: where they live, their shapes, what their members are. */
interface GroupKind<Item, Detail> {
  path: 'usergroups' | 'devicegroups';
  item: z.ZodType<Item>;
  detail: z.ZodType<Detail>;
  /** The body keys' suffix: `add_users` / `remove_users`, `add_devices` / `remove_devices`. */
  members: 'users' | 'devices';
  /** How ids are named in errors. */
  label: 'user' | 'device';
}

/** A list of groups: list, get, add and remove members. */
class GroupsResource<Item, Detail> {
  readonly #transport: Transport;
  readonly #kind: GroupKind<Item, Detail>;
  constructor(transport: Transport, kind: GroupKind<Item, Detail>) {
    this.#transport = transport;
    this.#kind = kind;
  }

  list(options: PageOptions = {}): AsyncIterable<Item> {
    return followItems(this.#transport, `${this.#kind.path}/`, this.#kind.item, {
      per_page: checkPerPage(options.perPage),
    });
  }

  get(id: number): Promise<Detail> {
    return this.#transport.request({
      method: 'GET',
      path: this.#path(id),
      schema: this.#kind.detail,
    }) as Promise<Detail>;
  }

  /** Adds members to the group. Not retried. */
  addMembers(id: number, memberIds: readonly number[]): Promise<void> {
    return this.changeMembers(id, { add: memberIds });
  }

  /** Removes members from the group. Not retried. */
  removeMembers(id: number, memberIds: readonly number[]): Promise<void> {
    return this.changeMembers(id, { remove: memberIds });
  }

  /**
   * Adds and removes members in one request. Hexnode requires both lists (the unused one is sent as `[]`),
   * and an id in both ends up added [C]. Not retried.
   */
  async changeMembers(
    id: number,
    change: { add?: readonly number[]; remove?: readonly number[] },
  ): Promise<void> {
    const what = `${this.#kind.label} id`;
    const add = change?.add === undefined || change.add.length === 0 ? [] : checkIds(change.add, what);
    const remove =
      change?.remove === undefined || change.remove.length === 0 ? [] : checkIds(change.remove, what);
    if (add.length === 0 && remove.length === 0) {
      throw new TypeError(`${this.#kind.path}.changeMembers: give at least one id to add or remove.`);
    }
    await this.#transport.request({
      method: 'POST',
      path: this.#path(id),
      body: { [`add_${this.#kind.members}`]: add, [`remove_${this.#kind.members}`]: remove },
    });
  }

  #path(id: number): string {
    return `${this.#kind.path}/${checkId(id, `${this.#kind.label} group id`)}/`;
  }
}

export class UserGroupsResource extends GroupsResource<HexnodeUserGroup, HexnodeUserGroupDetail> {
  constructor(transport: Transport) {
    super(transport, {
      path: 'usergroups',
      item: userGroupSchema,
      detail: userGroupDetailSchema,
      members: 'users',
      label: 'user',
    });
  }
}

export class DeviceGroupsResource extends GroupsResource<HexnodeDeviceGroup, HexnodeDeviceGroupDetail> {
  constructor(transport: Transport) {
    super(transport, {
      path: 'devicegroups',
      item: deviceGroupSchema,
      detail: deviceGroupDetailSchema,
      members: 'devices',
      label: 'device',
    });
  }
}

const TARGET_KEYS = ['users', 'usergroups', 'devices', 'devicegroups'] as const;

/** A target selector with known keys, positive integer ids and at least one id; anything else is refused. */
export function checkTarget(target: HexnodeTarget): HexnodeTarget {
  if (!target || typeof target !== 'object') throw new TypeError('action target must be an object.');
  const unknown = Object.keys(target).filter((key) => !(TARGET_KEYS as readonly string[]).includes(key));
  if (unknown.length) {
    throw new TypeError(
      `action target has unknown keys: ${unknown.join(', ')} (allowed: ${TARGET_KEYS.join(', ')}).`,
    );
  }
  const out: HexnodeTarget = {};
  let total = 0;
  for (const key of TARGET_KEYS) {
    const ids = target[key];
    if (ids === undefined) continue;
    if (!Array.isArray(ids)) throw new TypeError(`action target \`${key}\` must be an array of ids.`);
    out[key] = [...new Set(ids.map((id) => checkId(id, `target ${key} id`)))];
    total += ids.length;
  }
  if (total === 0) throw new TypeError('action target names no users, groups or devices.');
  return out;
}

/**
 * Hexnode actions. Each sends exactly one `POST /actions/{name}/` and is never retried: Hexnode has no
 * idempotency key, so a lost answer does not mean the action was not taken. Hexnode answers 200 with no
 * action id; follow progress with `devices.actionStatus(id)`. The reply is read leniently for devices it
 * names as not acted on (see `readActionReply` in the catalogue).
 */
export class ActionsResource {
  readonly #transport: Transport;
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Sends one catalogue action: its options are checked, then become the body's fields. */
  async send<N extends HexnodeActionName>(
    name: N,
    target: HexnodeTarget,
    options: HexnodeActionOptions<N>,
  ): Promise<HexnodeActionReply> {
    const definition = ACTIONS[name] as unknown as ActionDefinition<HexnodeActionOptions<N>>;
    definition.check?.(options);
    const body = actionBody(checkTarget(target), definition.fields(options));
    try {
      return await this.#transport.request({
        method: 'POST',
        path: definition.path,
        body,
        schema: actionReplySchema,
      });
    } catch (error) {
      // A 2xx whose body is not JSON (often empty): Hexnode took the action and said nothing about devices.
      if (error instanceof HexnodeInvalidResponseError && (error.status ?? 0) < 300) return { rejected: [] };
      throw error;
    }
  }

  lock(target: HexnodeTarget, options: LockOptions = {}): Promise<HexnodeActionReply> {
    return this.send('lock', target, options);
  }

  wipe(target: HexnodeTarget, options: WipeOptions): Promise<HexnodeActionReply> {
    return this.send('wipe', target, options);
  }

  clearPasscode(target: HexnodeTarget): Promise<HexnodeActionReply> {
    return this.send('clearPasscode', target, undefined);
  }

  enableLostMode(target: HexnodeTarget, options: LostModeOptions = {}): Promise<HexnodeActionReply> {
    return this.send('enableLostMode', target, options);
  }

  disableLostMode(target: HexnodeTarget): Promise<HexnodeActionReply> {
    return this.send('disableLostMode', target, undefined);
  }

  disenroll(target: HexnodeTarget): Promise<HexnodeActionReply> {
    return this.send('disenroll', target, undefined);
  }

  message(target: HexnodeTarget, options: MessageOptions): Promise<HexnodeActionReply> {
    return this.send('message', target, options);
  }
}
