/**
 * Hexnode groups a plan names, read by name. Hexnode has no group filter by name, so one read of the group list
 * (250 a page) finds the ids, then one detail read per group of that name gives its members. Only when groups
 * are named.
 *
 * - Shared device groups: their devices are shared devices (a shift's handhelds; Hexnode has no "shared" owner,
 *   so a shared handheld is a corporate device in such a group).
 * - A plan's user groups: their members are leavers. A plan's device groups: only their devices are acted on.
 *
 * At plan time a name Hexnode does not know is an error (a typo must not quietly plan nothing, or wipe a
 * handheld a misspelt shared group should have spared); at apply time a group deleted since reads as empty,
 * so its devices are refused rather than acted on.
 */
import type { HexnodeClient, HexnodeUser } from '@hexnode-offboard/core';
import { OffboardError } from './errors.js';

const groupKey = (name: string): string => name.normalize('NFKC').trim().toLowerCase();

/** `plan`: a name Hexnode does not know is an error. `apply`: it reads as an empty group. */
export type MissingGroup = 'error' | 'empty';

type Kind = 'userGroups' | 'deviceGroups';

async function groupIds(
  client: HexnodeClient,
  kind: Kind,
  names: readonly string[],
  missing: MissingGroup,
): Promise<number[]> {
  const wanted = new Map(names.map((name) => [groupKey(name), name]));
  const found = new Set<string>();
  const ids: number[] = [];
  // Every group with a wanted name: Hexnode does not keep names unique, and a second "Warehouse handhelds"
  // left unread would leave its handhelds out of the shared set, so a wipe plan could name them.
  for await (const group of client[kind].list({ perPage: 250 })) {
    const key = groupKey(group.name);
    if (wanted.has(key)) {
      found.add(key);
      ids.push(group.id);
    }
  }
  const unknown = [...wanted].filter(([key]) => !found.has(key));
  if (missing === 'error' && unknown.length > 0) {
    const label = kind === 'userGroups' ? 'user group' : 'device group';
    const names = unknown.map(([, name]) => JSON.stringify(name)).join(', ');
    throw new OffboardError('bad_input', `Hexnode has no ${label} named ${names}.`);
  }
  return ids;
}

/** Device id -> the name of the (first) named device group holding it. */
export async function devicesInGroups(
  client: HexnodeClient,
  names: readonly string[],
  missing: MissingGroup,
): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (names.length === 0) return out;
  for (const id of await groupIds(client, 'deviceGroups', names, missing)) {
    const group = await client.deviceGroups.get(id);
    for (const device of group.devices) if (!out.has(device.id)) out.set(device.id, group.name);
  }
  return out;
}

/** Shared devices: device id -> the shared group's name (a group deleted since reads as empty). */
export function sharedDevices(
  client: HexnodeClient,
  groups: readonly string[],
  missing: MissingGroup = 'empty',
): Promise<Map<number, string>> {
  return devicesInGroups(client, groups, missing);
}

/** The members of the named user groups, each once, with the (first) group naming them. */
export async function usersInGroups(
  client: HexnodeClient,
  names: readonly string[],
): Promise<{ user: HexnodeUser; group: string }[]> {
  const out = new Map<number, { user: HexnodeUser; group: string }>();
  if (names.length === 0) return [];
  for (const id of await groupIds(client, 'userGroups', names, 'error')) {
    const group = await client.userGroups.get(id);
    for (const user of group.users) if (!out.has(user.id)) out.set(user.id, { user, group: group.name });
  }
  return [...out.values()];
}
