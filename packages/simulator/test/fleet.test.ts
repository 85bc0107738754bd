import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSimulator, generateFleet, HARD_CASES } from '../src/index.js';

const NOW = Date.parse('2026-03-02T09:00:00.000Z');

describe('seeded fleet', () => {
  test('the same seed and clock build the same fleet', () => {
    const a = generateFleet({ seed: 11, users: 400, devices: 700, now: NOW });
    const b = generateFleet({ seed: 11, users: 400, devices: 700, now: NOW });
    assert.deepEqual(a, b);
  });

  test('another seed builds another fleet around the same hard cases', () => {
    const a = generateFleet({ seed: 11, users: 400, devices: 700, now: NOW });
    const b = generateFleet({ seed: 12, users: 400, devices: 700, now: NOW });
    assert.notDeepEqual(a.users, b.users);
    assert.deepEqual(a.users.slice(0, 12), b.users.slice(0, 12));
  });

  for (const seed of [1, 2, 99, 123456]) {
    test(`seed ${seed} has every fixed hard case`, () => {
      const sim = createSimulator({ seed, now: () => NOW });
      const one = (email: string) => {
        const users = sim.findUsersByEmail(email);
        assert.equal(users.length, 1, email);
        return users[0]!;
      };
      const devicesOf = (id: number) => sim.devices.filter((d) => d.userId === id);
      const jane = one(HARD_CASES.manager.email);
      assert.deepEqual(
        devicesOf(jane.id)
          .map((d) => d.platform)
          .sort(),
        ['ios', 'macos', 'windows'],
      );
      const sam = one(HARD_CASES.shiftWorker.email);
      const samDevices = devicesOf(sam.id);
      assert.equal(samDevices.length, 1);
      // A shared handheld is a corporate device in a shared device group: Hexnode has no "shared" owner.
      assert.equal(samDevices[0]!.ownership, 'corporate');
      assert.match(samDevices[0]!.manufacturer, /Zebra|Honeywell/);
      const handhelds = sim.deviceGroups.find((g) => g.groupname === 'Warehouse Handhelds')!;
      assert.ok(handhelds.deviceIds.includes(samDevices[0]!.id));
      assert.equal(one(HARD_CASES.shiftTeamA.email).name, 'Shift Team A');
      assert.equal(one(HARD_CASES.shiftTeamB.email).name, 'Shift Team B');
      assert.equal(devicesOf(one(HARD_CASES.noDevices.email).id).length, 0);
      assert.equal(sim.findUsersByEmail(HARD_CASES.sharedEmail.email).length, 2);
      assert.equal(one('mixed.case@acme.example').email, 'Mixed.Case@Acme.Example');
      const olly = devicesOf(one(HARD_CASES.offline.email).id);
      assert.equal(olly.length, 1);
      assert.equal(olly[0]!.online, false);
      assert.ok(NOW - olly[0]!.lastReported! > 30 * 86_400_000);
      assert.ok(sim.users.some((u) => u.email === null));
      assert.ok(sim.users.some((u) => u.email === ''));
      assert.deepEqual(sim.findUsersByEmail(HARD_CASES.unknownEmail), []);
      assert.ok(
        sim.userGroups.some((g) => g.groupname === 'Seasonal Shift Q4' && g.userIds.includes(sam.id)),
      );
    });
  }

  for (const seed of [1, 7]) {
    test(`seed ${seed} appends the shift pool and the frontline leaver after the seeded fleet`, () => {
      const sim = createSimulator({ seed, now: () => NOW });
      const [pool] = sim.findUsersByEmail(HARD_CASES.shiftPool.email);
      const [rosa] = sim.findUsersByEmail(HARD_CASES.frontlineLeaver.email);
      // The seeded ids (1..60 users, 1..90 devices by default) stay where they were; these follow them.
      assert.deepEqual([pool?.id, rosa?.id], [61, 62]);
      assert.equal(pool!.name, HARD_CASES.shiftPool.name);
      assert.deepEqual(
        sim.devices.filter((d) => d.userId === pool!.id),
        [],
        'the pool starts without devices',
      );
      const devices = sim.devices.filter((d) => d.userId === rosa!.id);
      const { sharedScanner, laptop, personalPhone } = HARD_CASES.frontlineLeaver.devices;
      assert.deepEqual(
        devices.map((d) => [d.id, d.name, d.ownership, d.platform, d.enrollmentStatus]),
        [
          [91, sharedScanner, 'corporate', 'android', 'enrolled'],
          [92, laptop, 'corporate', 'windows', 'enrolled'],
          [93, personalPhone, 'personal', 'android', 'enrolled'],
        ],
      );
      const handhelds = sim.deviceGroups.find((g) => g.groupname === 'Warehouse Handhelds')!;
      assert.ok(handhelds.deviceIds.includes(91), 'the scanner is in the shared device group');
      assert.ok(!handhelds.deviceIds.includes(93));
      const laptops = sim.deviceGroups.find((g) => g.groupname === 'Windows Laptops')!;
      assert.ok(laptops.deviceIds.includes(92));
      const staff = sim.userGroups.find((g) => g.groupname === 'Warehouse Staff')!;
      assert.ok(staff.userIds.includes(pool!.id) && staff.userIds.includes(rosa!.id));
      // Both ownerships exist in the seeded fleet too, not only among the hard cases.
      const seeded = sim.devices.filter((d) => d.id <= 90);
      assert.ok(seeded.some((d) => d.ownership === 'personal'));
      assert.ok(seeded.some((d) => d.ownership === 'corporate'));
    });
  }

  test('the seeded company looks like logistics and retail: handhelds for shifts, Apple, Windows and Mac for the office', () => {
    const { devices } = generateFleet({ seed: 5, users: 2000, devices: 3000, now: NOW });
    const share = (predicate: (d: (typeof devices)[number]) => boolean) =>
      devices.filter(predicate).length / devices.length;
    assert.ok(share((d) => /Zebra|Honeywell/.test(d.manufacturer)) > 0.25);
    assert.ok(share((d) => d.platform === 'ios') > 0.1);
    assert.ok(share((d) => d.platform === 'windows') > 0.1);
    assert.ok(share((d) => d.platform === 'macos') > 0.05);
    assert.ok(share((d) => !d.online) > 0.01);
  });

  test('a large fleet keeps unique ids, and the emails are unique apart from the shared hard case', () => {
    const { users, devices } = generateFleet({ seed: 3, users: 20000, devices: 30000, now: NOW });
    // The seeded counts, plus the hard cases appended after them (2 users, 3 devices).
    assert.equal(users.length, 20002);
    assert.equal(devices.length, 30003);
    assert.equal(new Set(devices.map((d) => d.id)).size, 30003);
    const emails = users.map((u) => u.email?.toLowerCase()).filter((e): e is string => Boolean(e));
    assert.equal(new Set(emails).size, emails.length - 1);
  });
});

describe('explicit fleet', () => {
  test('an explicit fleet replaces the seeded one, with defaults filled in', () => {
    const sim = createSimulator({
      now: () => NOW,
      fleet: {
        users: [
          { name: 'Pat Leaver', email: 'pat@example.com' },
          { name: 'Shared Scanners', email: null },
        ],
        devices: [
          { name: 'Pat phone', platform: 'ios', userId: 1 },
          {
            name: 'Scanner 1',
            platform: 'android',
            userId: 2,
            ownership: 'personal',
            alternateEmail: 'pat@acme.example',
            online: false,
            lastReported: '2026-01-01T00:00:00Z',
          },
        ],
        deviceGroups: [{ groupname: 'Warehouse Handhelds', deviceIds: [2] }],
      },
    });
    assert.deepEqual(
      sim.users.map((u) => u.id),
      [1, 2],
    );
    assert.equal(sim.devices[0]!.osName, 'iOS');
    assert.equal(sim.devices[0]!.enrollmentStatus, 'enrolled');
    assert.equal(sim.devices[1]!.lastReported, Date.parse('2026-01-01T00:00:00Z'));
    assert.deepEqual(sim.deviceGroups[0]!.deviceIds, [2]);
    assert.equal(sim.devices[0]!.ownership, 'corporate');
    assert.equal(sim.devices[1]!.ownership, 'personal');
    assert.equal(sim.devices[1]!.alternateEmail, 'pat@acme.example');
  });

  test('a fleet naming a user it does not have is refused with a clear error', () => {
    assert.throws(
      () => createSimulator({ fleet: { users: [], devices: [{ name: 'x', platform: 'ios', userId: 5 }] } }),
      { name: 'TypeError', message: 'fleet device 1 names user 5, which is not in the fleet' },
    );
  });

  test('bad options are refused with one clear error', () => {
    assert.throws(() => createSimulator({ users: -1 }), /users must be a whole number >= 0/);
    assert.throws(() => createSimulator({ failRate: 2 }), /failRate must be a number from 0 to 1/);
    assert.throws(() => createSimulator({ apiKey: ' ' }), /apiKey must be a non-empty string/);
    assert.throws(() => createSimulator({ faults: { rateLimit: -1 } }), /rateLimit must be a number >= 0/);
  });
});
