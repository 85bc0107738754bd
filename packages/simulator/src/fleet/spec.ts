/** An explicit fleet (`SimulatorOptions.fleet`): checked and completed with defaults. */
import { alnum, hex, imei, mulberry32 } from '../random.js';
import type {
  Fleet,
  FleetDevice,
  FleetSpec,
  Ownership,
  SimDevice,
  SimDeviceGroup,
  SimUser,
  SimUserGroup,
} from '../types.js';
import { DAY, MINUTE } from './builder.js';

/** Turns an explicit fleet into the simulator's state, filling defaults. Throws a TypeError on a bad spec. */
export function normalizeFleet(spec: FleetSpec, now: number): Fleet {
  if (!spec || !Array.isArray(spec.users) || !Array.isArray(spec.devices)) {
    throw new TypeError('fleet must have `users` and `devices` arrays');
  }
  const users: SimUser[] = spec.users.map((u, i) => ({
    id: u.id ?? i + 1,
    name: u.name,
    email: u.email === undefined ? null : u.email,
    phoneno: u.phoneno === undefined ? '' : u.phoneno,
    domain: u.domain ?? 'local',
  }));
  const userIds = new Set(users.map((u) => u.id));
  if (userIds.size !== users.length) throw new TypeError('fleet users have duplicate ids');
  const devices = spec.devices.map((d, i) => normalizeDevice(d, i, userIds, now));
  const deviceIds = new Set(devices.map((d) => d.id));
  if (deviceIds.size !== devices.length) throw new TypeError('fleet devices have duplicate ids');
  const userGroups: SimUserGroup[] = (spec.userGroups ?? []).map((g, i) => {
    for (const id of g.userIds ?? []) {
      if (!userIds.has(id))
        throw new TypeError(`fleet user group "${g.groupname}" names user ${id}, which is not in the fleet`);
    }
    return {
      id: g.id ?? i + 1,
      groupname: g.groupname,
      description: g.description ?? '',
      userIds: [...(g.userIds ?? [])],
      modifiedDate: now,
    };
  });
  const deviceGroups: SimDeviceGroup[] = (spec.deviceGroups ?? []).map((g, i) => {
    for (const id of g.deviceIds ?? []) {
      if (!deviceIds.has(id))
        throw new TypeError(
          `fleet device group "${g.groupname}" names device ${id}, which is not in the fleet`,
        );
    }
    return {
      id: g.id ?? i + 1,
      groupname: g.groupname,
      description: g.description ?? '',
      grouptype: g.grouptype ?? 'custom',
      deviceIds: [...(g.deviceIds ?? [])],
      modifiedDate: now,
    };
  });
  const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
  return {
    users: users.sort(byId),
    devices: devices.sort(byId),
    userGroups: userGroups.sort(byId),
    deviceGroups: deviceGroups.sort(byId),
  };
}

/** One device of the spec, its defaults filled in; `index` gives the default id. */
function normalizeDevice(
  d: FleetDevice,
  index: number,
  userIds: ReadonlySet<number>,
  now: number,
): SimDevice {
  const id = d.id ?? index + 1;
  const userId = d.userId === undefined ? null : d.userId;
  if (userId !== null && !userIds.has(userId)) {
    throw new TypeError(`fleet device ${id} names user ${userId}, which is not in the fleet`);
  }
  const parse = (value: string | undefined | null, fallback: number | null, field: string) => {
    if (value === undefined) return fallback;
    if (value === null) return null;
    const time = Date.parse(value);
    if (Number.isNaN(time)) throw new TypeError(`fleet device ${id}: ${field} is not an ISO time`);
    return time;
  };
  const osName = { android: 'Android', ios: 'iOS', windows: 'Windows', macos: 'macOS' }[d.platform];
  if (!osName) throw new TypeError(`fleet device ${id}: unknown platform ${String(d.platform)}`);
  const deviceType =
    d.deviceType ?? (d.platform === 'windows' || d.platform === 'macos' ? 'laptop' : 'smartphone');
  const random = mulberry32(id * 7919);
  return {
    id,
    name: d.name,
    modelName: d.modelName ?? d.model ?? '',
    model: d.model ?? d.modelName ?? '',
    manufacturer: d.manufacturer ?? '',
    platform: d.platform,
    deviceType,
    osName: d.osName ?? osName,
    osVersion: d.osVersion ?? '',
    serial: d.serial ?? alnum(random, 10),
    udid: d.udid ?? hex(random, 16),
    imei: d.imei ?? (deviceType === 'laptop' ? '' : imei(random)),
    userId,
    ownership: (d.ownership ?? 'corporate') satisfies Ownership,
    alternateEmail: d.alternateEmail ?? null,
    enrollmentStatus: d.enrollmentStatus ?? 'enrolled',
    enrolledTime: parse(d.enrolledTime, now - 365 * DAY, 'enrolledTime') ?? now - 365 * DAY,
    lastReported: parse(d.lastReported, now - 5 * MINUTE, 'lastReported'),
    disenrolledTime: d.enrollmentStatus === 'unenrolled' ? now : null,
    online: d.online ?? true,
    compliant: d.compliant ?? true,
    lostMode: d.lostMode ?? false,
    locked: false,
    batteryLevel: 80,
    isSupervised: d.platform === 'ios' || d.platform === 'macos',
    isKiosk: false,
  };
}
