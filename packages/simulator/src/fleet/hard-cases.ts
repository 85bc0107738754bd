/**
 * The hard cases: the people and devices every seeded fleet has, at the same ids with the same emails, whatever
 * the seed. Most come first (users 1..12, devices 1..14); the ones added later come after the seeded fleet.
 */
import type { SimUser } from '../types.js';
import { DAY, type FleetBuilder } from './builder.js';
import { HANDHELDS, IPHONES, LAPTOPS, MACS, PERSONAL_PHONE, RUGGED_PHONE, TABLETS } from './models.js';

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

/** The fixed hard cases' users, and the device lists the groups are built from. */
export interface FixedCases {
  defaultUser: SimUser;
  jane: SimUser;
  sam: SimUser;
  teamA: SimUser;
  teamB: SimUser;
  alex: SimUser;
  alexis: SimUser;
  mixed: SimUser;
  olly: SimUser;
  temp: SimUser;
  handheldIds: number[];
  tabletIds: number[];
}

/** Adds the fixed hard cases to an empty fleet: users 1..12, devices 1..14. */
export function addFixedHardCases(b: FleetBuilder): FixedCases {
  const { now } = b;
  const user = b.user.bind(b);
  const device = b.device.bind(b);
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
  return { defaultUser, jane, sam, teamA, teamB, alex, alexis, mixed, olly, temp, handheldIds, tabletIds };
}

/**
 * Appends the hard cases added after the seeded fleet (so that no seeded id moved): the shift pool and the
 * frontline leaver, whose scanner joins the shared handhelds and whose laptop the Windows laptops.
 */
export function appendHardCases(
  b: FleetBuilder,
  lists: { shift: number[]; handheldIds: number[]; laptops: number[] },
): void {
  const pool = b.user(HARD_CASES.shiftPool.name, HARD_CASES.shiftPool.email);
  const leaver = HARD_CASES.frontlineLeaver;
  const rosa = b.user(leaver.name, leaver.email);
  lists.shift.push(pool.id, rosa.id);
  lists.handheldIds.push(b.device(HANDHELDS[2]!, rosa.id, { name: leaver.devices.sharedScanner }).id);
  lists.laptops.push(b.device(LAPTOPS[0]!, rosa.id, { name: leaver.devices.laptop }).id);
  b.device(PERSONAL_PHONE, rosa.id, { name: leaver.devices.personalPhone, ownership: 'personal' });
}
