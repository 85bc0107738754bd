/** The client's user groups and device groups: list, get, add and remove members. */
import type { z } from 'zod';
import {
  deviceGroupDetailSchema,
  deviceGroupSchema,
  userGroupDetailSchema,
  userGroupSchema,
} from '../hexnode/schemas.js';
import type {
  HexnodeDeviceGroup,
  HexnodeDeviceGroupDetail,
  HexnodeUserGroup,
  HexnodeUserGroupDetail,
} from '../hexnode/types.js';
import { checkId, checkPerPage, followItems, type PageOptions } from './paging.js';
import type { Transport } from './transport.js';

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
