import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { HexnodeInvalidResponseError, normalizeEmail } from '@hexnode-offboard/core';
import { HARD_CASES } from '@hexnode-offboard/simulator';
import { bigFleet, useSimulator } from './simulator-harness.js';

describe('normalizeEmail', () => {
  test('trims and lower-cases ASCII letters, and changes nothing else', () => {
    assert.equal(normalizeEmail('  Jane.Leaver@ACME.Example \n'), 'jane.leaver@acme.example');
    assert.equal(normalizeEmail('ｊａｎｅ@acme.example'), 'ｊａｎｅ@acme.example'); // full-width letters stay
    assert.notEqual(normalizeEmail('STRASSE@acme.example'), normalizeEmail('straße@acme.example'));
    assert.notEqual(normalizeEmail('\u00C5sa@acme.example'), normalizeEmail('A\u030Asa@acme.example'));
  });

  test('null, undefined and blank strings normalise to the empty string', () => {
    assert.equal(normalizeEmail(null), '');
    assert.equal(normalizeEmail(undefined), '');
    assert.equal(normalizeEmail(''), '');
    assert.equal(normalizeEmail('   '), '');
  });
});

describe('lookup on the seeded fleet', () => {
  const sim = useSimulator({ checkinMs: 60_000 });

  test("a known email finds its one user and exactly that user's devices, whatever the case and spacing", async () => {
    const result = await sim.directory().lookup('  JANE.Leaver@Acme.EXAMPLE ');
    assert.equal(result.status, 'found');
    assert.equal(result.user.id, HARD_CASES.manager.id);
    const expected = sim.running.simulator.devices.filter(
      (device) => device.userId === HARD_CASES.manager.id,
    );
    assert.deepEqual(
      result.devices.map((device) => device.id),
      expected.map((device) => device.id),
    );
    assert.equal(result.devices.length, 3);
  });

  test('an email stored in mixed case matches its lower-case form', async () => {
    const result = await sim.directory().lookup('mixed.case@acme.example');
    assert.equal(result.status, 'found');
    assert.equal(result.user.id, HARD_CASES.mixedCase.id);
  });

  test('two users sharing an email are ambiguous, listed, and no device page is read', async () => {
    const result = await sim.directory().lookup('shared@acme.example');
    assert.equal(result.status, 'ambiguous');
    assert.deepEqual(
      result.users.map((user) => user.id),
      [...HARD_CASES.sharedEmail.ids],
    );
    assert.ok(!sim.requests().some((request) => request.startsWith('GET /devices/')));
  });

  test('an unknown email is not found, without reading any device page', async () => {
    const result = await sim.directory().lookup(HARD_CASES.unknownEmail);
    assert.deepEqual(result, { status: 'not_found' });
    assert.ok(!sim.requests().some((request) => request.startsWith('GET /devices/')));
  });

  test('a user without devices is found with none, without reading any device page', async () => {
    const result = await sim.directory().lookup(HARD_CASES.noDevices.email);
    assert.equal(result.status, 'found');
    assert.deepEqual(result.devices, []);
    assert.ok(!sim.requests().some((request) => request.startsWith('GET /devices/')));
  });

  test('blank emails never match, not even the users stored with a null or "" email', async () => {
    const directory = sim.directory();
    for (const email of ['', '   ', 'null'])
      assert.deepEqual(await directory.lookup(email), { status: 'not_found' });
    const many = await directory.lookupMany(['', ' ']);
    assert.deepEqual([...many.values()], [{ status: 'not_found' }, { status: 'not_found' }]);
  });

  test('verifyOwnership re-reads one device detail and compares its user email', async () => {
    const directory = sim.directory();
    const janeDevice = sim.running.simulator.devices.find(
      (device) => device.userId === HARD_CASES.manager.id,
    )!;
    const owned = await directory.verifyOwnership(janeDevice.id, 'Jane.Leaver@acme.example');
    assert.equal(owned.owned, true);
    assert.equal(owned.device?.id, janeDevice.id);
    assert.deepEqual(sim.requests(), [`GET /devices/${janeDevice.id}/`]);
    assert.equal((await directory.verifyOwnership(janeDevice.id, 'sam.shift@acme.example')).owned, false);
    assert.equal((await directory.verifyOwnership(janeDevice.id, '')).owned, false);
    assert.deepEqual(await directory.verifyOwnership(999_999, 'jane.leaver@acme.example'), { owned: false });
  });

  test('schema drift surfaces as an invalid-response error naming the field', async () => {
    sim.running.simulator.setFaults({ schemaDrift: true });
    const error = await sim
      .directory()
      .lookup(HARD_CASES.manager.email)
      .then(
        () => assert.fail('expected a failure'),
        (caught: unknown) => caught,
      );
    assert.ok(error instanceof HexnodeInvalidResponseError);
    assert.match(error.field ?? '', /last_reported/);
    assert.equal(error.endpoint, 'GET /devices/');
  });
});

describe('lookup on a fleet of many pages', () => {
  // 2,000 users (8 pages of 250) and 3,000 devices (12 pages); device i belongs to user (i % 2000) + 1.
  // Up to 60 reads a test: Hexnode's limits, with a one-second minute so that the kit's pace costs seconds.
  const sim = useSimulator({
    fleet: bigFleet(2000, 3000),
    faults: { latencyMs: 5 },
    throttle: { windowMs: 1000 },
  });
  const userPages = (requests: string[]) => requests.filter((request) => request === 'GET /users/').length;
  const devicePages = (requests: string[]) =>
    requests.filter((request) => request === 'GET /devices/').length;

  test('a cold lookup reads every user page once, concurrently, and stops reading devices once it has them all', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const client = sim.client({
      hooks: {
        beforeRequest: () => void (maxInFlight = Math.max(maxInFlight, ++inFlight)),
        afterResponse: () => void inFlight--,
      },
    });
    // User 5 owns devices 5 and 2005: the second is on device page 9 of 12.
    const result = await sim.directory({ concurrency: 3 }, client).lookup('user5@acme.example');
    assert.equal(result.status, 'found');
    assert.deepEqual(
      result.devices.map((device) => device.id),
      [5, 2005],
    );
    const requests = sim.requests();
    assert.equal(userPages(requests), 8);
    assert.ok(
      devicePages(requests) >= 9 && devicePages(requests) < 12,
      `${devicePages(requests)} device pages`,
    );
    assert.equal(maxInFlight, 3);
  });

  test('a warm directory answers lookups from memory, and a batch reads each list once', async () => {
    const directory = sim.directory();
    const emails = Array.from({ length: 300 }, (_, i) => `user${i * 7 + 1}@acme.example`);
    const results = await directory.lookupMany(emails);
    assert.equal(userPages(sim.requests()), 8);
    assert.equal(devicePages(sim.requests()), 12);
    assert.equal(results.size, 300);
    const first = results.get('user1@acme.example');
    assert.equal(first?.status, 'found');
    assert.deepEqual(
      first.devices.map((device) => device.id),
      [1, 2001],
    );
    const before = sim.requests().length;
    const again = await directory.lookup('USER8@acme.example');
    assert.equal(again.status, 'found');
    assert.equal(sim.requests().length, before, 'a warm lookup sends no request');
  });

  test('a stale index answers at once and is refreshed in the background; invalidate() forgets it', async () => {
    let now = 1_000_000;
    const directory = sim.directory({ ttlMs: 60_000, now: () => now });
    await directory.warm();
    const afterWarm = sim.requests().length;
    // 20 pages at half of 21 calls a one-second window (1.9 s), and of the day (3.2 s): the 60 s minimum wins.
    const interval = directory.indexState().refreshIntervalMs;
    assert.equal(interval, 60_000);
    now += interval - 1;
    await directory.lookup('user2@acme.example');
    assert.equal(sim.requests().length, afterWarm, 'still fresh');
    assert.equal(directory.indexState().building, null);
    now += 2;
    const stale = await directory.lookup('user2@acme.example');
    assert.equal(stale.status, 'found');
    assert.ok(directory.indexState().building, 'the stale lookup started a refresh and did not wait for it');
    await directory.warm(); // joins the refresh
    assert.equal(sim.requests().length, afterWarm * 2, 'refreshed: both lists read again');
    assert.equal(directory.indexState().builtAt, now);
    directory.invalidate();
    await directory.lookup('user2@acme.example');
    assert.equal(sim.requests().length, afterWarm * 3);
  });

  test('concurrent lookups on a cold directory share one read of the users', async () => {
    const directory = sim.directory();
    await Promise.all([directory.lookup('user1@acme.example'), directory.lookup('nobody@acme.example')]);
    assert.equal(userPages(sim.requests()), 8);
  });
});
