/**
 * The contract with real portals: replies recorded from real Hexnode portals (fixtures/recorded-replies.ts,
 * not the simulator) replayed through the real client and its schemas. When a portal shows a new shape, add
 * it here first: the next mismatch is caught by this test, not by a customer.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { http, HttpResponse } from 'msw';
import {
  HexnodeBadRequestError,
  HexnodeDirectory,
  HexnodeNotFoundError,
  HexnodeRateLimitError,
} from '@hexnode-offboard/core';
import {
  ASSEMBLED_DEVICE_GROUP_CHANGED,
  ASSEMBLED_DEVICE_GROUP_DETAIL,
  ASSEMBLED_DEVICE_GROUP_ITEM,
  ASSEMBLED_USER_GROUP_CREATED,
  ASSEMBLED_USER_GROUP_DETAIL,
  assembledDeviceDetail,
  VERBATIM_DEVICE_ITEM,
  VERBATIM_ERRORS,
  VERBATIM_USER_PAGE,
} from './fixtures/recorded-replies.js';
import { BASE, makeClient, use, useMswServer } from './harness.js';

useMswServer();

const raw = (body: string, status = 200) =>
  new HttpResponse(body, { status, headers: { 'content-type': 'application/json' } });
const page = (items: readonly string[]) =>
  raw(`{"count": ${items.length}, "next": null, "previous": null, "results": [${items.join(', ')}]}`);

describe('recorded replies from real portals', () => {
  test('a recorded users page parses, with null and empty emails and phone numbers as null', async () => {
    use(http.get(`${BASE}users/`, () => raw(VERBATIM_USER_PAGE)));
    const result = await makeClient({ retry: false }).users.getPage(1);
    assert.equal(result.count, 2);
    assert.equal(result.next, 'https://acme.hexnodemdm.com/api/v1/users/?page=2&per_page=100');
    assert.deepEqual(result.results, [
      {
        id: 2,
        name: 'Creativice Test',
        email: 'someone@example.com',
        phoneno: null,
        domain: 'local',
        totalDevices: 0,
      },
      { id: 1, name: 'Default User', email: null, phoneno: null, domain: 'local', totalDevices: 1 },
    ]);
  });

  test('a recorded device list item parses', async () => {
    use(http.get(`${BASE}devices/`, () => page([VERBATIM_DEVICE_ITEM])));
    const [device] = (await makeClient().devices.getPage(1)).results;
    assert.deepEqual(
      {
        id: device!.id,
        name: device!.name,
        user: device!.user,
        serial: device!.serial,
        status: device!.enrollmentStatus,
      },
      {
        id: 1,
        name: 'OnePlusONEPLUS A5000',
        user: { id: 1, name: 'Default User' },
        serial: 'eg2a22c1ege2',
        status: 'enrolled',
      },
    );
  });

  test('a device detail with the recorded integer owned_by and every recorded field parses as corporate', async () => {
    use(http.get(`${BASE}devices/1/`, () => HttpResponse.json(assembledDeviceDetail())));
    const detail = await makeClient().devices.get(1);
    assert.equal(detail.ownership, 'corporate');
    assert.equal(detail.name, 'OnePlusONEPLUS A5000');
    assert.equal(detail.lastReported, '2022-04-04T12:04:09.609Z');
    assert.deepEqual(detail.user, {
      id: 1,
      name: 'Default User',
      email: null,
      phoneno: null,
      alternateEmail: 'someone@example.com',
    });
  });

  test('owned_by 1 is personal', async () => {
    use(http.get(`${BASE}devices/1/`, () => HttpResponse.json(assembledDeviceDetail({ owned_by: 1 }))));
    assert.equal((await makeClient().devices.get(1)).ownership, 'personal');
  });

  test('an address only in alternate_email never makes the device its owner', async () => {
    use(http.get(`${BASE}devices/1/`, () => HttpResponse.json(assembledDeviceDetail())));
    const directory = new HexnodeDirectory(makeClient());
    const check = await directory.verifyOwnership(1, 'someone@example.com');
    assert.equal(check.owned, false);
    assert.equal(check.device?.user?.alternateEmail, 'someone@example.com');
  });

  test('group replies with their recorded keys parse', async () => {
    use(
      http.get(`${BASE}usergroups/5/`, () => HttpResponse.json(ASSEMBLED_USER_GROUP_DETAIL)),
      http.get(`${BASE}devicegroups/`, () => page([JSON.stringify(ASSEMBLED_DEVICE_GROUP_ITEM)])),
      http.get(`${BASE}devicegroups/3/`, () => HttpResponse.json(ASSEMBLED_DEVICE_GROUP_DETAIL)),
      http.post(`${BASE}usergroups/5/`, () =>
        HttpResponse.json(ASSEMBLED_USER_GROUP_CREATED, { status: 201 }),
      ),
      http.post(`${BASE}devicegroups/3/`, () => HttpResponse.json(ASSEMBLED_DEVICE_GROUP_CHANGED)),
    );
    const client = makeClient();
    const group = await client.userGroups.get(5);
    assert.deepEqual(
      group.users.map((user) => user.email),
      ['someone@example.com'],
    );
    const groups = [];
    for await (const item of client.deviceGroups.list()) groups.push(item);
    assert.equal(groups[0]!.groupType, 'custom');
    assert.equal(groups[0]!.deviceCount, 1);
    const detail = await client.deviceGroups.get(3);
    assert.deepEqual(detail.devices[0], {
      id: 1,
      name: 'OnePlusONEPLUS A5000',
      userId: 1,
      userName: 'Default User',
      model: 'ONEPLUS A5000',
      platform: 'android',
    });
    await client.userGroups.addMembers(5, [2]);
    await client.deviceGroups.removeMembers(3, [1]);
  });

  test('the recorded error bodies become the right typed errors', async () => {
    use(
      http.get(`${BASE}usergroups/9/`, () =>
        raw(VERBATIM_ERRORS.userGroupNotFound.body, VERBATIM_ERRORS.userGroupNotFound.status),
      ),
      http.get(`${BASE}users/`, () =>
        raw(VERBATIM_ERRORS.invalidPage.body, VERBATIM_ERRORS.invalidPage.status),
      ),
      http.post(`${BASE}actions/lock_devices/`, () =>
        raw(VERBATIM_ERRORS.appGroupDoesNotExist.body, VERBATIM_ERRORS.appGroupDoesNotExist.status),
      ),
      http.get(`${BASE}devices/`, () =>
        raw(VERBATIM_ERRORS.throttled.body, VERBATIM_ERRORS.throttled.status),
      ),
    );
    // The recorded 429 announces a wait of about a minute: a budget that may wait 5 s gives up on it at once
    // (waiting a 429 out is the pacing tests' subject), instead of waiting it out twice in real time.
    const client = makeClient({ retry: false, budget: { maxWaitMs: 5_000 } });
    const missing = await client.userGroups.get(9).catch((error: unknown) => error);
    assert.ok(missing instanceof HexnodeNotFoundError);
    assert.match(missing.message, /usergroup not found/);
    const pastLast = await client.users.getPage(7).catch((error: unknown) => error);
    assert.ok(pastLast instanceof HexnodeNotFoundError);
    assert.match(pastLast.message, /Invalid page\./);
    const refused = await client.actions.lock({ devices: [57] }).catch((error: unknown) => error);
    assert.ok(refused instanceof HexnodeBadRequestError);
    assert.match(refused.message, /does not exists with id \/57\//);
    const throttled = await client.devices.getPage(1).catch((error: unknown) => error);
    assert.ok(throttled instanceof HexnodeRateLimitError);
    assert.match(throttled.message, /throttled/);
  });
});
