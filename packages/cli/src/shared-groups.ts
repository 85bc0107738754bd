/**
 * Shared devices: the members of the device groups named as shared (a shift's handhelds). Hexnode has no
 * "shared" owner, so a shared handheld is a corporate device in such a group. One read of the group list plus one
 * per named group, only when groups are named.
 */
import type { HexnodeClient } from '@hexnode-offboard/core';

const groupKey = (name: string): string => name.normalize('NFKC').trim().toLowerCase();

/** Device id -> the shared group's name. */
export async function sharedDevices(
  client: HexnodeClient,
  groups: readonly string[],
): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  if (groups.length === 0) return out;
  const wanted = new Set(groups.map(groupKey));
  const ids: number[] = [];
  for await (const group of client.deviceGroups.list({ perPage: 250 })) {
    if (wanted.has(groupKey(group.name))) ids.push(group.id);
  }
  for (const id of ids) {
    const group = await client.deviceGroups.get(id);
    for (const device of group.devices) out.set(device.id, group.name);
  }
  return out;
}
