/**
 * The shift pool account that shared handhelds are handed to when a worker leaves (Hexnode's change owner). Its
 * Hexnode user id is not written down anywhere: the handler's `reassignTo` finds it by email in Hexnode's user
 * list the first time a preview needs it, and keeps it. Until it is found (a slow or missing portal), reassign is
 * offered to no device and the next preview looks again.
 */
import type { HexnodeConnection, ReassignToOption } from '@hexnode-offboard/proxy';

type ReassignTo = Extract<ReassignToOption, (...args: never[]) => unknown>;

export const SHIFT_POOL = { email: 'shift.pool@acme.example', label: 'Shift pool, north warehouse' };

const PER_PAGE = 100;
const MAX_PAGES = 50;

interface UsersPage {
  results?: { id?: unknown; email?: unknown }[];
  next?: unknown;
}

/** Emails compare trimmed and ASCII-lower-cased, as the kit compares them. */
const key = (email: string) => email.trim().replace(/[A-Z]/g, (c) => c.toLowerCase());

/** Reads Hexnode's user list page by page until one user has `email`; its id, or null. */
export async function findUserId(
  hexnode: { baseUrl: string; apiKey: string },
  email: string,
  doFetch: typeof fetch = fetch,
): Promise<number | null> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const url = new URL(`users/?page=${page}&per_page=${PER_PAGE}`, hexnode.baseUrl);
    const response = await doFetch(url, {
      headers: { Authorization: hexnode.apiKey, Accept: 'application/json' },
    });
    if (!response.ok) return null;
    const body = (await response.json()) as UsersPage;
    const found = body.results?.find(
      (user) => typeof user.email === 'string' && key(user.email) === key(email),
    );
    if (found && typeof found.id === 'number') return found.id;
    if (!body.next || !body.results?.length) return null;
  }
  return null;
}

/** The handler's `reassignTo`: the shift pool, found once by email. */
export function shiftPoolTarget(connection: HexnodeConnection): ReassignTo {
  const baseUrl =
    'baseUrl' in connection
      ? connection.baseUrl
      : `https://${connection.portal.toLowerCase()}.hexnodemdm.com/api/v1/`;
  const hexnode = { baseUrl, apiKey: connection.apiKey };
  let found: Promise<number | null> | undefined;
  return async () => {
    found ??= findUserId(hexnode, SHIFT_POOL.email).catch(() => null);
    const id = await found;
    if (id === null) found = undefined; // look again next time
    return id === null ? [] : [{ hexnodeUserId: id, label: SHIFT_POOL.label }];
  };
}
