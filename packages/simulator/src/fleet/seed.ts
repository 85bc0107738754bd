/**
 * The simulated company: "Acme Logistics", a logistics and retail business. Shift workers share rugged Android
 * handhelds (assigned to shift accounts), office staff carry iPhones, Windows laptops and Macs, stores run tablets.
 * The hard cases (hard-cases.ts) are fixed; the rest is seeded.
 */
import { digits, int, mulberry32, pick } from '../random.js';
import type { Fleet, SimDevice, SimDeviceGroup, SimUserGroup } from '../types.js';
import { DAY, FleetBuilder } from './builder.js';
import { addFixedHardCases, appendHardCases, type FixedCases } from './hard-cases.js';
import { FIRST_NAMES, HANDHELDS, IPHONES, LAPTOPS, LAST_NAMES, MACS, SITES, TABLETS } from './models.js';

export const DEFAULT_USERS = 60;
export const DEFAULT_DEVICES = 90;

interface Options {
  seed: number;
  users: number;
  devices: number;
  /** Epoch ms the fleet is built at; every time in it is relative to this. */
  now: number;
}

/** The seeded people, by the groups they belong to. */
interface People {
  office: number[];
  shift: number[];
  seededOffice: number[];
  seededShift: number[];
  seasonal: number[];
  managers: number[];
}

/** Builds the seeded fleet. Same options -> same fleet. */
export function generateFleet({ seed, users: userCount, devices: deviceCount, now }: Options): Fleet {
  const b = new FleetBuilder(mulberry32(seed), now);
  const fixed = addFixedHardCases(b);
  const people = seedPeople(b, fixed, userCount);
  const { iphones, laptops, macs } = seedDevices(b, fixed, people, deviceCount);
  appendHardCases(b, { shift: people.shift, handheldIds: fixed.handheldIds, laptops });
  const { handheldIds, tabletIds, teamA, teamB, olly } = fixed;
  const { seasonal, shift, office, managers } = people;
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

  return { users: b.users, devices: b.devices, userGroups, deviceGroups };
}

/** Seeded people after the fixed ones, up to `userCount` users in all. */
function seedPeople(b: FleetBuilder, fixed: FixedCases, userCount: number): People {
  const { random } = b;
  const { jane, alex, alexis, mixed, sam, temp } = fixed;
  const user = b.user.bind(b);
  const fixedUsers = b.users.length;
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
  return { office, shift, seededOffice, seededShift, seasonal, managers };
}

/**
 * Seeded devices after the fixed ones, up to `deviceCount` in all. Seeded devices go to seeded people only, so
 * the hard cases keep exactly their own devices. Answers the platform lists the dynamic groups are built from.
 */
function seedDevices(b: FleetBuilder, fixed: FixedCases, people: People, deviceCount: number) {
  const { random, now } = b;
  const { defaultUser, teamA, teamB, handheldIds, tabletIds } = fixed;
  const { seededOffice, seededShift } = people;
  const device = b.device.bind(b);
  const fixedDevices = b.devices.length;
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
  return { iphones, laptops, macs };
}

function group<T extends object>(id: number, groupname: string, description: string, members: T) {
  return { id, groupname, description, ...members };
}
