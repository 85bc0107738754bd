/**
 * The directory's index as a compact value a store can keep: the users the index matches (those with an email)
 * and the devices it lists (those with a user), as rows of fields rather than objects, with when it was built
 * and how many list pages building it took. `toSnapshot` and `fromSnapshot` are each other's inverse for
 * everything a lookup answers.
 */
import type { HexnodeDevice, HexnodeUser } from '../hexnode/types.js';
import { normalizeEmail } from './email.js';
import type { DevicesIndex, UsersIndex } from './list-reader.js';

export const SNAPSHOT_VERSION = 1;

/** id, name, email, phoneno, domain, totalDevices (null: not sent). */
export type SnapshotUser = [number, string, string | null, string | null, string | null, number | null];

/**
 * id, name, model, os, osVersion, serial, platform, lastReported, enrolledTime,
 * enrollmentStatus, compliant, user id, user name, udid, imei.
 */
export type SnapshotDevice = [
  number,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string,
  boolean | null,
  number,
  string,
  string | null,
  string | null,
];

export interface DirectorySnapshot {
  version: typeof SNAPSHOT_VERSION;
  /** When the lists were read (epoch ms): the start of the build, so nothing read is older than this. */
  builtAt: number;
  /** The list pages the build read, and the lists' own counts (every user and device, indexed or not). */
  pages: { users: number; devices: number };
  counts: { users: number; devices: number };
  users: SnapshotUser[];
  devices: SnapshotDevice[];
}

export interface SnapshotMeta {
  builtAt: number;
  pages: { users: number; devices: number };
  counts: { users: number; devices: number };
}

export function toSnapshot(users: UsersIndex, devices: DevicesIndex, meta: SnapshotMeta): DirectorySnapshot {
  const userRows: SnapshotUser[] = [];
  for (const group of users.byEmail.values()) {
    for (const u of group)
      userRows.push([u.id, u.name, u.email, u.phoneno, u.domain, u.totalDevices ?? null]);
  }
  const deviceRows: SnapshotDevice[] = [];
  for (const group of devices.byUser.values()) {
    for (const d of group) {
      deviceRows.push([
        d.id,
        d.name,
        d.model,
        d.os,
        d.osVersion,
        d.serial,
        d.platform ?? null,
        d.lastReported,
        d.enrolledTime,
        d.enrollmentStatus,
        d.compliant,
        d.user!.id,
        d.user!.name,
        d.udid,
        d.imei,
      ]);
    }
  }
  return {
    version: SNAPSHOT_VERSION,
    builtAt: meta.builtAt,
    pages: { ...meta.pages },
    counts: { ...meta.counts },
    users: userRows,
    devices: deviceRows,
  };
}

/** The indexes a snapshot holds; `undefined` when it is not a snapshot this version reads (the index is rebuilt). */
export function fromSnapshot(
  snapshot: unknown,
): { users: UsersIndex; devices: DevicesIndex; meta: SnapshotMeta } | undefined {
  if (!isSnapshot(snapshot)) return undefined;
  const at = snapshot.builtAt;
  const byEmail = new Map<string, HexnodeUser[]>();
  for (const [id, name, email, phoneno, domain, total] of snapshot.users) {
    const user: HexnodeUser = { id, name, email, phoneno, domain };
    if (total !== null) user.totalDevices = total;
    const key = normalizeEmail(email);
    if (key === '') continue;
    const group = byEmail.get(key);
    if (group) group.push(user);
    else byEmail.set(key, [user]);
  }
  const byUser = new Map<number, HexnodeDevice[]>();
  for (const row of snapshot.devices) {
    const [id, name, model, os, osVersion, serial, platform, lastReported, enrolledTime, status, compliant] =
      row;
    const device: HexnodeDevice = {
      id,
      name,
      model,
      os,
      osVersion,
      serial,
      platform,
      lastReported,
      enrolledTime,
      enrollmentStatus: status,
      compliant,
      user: { id: row[11], name: row[12] },
      udid: row[13],
      imei: row[14],
    };
    const group = byUser.get(row[11]);
    if (group) group.push(device);
    else byUser.set(row[11], [device]);
  }
  return {
    users: { byEmail, at },
    devices: { byUser, at },
    meta: { builtAt: at, pages: { ...snapshot.pages }, counts: { ...snapshot.counts } },
  };
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** The outline of a snapshot (rows are trusted to be what `toSnapshot` wrote: the store is the kit's own). */
function isSnapshot(value: unknown): value is DirectorySnapshot {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Partial<DirectorySnapshot>;
  return (
    s.version === SNAPSHOT_VERSION &&
    Number.isFinite(s.builtAt) &&
    isCount(s.pages?.users) &&
    isCount(s.pages?.devices) &&
    isCount(s.counts?.users) &&
    isCount(s.counts?.devices) &&
    Array.isArray(s.users) &&
    Array.isArray(s.devices) &&
    s.users.every((row) => Array.isArray(row) && row.length === 6) &&
    s.devices.every((row) => Array.isArray(row) && row.length === 15)
  );
}
