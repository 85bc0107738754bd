import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inspect } from 'node:util';
import { delay, http, HttpResponse } from 'msw';
import {
  HexnodeAuthenticationError,
  HexnodeBadRequestError,
  HexnodeBusyError,
  HexnodeClient,
  HexnodeError,
  HexnodeInvalidResponseError,
  HexnodeNotFoundError,
  HexnodeRateLimitError,
  HexnodeUnavailableError,
  type HexnodeRequestInfo,
  type HexnodeResponseInfo,
} from '@hexnode-offboard/core';
import {
  API_KEY,
  BASE,
  fakeClock,
  makeClient,
  pagedList,
  rawDevice,
  rawUser,
  recordingWait,
  recordRequests,
  use,
  useMswServer,
} from './harness.js';

useMswServer();

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected the call to fail');
}

/** The key must not appear anywhere a caller or a logger could see it. */
function assertNoKey(error: unknown): void {
  const views = [
    String(error),
    (error as Error).stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: Infinity, showHidden: true }),
    JSON.stringify(Object.entries(error as object)),
  ];
  for (const view of views) assert.ok(!view.includes(API_KEY), `API key leaked in: ${view.slice(0, 200)}`);
}

describe('construction', () => {
  test('a portal name targets https://{portal}.hexnodemdm.com/api/v1/', () => {
    assert.equal(new HexnodeClient({ portal: 'acme', apiKey: API_KEY }).baseUrl, BASE);
    assert.equal(
      new HexnodeClient({ portal: 'Big-Corp-7', apiKey: API_KEY }).baseUrl,
      'https://big-corp-7.hexnodemdm.com/api/v1/',
    );
  });

  test('a base URL without a trailing slash gets one', () => {
    const client = new HexnodeClient({ baseUrl: 'http://127.0.0.1:4010/api/v1', apiKey: API_KEY });
    assert.equal(client.baseUrl, 'http://127.0.0.1:4010/api/v1/');
  });

  test('a portal that is not a DNS label is rejected with a clear error', () => {
    for (const portal of [
      'acme.evil.example',
      'ac me',
      '',
      '-acme',
      'acme/',
      'https://acme.hexnodemdm.com',
      'a'.repeat(64),
    ]) {
      assert.throws(
        () => new HexnodeClient({ portal, apiKey: API_KEY }),
        /`portal` must be the portal name/,
        portal,
      );
    }
  });

  test('a base URL must be absolute http(s) without credentials, query or fragment', () => {
    const cases: [string, RegExp][] = [
      ['/api/v1/', /absolute http\(s\) URL/],
      ['acme.hexnodemdm.com/api/v1/', /absolute http\(s\) URL/],
      ['ftp://acme.example/api/v1/', /http or https/],
      ['javascript:alert(1)', /http or https/],
      ['https://user:pw@acme.example/api/v1/', /credentials/],
      ['https://acme.example/api/v1/?x=1', /query string/],
    ];
    for (const [baseUrl, message] of cases) {
      assert.throws(() => new HexnodeClient({ baseUrl, apiKey: API_KEY }), message, baseUrl);
    }
  });

  test('portal and base URL together, neither, or a missing key are rejected', () => {
    assert.throws(() => new HexnodeClient({ portal: 'acme', baseUrl: BASE, apiKey: API_KEY }), /not both/);
    assert.throws(() => new HexnodeClient({ apiKey: API_KEY }), /`portal` or `baseUrl` is required/);
    assert.throws(() => new HexnodeClient({ portal: 'acme', apiKey: '' }), /`apiKey` is required/);
    assert.throws(() => new HexnodeClient({ portal: 'acme', apiKey: 'a\nb' }), /single line/);
    assert.throws(() => new HexnodeClient({ portal: 'acme', apiKey: API_KEY, timeoutMs: 0 }), /timeoutMs/);
    assert.throws(
      () => new HexnodeClient({ portal: 'acme', apiKey: API_KEY, retry: { limit: -1 } }),
      /retry.limit/,
    );
  });

  test('the client object does not expose the key when inspected or serialised', () => {
    const client = makeClient();
    assert.ok(!inspect(client, { depth: Infinity, showHidden: true }).includes(API_KEY));
    assert.ok(!JSON.stringify(client).includes(API_KEY));
  });
});

describe('requests and paging', () => {
  test('the raw key is sent as the Authorization header, without a scheme', async () => {
    const requests = recordRequests();
    use(pagedList('users/', [rawUser(1, 'a@acme.example')]));
    await collect(makeClient().users.list());
    assert.equal(requests[0]?.authorization, API_KEY);
  });

  test('list follows the absolute next links across several pages', async () => {
    const requests = recordRequests();
    const users = Array.from({ length: 7 }, (_, i) => rawUser(i + 1, `user${i + 1}@acme.example`));
    use(pagedList('users/', users));
    const listed = await collect(makeClient().users.list({ perPage: 3 }));
    assert.deepEqual(
      listed.map((user) => user.id),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.deepEqual(
      requests.map((request) => request.url.search),
      ['?per_page=3', '?page=2&per_page=3', '?page=3&per_page=3'],
    );
  });

  test('listPages yields each DRF page with its count and links', async () => {
    use(pagedList('devices/', [rawDevice(1, 1), rawDevice(2, 1), rawDevice(3, null)]));
    const pages = await collect(makeClient().devices.listPages({ perPage: 2 }));
    assert.equal(pages.length, 2);
    assert.equal(pages[0]?.count, 3);
    assert.equal(pages[0]?.next, `${BASE}devices/?page=2&per_page=2`);
    assert.equal(pages[1]?.next, null);
  });

  test('perPage is capped at 250: 250 is sent as is, 251 is refused before any request', async () => {
    const requests = recordRequests();
    use(pagedList('users/', [rawUser(1, 'a@acme.example')]));
    await collect(makeClient().users.list({ perPage: 250 }));
    assert.equal(requests[0]?.url.searchParams.get('per_page'), '250');
    assert.throws(() => makeClient().users.list({ perPage: 251 }), RangeError);
    assert.throws(() => makeClient().users.list({ perPage: 0 }), RangeError);
    assert.equal(requests.length, 1);
  });

  test('a next link to another server is refused and never requested', async () => {
    const requests = recordRequests();
    use(
      http.get(`${BASE}users/`, () =>
        HttpResponse.json({
          count: 2,
          next: 'https://evil.example/api/v1/users/?page=2',
          previous: null,
          results: [rawUser(1, 'a@acme.example')],
        }),
      ),
    );
    const error = await rejection(collect(makeClient().users.list()));
    assert.ok(error instanceof HexnodeInvalidResponseError);
    assert.equal(error.field, 'next');
    assert.equal(requests.length, 1);
  });

  test('a next link that loops back is an invalid response, not an endless loop', async () => {
    use(
      http.get(`${BASE}users/`, () =>
        HttpResponse.json({
          count: 2,
          next: `${BASE}users/?page=1`,
          previous: null,
          results: [rawUser(1, 'a@acme.example')],
        }),
      ),
    );
    const error = await rejection(collect(makeClient().users.list()));
    assert.ok(error instanceof HexnodeInvalidResponseError);
  });

  test('hooks see method, path, attempt and status, never headers', async () => {
    const seen: (HexnodeRequestInfo | HexnodeResponseInfo)[] = [];
    use(pagedList('users/', [rawUser(1, 'a@acme.example')]));
    const client = makeClient({
      hooks: { beforeRequest: (info) => void seen.push(info), afterResponse: (info) => void seen.push(info) },
    });
    await collect(client.users.list());
    assert.equal(seen.length, 2);
    assert.deepEqual(
      { ...seen[1], durationMs: 0 },
      {
        method: 'GET',
        path: '/users/',
        url: `${BASE}users/?per_page=100`,
        attempt: 1,
        status: 200,
        durationMs: 0,
        willRetry: false,
      },
    );
    assert.ok(!JSON.stringify(seen).includes(API_KEY));
  });

  test('a custom fetch is used instead of the global one', async () => {
    const urls: string[] = [];
    const client = makeClient({
      fetch: async (input) => {
        urls.push(input instanceof Request ? input.url : String(input));
        return Response.json(rawUser(5, 'five@acme.example'));
      },
    });
    const user = await client.users.get(5);
    assert.equal(user.email, 'five@acme.example');
    assert.deepEqual(urls, [`${BASE}users/5/`]);
  });

  test('ids that are not positive integers never reach a URL', async () => {
    const client = makeClient();
    assert.throws(() => client.users.get(Number('1/../../x')), TypeError);
    assert.throws(() => client.devices.get(-1), TypeError);
    assert.throws(() => client.devices.get(1.5), TypeError);
  });
});

describe('validation at the boundary', () => {
  test('users come camelCased, with "" and null emails and phone numbers both read as null', async () => {
    use(
      pagedList('users/', [
        rawUser(1, 'Mixed.Case@Acme.Example'),
        rawUser(2, ''),
        rawUser(3, null, { phoneno: null, total_devices: 4 }),
      ]),
    );
    const users = await collect(makeClient().users.list());
    assert.deepEqual(users[0], {
      id: 1,
      name: 'User 1',
      email: 'Mixed.Case@Acme.Example',
      phoneno: null,
      domain: 'local',
      totalDevices: 0,
    });
    assert.equal(users[1]?.email, null);
    assert.equal(users[2]?.email, null);
    assert.equal(users[2]?.totalDevices, 4);
  });

  test('unknown extra fields are tolerated and dropped', async () => {
    use(pagedList('devices/', [rawDevice(1, 1, { battery: 80, nested: { anything: [1, 2] } })]));
    const [device] = await collect(makeClient().devices.list());
    assert.equal(device?.id, 1);
    assert.equal(device?.name, 'Device 1');
    assert.equal(device?.osVersion, '15');
    assert.ok(!('battery' in (device ?? {})));
  });

  test('a missing field is an invalid-response error naming the field and the endpoint', async () => {
    const broken = rawDevice(2, 1) as Record<string, unknown>;
    delete broken.last_reported;
    use(pagedList('devices/', [rawDevice(1, 1), broken]));
    const error = await rejection(collect(makeClient().devices.list()));
    assert.ok(error instanceof HexnodeInvalidResponseError);
    assert.equal(error.field, 'results[1].last_reported');
    assert.equal(error.endpoint, 'GET /devices/');
    assert.match(error.message, /results\[1\]\.last_reported/);
  });

  test('malformed JSON is an invalid-response error', async () => {
    use(http.get(`${BASE}users/7/`, () => new HttpResponse('{"id": 7, "name": ', { status: 200 })));
    const error = await rejection(makeClient().users.get(7));
    assert.ok(error instanceof HexnodeInvalidResponseError);
    assert.match(error.message, /malformed JSON/);
    assert.equal(error.path, '/users/7/');
  });

  test('the device detail is flattened and keeps the user email for the ownership check', async () => {
    use(
      http.get(`${BASE}devices/9/`, () =>
        HttpResponse.json({
          id: 9,
          udid: 'u9',
          platform: 'ios',
          owned_by: 2,
          enrollment_status: 'enrolled',
          enrolled_time: '2026-01-01T00:00:00Z',
          lastreported: '2026-11-24T00:00:00Z',
          lostmode: false,
          user: { id: 4, name: 'Jane', email: 'jane@acme.example', phoneno: '', alternate_email: '' },
          device: {
            device_name: 'Jane iPhone',
            os_name: 'iOS',
            os_version: '18.1',
            model_name: 'iPhone 15',
            serial_number: 'S9',
          },
          network: { wifi_mac: 'x' },
          applications: [],
        }),
      ),
    );
    const device = await makeClient().devices.get(9);
    assert.equal(device.name, 'Jane iPhone');
    assert.equal(device.lastReported, '2026-11-24T00:00:00Z');
    assert.deepEqual(device.user, {
      id: 4,
      name: 'Jane',
      email: 'jane@acme.example',
      phoneno: null,
      alternateEmail: null,
    });
    assert.equal(device.ownership, 'corporate');
  });

  test('owned_by is read as an integer (1 personal, 2 corporate), leniently as text, and anything else is unknown', async () => {
    const cases: [unknown, string][] = [
      [1, 'personal'],
      [2, 'corporate'],
      ['1', 'personal'],
      ['2', 'corporate'],
      ['Personal', 'personal'],
      ['Corporate', 'corporate'],
      [3, 'unknown'],
      ['Shared', 'unknown'],
      [null, 'unknown'],
      [undefined, 'unknown'],
      [{ id: 2 }, 'unknown'],
    ];
    for (const [ownedBy, expected] of cases) {
      use(
        http.get(`${BASE}devices/9/`, () =>
          HttpResponse.json({
            id: 9,
            enrollment_status: 'enrolled',
            ...(ownedBy === undefined ? {} : { owned_by: ownedBy }),
            user: { id: 4, email: 'jane@acme.example' },
          }),
        ),
      );
      const device = await makeClient().devices.get(9);
      assert.equal(device.ownership, expected, `owned_by ${JSON.stringify(ownedBy)}`);
    }
  });

  test('a wrong type in a detail field the kit does not use never fails the read; a missing field it uses does', async () => {
    use(
      http.get(`${BASE}devices/9/`, () =>
        HttpResponse.json({
          id: 9,
          owned_by: 2,
          enrollment_status: 'enrolled',
          platform: 7,
          lostmode: 'no',
          lastreported: { at: 1 },
          user: { id: 4, name: null, email: null, alternate_email: 'jane@acme.example', phoneno: 44 },
          device: 'not an object',
          network: [],
          policies: 'none',
        }),
      ),
      http.get(`${BASE}devices/10/`, () =>
        HttpResponse.json({ id: 10, owned_by: 2, enrollment_status: 'enrolled', user: { id: 4 } }),
      ),
    );
    const client = makeClient();
    const device = await client.devices.get(9);
    assert.equal(device.platform, '7');
    assert.equal(device.lostMode, null);
    assert.equal(device.lastReported, null);
    assert.equal(device.name, '');
    assert.deepEqual(device.user, {
      id: 4,
      name: '',
      email: null,
      phoneno: '44',
      alternateEmail: 'jane@acme.example',
    });
    const error = await rejection(client.devices.get(10));
    assert.ok(error instanceof HexnodeInvalidResponseError);
    assert.match(error.message, /user\.email/);
  });

  test('action status items map to pending / in_progress / success / failed', async () => {
    const item = (id: number, status: string) => ({
      id,
      action_name: 'Wipe Device',
      status,
      created_time: '2026-11-25T10:00:00Z',
      modified_time: null,
    });
    use(
      pagedList('devices/3/action_status/', [
        item(1, 'Pending'),
        item(2, 'In progress'),
        item(3, 'Success'),
        item(4, 'Failed'),
      ]),
    );
    const commands = await makeClient().devices.actionStatus(3);
    assert.deepEqual(
      commands.map((command) => command.status),
      ['pending', 'in_progress', 'success', 'failed'],
    );
    assert.equal(commands[0]?.actionName, 'Wipe Device');
    assert.equal(commands[0]?.updatedAt, null);
  });
});

describe('errors', () => {
  test('a wrong key is an authentication error naming method and path', async () => {
    use(http.get(`${BASE}users/`, () => HttpResponse.json({ detail: 'Invalid token.' }, { status: 401 })));
    const error = await rejection(collect(makeClient().users.list()));
    assert.ok(error instanceof HexnodeAuthenticationError);
    assert.equal(error.status, 401);
    assert.equal(error.method, 'GET');
    assert.equal(error.path, '/users/');
    assert.match(error.message, /Invalid token\..*GET \/users\/ -> 401/);
    assertNoKey(error);
  });

  test('a 404 is a not-found error carrying the detail', async () => {
    use(http.get(`${BASE}devices/404/`, () => HttpResponse.json({ detail: 'Not found.' }, { status: 404 })));
    const error = await rejection(makeClient().devices.get(404));
    assert.ok(error instanceof HexnodeNotFoundError);
    assert.match(error.message, /Not found\./);
    assert.equal(error.path, '/devices/404/');
  });

  test('a 400 keeps the DRF field errors; a bare list lands under non_field_errors', async () => {
    use(
      http.post(`${BASE}users/`, () =>
        HttpResponse.json({ email: ['Enter a valid email address.'] }, { status: 400 }),
      ),
      http.post(`${BASE}usergroups/57/`, () =>
        HttpResponse.json(['AppGroup does not exists with id /57/'], { status: 400 }),
      ),
    );
    const client = makeClient();
    const first = await rejection(client.users.create({ name: 'A', email: 'a@acme.example' }));
    assert.ok(first instanceof HexnodeBadRequestError);
    assert.deepEqual(first.fieldErrors, { email: ['Enter a valid email address.'] });
    const second = await rejection(client.userGroups.addMembers(57, [1]));
    assert.ok(second instanceof HexnodeBadRequestError);
    assert.deepEqual(second.fieldErrors, { non_field_errors: ['AppGroup does not exists with id /57/'] });
  });

  test("a 429 is waited out for the time DRF's text announces, else Retry-After, else a window, then sent again", async () => {
    const requests = recordRequests();
    const answers = [
      { detail: 'Request was throttled. Expected available in 2.5 seconds.', retryAfter: '3' },
      { detail: 'Request was throttled.', retryAfter: '2' },
      { detail: 'Request was throttled.', retryAfter: null },
    ];
    let calls = 0;
    use(
      http.get(`${BASE}users/3/`, () => {
        const answer = answers[calls++];
        if (!answer) return HttpResponse.json(rawUser(3, 'three@acme.example'));
        const headers: Record<string, string> = answer.retryAfter ? { 'Retry-After': answer.retryAfter } : {};
        return HttpResponse.json({ detail: answer.detail }, { status: 429, headers });
      }),
    );
    const clock = fakeClock();
    const user = await makeClient({ budget: { now: clock.now, sleep: clock.sleep } }).users.get(3);
    assert.equal(user.id, 3);
    assert.equal(requests.length, 4);
    assert.deepEqual(clock.sleeps, [2500, 2000, 60_000]);
  });

  test('a 429 announcing a wait beyond maxWaitMs fails at once with HexnodeBusyError carrying retryAfter', async () => {
    const requests = recordRequests();
    use(
      http.get(`${BASE}users/3/`, () =>
        HttpResponse.json(
          { detail: 'Request was throttled. Expected available in 119.2 seconds.' },
          { status: 429, headers: { 'Retry-After': '120' } },
        ),
      ),
    );
    const clock = fakeClock();
    const client = makeClient({ budget: { maxWaitMs: 30_000, now: clock.now, sleep: clock.sleep } });
    const error = await rejection(client.users.get(3));
    assert.ok(error instanceof HexnodeBusyError);
    assert.ok(error instanceof HexnodeRateLimitError);
    assert.equal(error.code, 'hexnode_busy');
    assert.equal(error.retryAfter, 120);
    assert.equal(error.status, 429);
    assert.equal(requests.length, 1);
    assert.deepEqual(clock.sleeps, []);
    const next = await rejection(client.users.get(4));
    assert.ok(next instanceof HexnodeBusyError, 'the portal stays blocked for every call');
    assert.equal(requests.length, 1, 'and nothing more is sent');
  });

  test('a 429 on an action POST means Hexnode did not act: it is sent once more after the wait', async () => {
    const requests = recordRequests();
    let calls = 0;
    use(
      http.post(`${BASE}actions/lock_devices/`, () =>
        ++calls === 1
          ? HttpResponse.json(
              { detail: 'Request was throttled. Expected available in 40.0 seconds.' },
              { status: 429 },
            )
          : HttpResponse.json({ message: 'Action initiated successfully.' }),
      ),
    );
    const clock = fakeClock();
    await makeClient({ budget: { now: clock.now, sleep: clock.sleep } }).actions.lock({ devices: [1] });
    assert.equal(requests.length, 2);
    assert.deepEqual(clock.sleeps, [40_000]);
  });

  test('a 503 on a GET is retried with jittered, growing backoff, then reported as unavailable', async () => {
    const requests = recordRequests();
    use(http.get(`${BASE}users/`, () => new HttpResponse('<html>503</html>', { status: 503 })));
    const { waits, wait } = recordingWait();
    const error = await rejection(
      collect(makeClient({ retry: { wait, limit: 3, baseDelayMs: 100 } }).users.list()),
    );
    assert.ok(error instanceof HexnodeUnavailableError);
    assert.equal(error.reason, 'server_error');
    assert.equal(requests.length, 4);
    assert.equal(waits.length, 3);
    const bounds = [100, 200, 400];
    waits.forEach((ms, i) =>
      assert.ok(ms >= bounds[i]! / 2 && ms <= bounds[i]!, `wait ${ms} for retry ${i + 1}`),
    );
  });

  test('a 503 on an action POST is sent exactly once and reported as unavailable', async () => {
    const requests = recordRequests();
    use(http.post(`${BASE}actions/wipe_device/`, () => new HttpResponse(null, { status: 503 })));
    const { waits, wait } = recordingWait();
    const error = await rejection(
      makeClient({ retry: { wait } }).actions.wipe({ devices: [1] }, { mode: 'complete' }),
    );
    assert.ok(error instanceof HexnodeUnavailableError);
    assert.equal(error.method, 'POST');
    assert.equal(error.path, '/actions/wipe_device/');
    assert.equal(requests.length, 1);
    assert.deepEqual(waits, []);
  });

  test('a network failure on an action POST is not retried either', async () => {
    const requests = recordRequests();
    use(http.post(`${BASE}actions/lock_devices/`, () => HttpResponse.error()));
    const error = await rejection(makeClient().actions.lock({ devices: [1] }));
    assert.ok(error instanceof HexnodeUnavailableError);
    assert.equal(error.reason, 'network');
    assert.equal(requests.length, 1);
    assertNoKey(error);
  });

  test('no answer within the timeout is an unavailable error with reason timeout', async () => {
    const requests = recordRequests();
    use(
      http.get(`${BASE}users/1/`, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const error = await rejection(
      makeClient({ timeoutMs: 50, retry: { limit: 1, wait: async () => {} } }).users.get(1),
    );
    assert.ok(error instanceof HexnodeUnavailableError);
    assert.equal(error.reason, 'timeout');
    assert.equal(requests.length, 2, 'a read that timed out is retried');
    assertNoKey(error);
  });

  test('other 4xx answers are plain HexnodeErrors with the status', async () => {
    use(
      http.get(`${BASE}users/2/`, () =>
        HttpResponse.json({ detail: 'Method "GET" not allowed.' }, { status: 405 }),
      ),
    );
    const error = await rejection(makeClient().users.get(2));
    assert.ok(error instanceof HexnodeError);
    assert.equal(error.constructor, HexnodeError);
    assert.equal(error.status, 405);
  });

  test('the API key is absent from every error, even when the server echoes it', async () => {
    use(
      http.get(`${BASE}users/1/`, () =>
        HttpResponse.json({ detail: `Invalid token ${API_KEY}` }, { status: 401 }),
      ),
      http.get(`${BASE}users/2/`, () => HttpResponse.json({ detail: 'Not found.' }, { status: 404 })),
      http.post(`${BASE}users/`, () => HttpResponse.json({ email: [`bad ${API_KEY}`] }, { status: 400 })),
      http.get(`${BASE}users/3/`, () =>
        HttpResponse.json({}, { status: 429, headers: { 'Retry-After': '999' } }),
      ),
      http.get(`${BASE}users/4/`, () => new HttpResponse(API_KEY, { status: 500 })),
      http.get(`${BASE}users/5/`, () => HttpResponse.error()),
      http.get(`${BASE}users/6/`, () => new HttpResponse('not json', { status: 200 })),
      http.get(`${BASE}users/7/`, () => HttpResponse.json({ id: 7, name: API_KEY })),
      http.get(`${BASE}users/8/`, () => HttpResponse.json({ id: 8, name: 'x', email: 5, [API_KEY]: 1 })),
    );
    const client = makeClient({ retry: false });
    const errors = await Promise.all([
      rejection(client.users.get(1)),
      rejection(client.users.get(2)),
      rejection(client.users.create({ name: 'A', email: 'a@acme.example' })),
      rejection(client.users.get(3)),
      rejection(client.users.get(4)),
      rejection(client.users.get(5)),
      rejection(client.users.get(6)),
      rejection(client.users.get(8)),
    ]);
    const kinds = new Set(errors.map((error) => (error as Error).name));
    assert.ok(kinds.size >= 6, `covered ${[...kinds].join(', ')}`);
    for (const error of errors) {
      assert.ok(error instanceof HexnodeError);
      assert.ok(error.method && error.path, 'names method and path');
      assertNoKey(error);
    }
    assert.ok((errors[0] as Error).message.includes('[redacted]'));
  });
});

describe('actions', () => {
  test('each action posts its catalogue path with the plural target selector and its fields', async () => {
    const requests = recordRequests();
    use(
      http.post(`${BASE}actions/:name/`, () =>
        HttpResponse.json({ message: 'Action initiated successfully.' }),
      ),
    );
    const actions = makeClient().actions;
    await actions.lock(
      { devices: [1, 2] },
      { message: 'Return to IT', phoneNumber: '+49 30 1234', systemLockPin: '123456' },
    );
    await actions.wipe({ users: [7] }, { mode: 'corporate', fields: { wipe_type: 'corporate' } });
    await actions.clearPasscode({ devices: [3] });
    await actions.enableLostMode({ devicegroups: [4] }, { message: 'Lost' });
    await actions.disableLostMode({ devices: [5] });
    await actions.disenroll({ usergroups: [6] });
    await actions.message({ devices: [8] }, { message: 'Hello' });
    await new Promise((resolve) => setTimeout(resolve, 10)); // let the recorder finish reading bodies
    assert.deepEqual(
      requests.map((request) => [request.url.pathname.replace('/api/v1/', ''), request.body]),
      [
        [
          'actions/lock_devices/',
          {
            devices: [1, 2],
            message: 'Return to IT',
            phone_number: '+49 30 1234',
            system_lock_pin: '123456',
          },
        ],
        ['actions/wipe_device/', { users: [7], wipe_type: 'corporate' }],
        ['actions/clear_passcode/', { devices: [3] }],
        ['actions/enable_lost_mode/', { devicegroups: [4], message: 'Lost' }],
        ['actions/disable_lost_mode/', { devices: [5] }],
        ['actions/disenroll_device/', { usergroups: [6] }],
        ['actions/message/', { devices: [8], message: 'Hello' }],
      ],
    );
  });

  test('a bad target or option is refused before anything is sent', async () => {
    const requests = recordRequests();
    const actions = makeClient().actions;
    await assert.rejects(actions.lock({}), /names no users/);
    await assert.rejects(actions.lock({ devices: [] }), /names no users/);
    await assert.rejects(actions.lock({ devices: [0] }), TypeError);
    await assert.rejects(actions.lock({ device: [1] } as never), /unknown keys: device/);
    await assert.rejects(actions.wipe({ devices: [1] }, { mode: 'everything' as never }), /mode/);
    await assert.rejects(actions.lock({ devices: [1] }, { systemLockPin: '12' }), /six digits/);
    assert.equal(requests.length, 0);
  });

  test('users.create sends a one-element list and reads the created user', async () => {
    const requests = recordRequests();
    use(
      http.post(`${BASE}users/`, () => HttpResponse.json(rawUser(42, 'new@acme.example'), { status: 201 })),
    );
    const user = await makeClient().users.create({ name: ' New ', email: 'new@acme.example' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(user.id, 42);
    assert.deepEqual(requests[0]?.body, [{ name: 'New', email: 'new@acme.example' }]);
  });

  test('group membership changes always post both the add_* and the remove_* list', async () => {
    const requests = recordRequests();
    use(
      http.post(`${BASE}usergroups/:id/`, () => HttpResponse.json({})),
      http.post(`${BASE}devicegroups/:id/`, () => HttpResponse.json({})),
    );
    const client = makeClient();
    await client.userGroups.addMembers(1, [2, 3]);
    await client.userGroups.removeMembers(1, [3]);
    await client.deviceGroups.addMembers(4, [5]);
    await client.deviceGroups.removeMembers(4, [5]);
    await client.userGroups.changeMembers(1, { add: [7], remove: [8] });
    await assert.rejects(client.userGroups.changeMembers(1, {}), /at least one id/);
    await new Promise((resolve) => setTimeout(resolve, 10));
    // Hexnode requires both keys in every change [C].
    assert.deepEqual(
      requests.map((request) => request.body),
      [
        { add_users: [2, 3], remove_users: [] },
        { add_users: [], remove_users: [3] },
        { add_devices: [5], remove_devices: [] },
        { add_devices: [], remove_devices: [5] },
        { add_users: [7], remove_users: [8] },
      ],
    );
  });
});
