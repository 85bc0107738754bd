/**
 * The simulated company: "Acme Logistics", a logistics and retail business. Shift workers share rugged Android
 * handhelds (assigned to shift accounts), office staff carry iPhones, Windows laptops and Macs, stores run tablets.
 * The hard cases at the top are fixed (same ids, same emails, for every seed); the rest is seeded.
 */
import { alnum, digits, hex, imei, int, mulberry32, pick, type Random } from './random.js';
import type {
  DeviceType,
  Fleet,
  FleetSpec,
  Ownership,
  Platform,
  SimDevice,
  SimDeviceGroup,
  SimUser,
  SimUserGroup,
} from './types.js';

const DAY = 86_400_000;
const MINUTE = 60_000;

export const DEFAULT_USERS = 60;
export const DEFAULT_DEVICES = 90;

/** The fixed hard cases, present in every seeded fleet. */
export const HARD_CASES = {
  defaultUser: { id: 1, email: null },
  manager: { id: 2, email: 'jane.leaver@acme.example' },
  shiftWorker: { id: 3, email: 'sam.shift@acme.example' },
  shiftTeamA: { id: 4, email: 'shift-a@acme.example' },
  shiftTeamB: { id: 5, email: 'shift-b@acme.example' },
  noDevices: { id: 6, email: 'no.devices@acme.example' },
  sharedEmail: { ids: [7, 8], email: 'shared@acme.example' },
  mixedCase: { id: 9, email: 'Mixed.Case@Acme.Example' },
  offline: { id: 10, email: 'offline.olly@acme.example' },
  emptyEmail: { id: 11, email: '' },
  nullEmail: { id: 12, email: null },
  /** Never present: the email of an employee Hexnode does not know. */
  unknownEmail: 'not.in.hexnode@acme.example',
  /*
   * The two below come after the seeded fleet (so seeded ids never moved when they were added): their ids
   * follow the seeded users and devices (with the default 60 users and 90 devices: users 61 and 62, devices
   * 91 to 93). Find them by email or by device name.
   */
  /** The shift pool account shared handhelds are handed to when a worker leaves (`change_owner`). No devices. */
  shiftPool: { email: 'shift.pool@acme.example', name: 'Shift Pool' },
  /**
   * A frontline leaver with one device of each kind: a shared rugged scanner (corporate, in the shared
   * "Warehouse Handhelds" group: reassign it), a corporate laptop (wipe it) and a personal phone (`owned_by` 1:
   * never erase it).
   */
  frontlineLeaver: {
    email: 'rosa.frontline@acme.example',
    name: 'Rosa Frontline',
    devices: {
      sharedScanner: 'WH-DC-N-TC21-R01',
      laptop: 'ACME-LT-0733',
      personalPhone: "Rosa's Galaxy A54",
    },
  },
} as const;

interface Model {
  manufacturer: string;
  modelName: string;
  model: string;
  platform: Platform;
  deviceType: DeviceType;
  osName: string;
  osVersions: readonly string[];
}

const android = (manufacturer: string, modelName: string, deviceType: DeviceType = 'smartphone'): Model => ({
  manufacturer,
  modelName,
  model: modelName,
  platform: 'android',
  deviceType,
  osName: 'Android',
  osVersions: ['10', '11', '12', '13'],
});

const HANDHELDS: readonly Model[] = [
  android('Zebra Technologies', 'TC52'),
  android('Zebra Technologies', 'TC57'),
  android('Zebra Technologies', 'TC21'),
  android('Zebra Technologies', 'MC3300'),
  android('Honeywell', 'CT40'),
  android('Honeywell', 'CT60'),
  android('Honeywell', 'EDA52'),
];
const IPHONES: readonly Model[] = [
  ['iPhone 13', 'iPhone14,5'],
  ['iPhone 14', 'iPhone14,7'],
  ['iPhone 15', 'iPhone15,4'],
  ['iPhone SE (3rd generation)', 'iPhone14,6'],
].map(([modelName, model]) => ({
  manufacturer: 'Apple',
  modelName: modelName!,
  model: model!,
  platform: 'ios' as const,
  deviceType: 'smartphone' as const,
  osName: 'iOS',
  osVersions: ['16.7.8', '17.5.1', '17.6.1', '18.1'],
}));
const LAPTOPS: readonly Model[] = [
  ['Dell Inc.', 'Latitude 5440'],
  ['Dell Inc.', 'Latitude 7440'],
  ['LENOVO', 'ThinkPad T14 Gen 3'],
  ['HP', 'EliteBook 840 G9'],
].map(([manufacturer, modelName]) => ({
  manufacturer: manufacturer!,
  modelName: modelName!,
  model: modelName!,
  platform: 'windows' as const,
  deviceType: 'laptop' as const,
  osName: 'Windows',
  osVersions: ['10.0.19045', '10.0.22631', '10.0.26100'],
}));
const MACS: readonly Model[] = [
  ['MacBook Air (M2, 2022)', 'Mac14,2'],
  ['MacBook Pro (14-inch, 2023)', 'Mac14,9'],
].map(([modelName, model]) => ({
  manufacturer: 'Apple',
  modelName: modelName!,
  model: model!,
  platform: 'macos' as const,
  deviceType: 'laptop' as const,
  osName: 'macOS',
  osVersions: ['13.6.7', '14.5', '15.1'],
}));
const TABLETS: readonly Model[] = [
  android('Samsung', 'Galaxy Tab Active3', 'tablet'),
  android('Samsung', 'Galaxy Tab A8', 'tablet'),
  {
    manufacturer: 'Apple',
    modelName: 'iPad (10th generation)',
    model: 'iPad13,18',
    platform: 'ios',
    deviceType: 'tablet',
    osName: 'iPadOS',
    osVersions: ['17.5.1', '18.1'],
  },
];
const RUGGED_PHONE = android('Samsung', 'Galaxy XCover6 Pro');
const PERSONAL_PHONE = android('Samsung', 'Galaxy A54');

const FIRST_NAMES = [
  'Aisha', 'Ben', 'Carlos', 'Dana', 'Elif', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kemi', 'Liam', 'Maya',
  'Nikos', 'Olivia', 'Priya', 'Quinn', 'Rosa', 'Stefan', 'Tariq', 'Uma', 'Victor', 'Wen', 'Ximena', 'Yusuf',
  'Zoe', 'Amara', 'Bruno', 'Chloe', 'Diego', 'Emma', 'Felix', 'Giulia', 'Hassan', 'Ivy', 'Jakub', 'Kofi', 'Lena',
  'Mateo', 'Nadia', 'Oscar', 'Paula', 'Rahul', 'Sofia', 'Tomas', 'Valentina', 'Wojciech', 'Yara', 'Zain', 'Anya',
] as const; // prettier-ignore
const LAST_NAMES = [
  'Adeyemi', 'Becker', 'Chen', 'Dubois', 'Eriksen', 'Fernandes', 'Garcia', 'Hughes', 'Ivanova', 'Jensen', 'Kowalski',
  'Lopez', 'Mensah', 'Novak', 'Okafor', 'Patel', 'Quispe', 'Rossi', 'Schmidt', 'Tanaka', 'Usman', 'Varga',
  'Williams', 'Xu', 'Yilmaz', 'Zhang', 'Andersson', 'Brennan', 'Costa', 'Duarte', 'Evans', 'Fischer', 'Gallagher',
  'Horvat', 'Ibrahim', 'Jovanovic', 'Kim', 'Larsen', 'Moreau', 'Nguyen', 'Ortiz', 'Petrov', 'Reyes', 'Silva',
] as const; // prettier-ignore
const SITES = ['DOCK1', 'DOCK3', 'XDOCK', 'RET04', 'RET11', 'DC-N', 'DC-S'] as const;

interface Options {
  seed: number;
  users: number;
  devices: number;
  /** Epoch ms the fleet is built at; every time in it is relative to this. */
  now: number;
}

/** Builds the seeded fleet. Same options -> same fleet. */
export function generateFleet({ seed, users: userCount, devices: deviceCount, now }: Options): Fleet {
  const random = mulberry32(seed);
  const users: SimUser[] = [];
  const devices: SimDevice[] = [];

  const user = (
    name: string,
    email: string | null,
    domain = 'local',
    phoneno: string | null = '',
  ): SimUser => {
    const created: SimUser = { id: users.length + 1, name, email, phoneno, domain };
    users.push(created);
    return created;
  };
  const device = (model: Model, userId: number | null, init: Partial<SimDevice> = {}): SimDevice => {
    const id = devices.length + 1;
    const created: SimDevice = {
      id,
      name: deviceName(random, model, users[(userId ?? 0) - 1]?.name),
      modelName: model.modelName,
      model: model.model,
      manufacturer: model.manufacturer,
      platform: model.platform,
      deviceType: model.deviceType,
      osName: model.osName,
      osVersion: pick(random, model.osVersions),
      serial: serialFor(random, model),
      udid: udidFor(random, model.platform),
      imei: model.deviceType === 'laptop' ? '' : imei(random),
      userId,
      ownership: 'corporate',
      alternateEmail: null,
      enrollmentStatus: 'enrolled',
      enrolledTime: now - int(random, 30, 900) * DAY - int(random, 0, DAY),
      lastReported: now - int(random, 1, 30 * MINUTE),
      disenrolledTime: null,
      online: true,
      compliant: random() > 0.08,
      lostMode: false,
      locked: false,
      batteryLevel: int(random, 12, 100),
      isSupervised: model.platform === 'ios' || model.platform === 'macos',
      isKiosk: false,
      ...init,
    };
    devices.push(created);
    return created;
  };

  // ---- The fixed hard cases (ids 1..12 for users, 1..14 for devices). ----
  const defaultUser = user('Default User', null, 'local', null);
  const jane = user('Jane Leaver', HARD_CASES.manager.email, 'active directory', '+44 20 7946 0142');
  const sam = user('Sam Shift', HARD_CASES.shiftWorker.email);
  const teamA = user('Shift Team A', HARD_CASES.shiftTeamA.email);
  const teamB = user('Shift Team B', HARD_CASES.shiftTeamB.email);
  user('Nina Nodevice', HARD_CASES.noDevices.email, 'active directory');
  const alex = user('Alex Shared', HARD_CASES.sharedEmail.email, 'active directory');
  const alexis = user('Alexis Shared', HARD_CASES.sharedEmail.email, 'active directory');
  const mixed = user('Max Mixedcase', HARD_CASES.mixedCase.email, 'active directory');
  const olly = user('Offline Olly', HARD_CASES.offline.email);
  const kiosk = user('Front Desk Kiosk', '', 'local', '');
  const temp = user('Temp Picker 07', null, 'local', null);

  const handheldIds: number[] = [];
  const tabletIds: number[] = [];
  device(TABLETS[1]!, defaultUser.id, {
    name: 'Lobby Visitor Tablet',
    isKiosk: true,
    deviceType: 'tablet',
    // Under "Default User", with a real address only in the detail's alternate_email [C]: never a match.
    alternateEmail: HARD_CASES.unknownEmail,
  });
  tabletIds.push(1);
  device(IPHONES[2]!, jane.id, { name: "Jane's iPhone" });
  device(LAPTOPS[1]!, jane.id, { name: 'ACME-LT-0412' });
  device(MACS[1]!, jane.id, { name: "Jane's MacBook Pro" });
  handheldIds.push(device(HANDHELDS[0]!, sam.id, { name: 'WH-DOCK3-TC52-017' }).id);
  handheldIds.push(device(HANDHELDS[1]!, teamA.id, { name: 'WH-DOCK1-TC57-003' }).id);
  handheldIds.push(device(HANDHELDS[4]!, teamA.id, { name: 'WH-DOCK1-CT40-011' }).id);
  handheldIds.push(device(HANDHELDS[3]!, teamB.id, { name: 'WH-XDOCK-MC3300-002' }).id);
  handheldIds.push(device(HANDHELDS[5]!, teamB.id, { name: 'WH-XDOCK-CT60-008' }).id);
  device(IPHONES[1]!, alex.id, { name: "Alex's iPhone" });
  device(LAPTOPS[2]!, alexis.id, { name: 'ACME-LT-0587' });
  device(IPHONES[0]!, mixed.id, { name: "Max's iPhone", ownership: 'personal' });
  device(RUGGED_PHONE, olly.id, {
    name: 'YARD-XCOVER-05',
    online: false,
    lastReported: now - 41 * DAY - 3 * 3_600_000,
    batteryLevel: 0,
  });
  tabletIds.push(device(TABLETS[2]!, kiosk.id, { name: 'Front Desk iPad', isKiosk: true }).id);

  const fixedUsers = users.length;
  const fixedDevices = devices.length;

  // ---- Seeded people. ----
  const emailCounts = new Map<string, number>();
  const office: number[] = [jane.id, alex.id, alexis.id, mixed.id];
  const shift: number[] = [sam.id, temp.id];
  // Seeded devices go to seeded people only, so the hard cases keep exactly the devices listed above.
  const seededOffice: number[] = [];
  const seededShift: number[] = [];
  const seasonal: number[] = [sam.id, temp.id];
  const managers: number[] = [jane.id];
  for (let i = fixedUsers; i < Math.max(userCount, fixedUsers); i++) {
    const first = pick(random, FIRST_NAMES);
    const last = pick(random, LAST_NAMES);
    const isShift = random() < 0.3;
    const base = `${first}.${last}`.toLowerCase();
    const seen = (emailCounts.get(base) ?? 0) + 1;
    emailCounts.set(base, seen);
    let email: string | null = `${seen === 1 ? base : base + seen}@acme.example`;
    if (isShift && random() < 0.1) email = null;
    const created = user(
      `${first} ${last}`,
      email,
      isShift ? 'local' : random() < 0.6 ? 'active directory' : 'local',
      random() < 0.5 ? `+44 7700 9${digits(random, 5)}` : '',
    );
    if (isShift) {
      shift.push(created.id);
      seededShift.push(created.id);
      if (random() < 0.4) seasonal.push(created.id);
    } else {
      office.push(created.id);
      seededOffice.push(created.id);
      if (random() < 0.05) managers.push(created.id);
    }
  }

  // ---- Seeded devices. ----
  const iphones: number[] = [2, 10, 12];
  const laptops: number[] = [3, 11];
  const macs: number[] = [4];
  for (let i = fixedDevices; i < Math.max(deviceCount, fixedDevices); i++) {
    const roll = random();
    const offline = random() < 0.03;
    const init: Partial<SimDevice> = offline
      ? { online: false, lastReported: now - int(random, 8, 90) * DAY - int(random, 0, DAY) }
      : {};
    if (random() < 0.01) {
      Object.assign(init, {
        enrollmentStatus: 'unenrolled',
        online: false,
        disenrolledTime: now - int(random, 1, 60) * DAY,
      });
    }
    if (roll < 0.35) {
      // Shared handhelds belong to the shift accounts; a few are assigned to one shift worker.
      const owner =
        random() < 0.2 && seededShift.length > 0
          ? pick(random, seededShift)
          : random() < 0.5
            ? teamA.id
            : teamB.id;
      const model = pick(random, HANDHELDS);
      const site = pick(random, SITES);
      const created = device(model, owner, {
        ...init,
        name: `WH-${site}-${model.modelName}-${String(i).padStart(3, '0')}`,
      });
      handheldIds.push(created.id);
    } else if (roll < 0.4) {
      const created = device(pick(random, TABLETS), defaultUser.id, { ...init, isKiosk: true });
      created.name = `${pick(random, SITES)}-TABLET-${String(i).padStart(3, '0')}`;
      tabletIds.push(created.id);
    } else {
      const kind = random();
      const owner = seededOffice.length > 0 ? pick(random, seededOffice) : defaultUser.id;
      const model =
        kind < 0.45 ? pick(random, IPHONES) : kind < 0.8 ? pick(random, LAPTOPS) : pick(random, MACS);
      const created = device(model, owner, {
        ...init,
        ownership: model.platform === 'ios' && random() < 0.15 ? 'personal' : 'corporate',
      });
      (model.platform === 'ios' ? iphones : model.platform === 'windows' ? laptops : macs).push(created.id);
    }
  }

  // ---- Hard cases appended after the seeded fleet, so the seeded ids stay where they were. ----
  const pool = user(HARD_CASES.shiftPool.name, HARD_CASES.shiftPool.email);
  const leaver = HARD_CASES.frontlineLeaver;
  const rosa = user(leaver.name, leaver.email);
  shift.push(pool.id, rosa.id);
  handheldIds.push(device(HANDHELDS[2]!, rosa.id, { name: leaver.devices.sharedScanner }).id);
  laptops.push(device(LAPTOPS[0]!, rosa.id, { name: leaver.devices.laptop }).id);
  device(PERSONAL_PHONE, rosa.id, { name: leaver.devices.personalPhone, ownership: 'personal' });

  const userGroups: SimUserGroup[] = [
    group(1, 'Seasonal Shift Q4', 'Seasonal warehouse staff hired for the Q4 peak', { userIds: seasonal }),
    group(2, 'Warehouse Staff', 'Everyone working shifts in the warehouses and yards', {
      userIds: [teamA.id, teamB.id, olly.id, ...shift],
    }),
    group(3, 'Office Staff', 'Head office and regional offices', { userIds: office }),
    group(4, 'Managers', 'People managers', { userIds: managers }),
  ].map((g) => ({
    ...g,
    userIds: [...new Set(g.userIds)].sort((a, b) => a - b),
    modifiedDate: now - 12 * DAY,
  }));
  const deviceGroups: SimDeviceGroup[] = [
    { ...group(1, 'Warehouse Handhelds', 'Shared rugged handhelds, docked at the end of each shift', { deviceIds: handheldIds }), grouptype: 'custom' as const },
    { ...group(2, 'Office iPhones', 'All iOS phones', { deviceIds: iphones }), grouptype: 'dynamic' as const },
    { ...group(3, 'Windows Laptops', 'All Windows laptops', { deviceIds: laptops }), grouptype: 'dynamic' as const },
    { ...group(4, 'Macs', 'All macOS devices', { deviceIds: macs }), grouptype: 'dynamic' as const },
    { ...group(5, 'Store Tablets', 'Kiosk tablets in stores and at the front desk', { deviceIds: tabletIds }), grouptype: 'custom' as const },
  ].map((g) => ({ ...g, deviceIds: [...g.deviceIds].sort((a, b) => a - b), modifiedDate: now - 20 * DAY })); // prettier-ignore

  return { users, devices, userGroups, deviceGroups };
}

function group<T extends object>(id: number, groupname: string, description: string, members: T) {
  return { id, groupname, description, ...members };
}

function deviceName(random: Random, model: Model, owner: string | undefined): string {
  switch (model.platform) {
    case 'ios':
    case 'macos': {
      const space = owner === undefined ? -1 : owner.indexOf(' ');
      const first = owner === undefined ? undefined : space === -1 ? owner : owner.slice(0, space);
      const bracket = model.modelName.indexOf(' (');
      const short = bracket === -1 ? model.modelName : model.modelName.slice(0, bracket);
      return first ? `${first}'s ${short}` : model.modelName;
    }
    case 'windows':
      return `ACME-LT-${digits(random, 4)}`;
    case 'android':
      // Android devices report manufacturer and model run together, as recorded from a real portal.
      return `${model.manufacturer.split(' ')[0]}${model.modelName}`;
  }
}

function serialFor(random: Random, model: Model): string {
  if (model.manufacturer === 'Apple') return (model.deviceType === 'laptop' ? 'C02' : 'F') + alnum(random, 9);
  if (model.manufacturer.startsWith('Zebra')) return digits(random, 14);
  if (model.manufacturer === 'Honeywell') return digits(random, 5) + alnum(random, 5);
  if (model.platform === 'windows') return alnum(random, 7);
  return 'R' + alnum(random, 10);
}

function udidFor(random: Random, platform: Platform): string {
  if (platform === 'ios') return `00008${digits(random, 3)}-${hex(random, 16).toUpperCase()}`;
  if (platform === 'macos')
    return `${hex(random, 8)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 12)}`.toUpperCase();
  if (platform === 'windows') return hex(random, 32).toUpperCase();
  return hex(random, 16);
}

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
  const devices: SimDevice[] = spec.devices.map((d, i) => {
    const id = d.id ?? i + 1;
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
  });
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
