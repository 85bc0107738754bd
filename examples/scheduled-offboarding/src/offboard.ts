import { normalizeEmail, type HexnodeClient, type HexnodeUser } from '@hexnode-offboard/core';

export interface Leaver {
  email: string;
  name?: string;
}

/** List users, map HR's leavers by email, wipe the devices of every leaver found exactly once. */
export async function offboard(
  hexnode: HexnodeClient,
  leavers: Leaver[],
  mode: 'corporate' | 'complete' = 'corporate',
) {
  const byEmail = new Map<string, HexnodeUser[]>();
  for await (const user of hexnode.users.list({ perPage: 250 })) {
    const key = normalizeEmail(user.email);
    if (key) byEmail.set(key, [...(byEmail.get(key) ?? []), user]);
  }
  const matched = leavers.map((leaver) => ({
    leaver,
    users: byEmail.get(normalizeEmail(leaver.email)) ?? [],
  }));
  const wiped = matched.filter(({ users }) => users.length === 1);
  const skipped = matched.filter(({ users }) => users.length !== 1); // not in Hexnode, or ambiguous
  if (wiped.length) await hexnode.actions.wipe({ users: wiped.map(({ users }) => users[0]!.id) }, { mode });
  return { wiped, skipped };
}
