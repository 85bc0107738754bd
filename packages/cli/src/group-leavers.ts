/**
 * The leavers of a plan naming user groups: the file's rows, then each group member not already in the file
 * (matched by normalised email), in the order Hexnode lists them. A member without an email is kept, so the plan
 * reports it as `no_email` rather than dropping it.
 */
import { normalizeEmail, type HexnodeClient } from '@hexnode-offboard/core';
import { usersInGroups } from './groups.js';
import type { Leaver } from './input.js';

export async function withGroupMembers(
  client: HexnodeClient,
  leavers: readonly Leaver[],
  userGroups: readonly string[],
): Promise<Leaver[]> {
  if (userGroups.length === 0) return [...leavers];
  const seen = new Set(leavers.map((leaver) => normalizeEmail(leaver.email)).filter((email) => email !== ''));
  const out = [...leavers];
  for (const { user, group } of await usersInGroups(client, userGroups)) {
    const email = normalizeEmail(user.email);
    if (email !== '' && seen.has(email)) continue;
    seen.add(email);
    out.push({ email: user.email ?? '', name: user.name, row: 0, group });
  }
  return out;
}
