/**
 * The security suite: every bad request runs against the handler wired to the simulator, and each test
 * asserts both the answer and that Hexnode received no action.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { beforeEach, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { createMemoryStore, DEFAULT_CLOCK_TOLERANCE_MS, type OffboardStore } from '@hexnode-offboard/proxy';
import { createSqliteStore } from '@hexnode-offboard/proxy/node';
import { startSimulator } from '@hexnode-offboard/simulator/node';
import {
  ACTORS,
  API_KEY,
  BASE,
  JANE,
  ORIGIN,
  SAM,
  SECRET,
  actionBody,
  browserRequest,
  deviceIdsOf,
  makeHandler,
  problemOf,
  useSimulator,
  tokenFor,
} from './support/harness.js';
import { tempDir } from './support/stores.js';

const sim = useSimulator();
let store: OffboardStore;
let handler: ReturnType<typeof makeHandler>;

beforeEach(() => {
  store = createMemoryStore();
  handler = makeHandler(sim, { store });
});

async function assertRefused(
  response: Response,
  status: number,
  code: string,
): Promise<Record<string, unknown>> {
  const problem = await problemOf(response);
  assert.deepEqual({ status: problem.status, code: problem.code }, { status, code });
  assert.equal(response.headers.get('content-type'), 'application/problem+json');
  assert.match(response.headers.get('x-request-id') ?? '', /^req_/);
  assert.deepEqual(sim.simulator.actionsSent(), [], 'Hexnode must receive no action');
  return problem.body;
}

describe('method and route', () => {
  test('GET on the mutating actions route is 405 with Allow: POST', async () => {
    const response = await handler(browserRequest('/actions', null, { method: 'GET' }));
    assert.equal(response.headers.get('allow'), 'POST');
    await assertRefused(response, 405, 'method_not_allowed');
  });

  test('GET on preview, and PUT, DELETE and OPTIONS on actions, are 405', async () => {
    await assertRefused(
      await handler(browserRequest('/preview', null, { method: 'GET' })),
      405,
      'method_not_allowed',
    );
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      await assertRefused(
        await handler(browserRequest('/actions', actionBody(sim.simulator), { method })),
        405,
        'method_not_allowed',
      );
    }
  });

  test('unknown routes are 404 not_found; a path outside the base path is 404 base_path_mismatch', async () => {
    await assertRefused(
      await handler(browserRequest('/actions/x/y', null, { method: 'GET' })),
      404,
      'not_found',
    );
    await assertRefused(await handler(browserRequest('/wipe', actionBody(sim.simulator))), 404, 'not_found');
    await assertRefused(
      await handler(new Request(`${ORIGIN}/api/other/actions`, { method: 'POST' })),
      404,
      'base_path_mismatch',
    );
  });
});

describe('content type and size', () => {
  for (const [label, contentType, rawBody] of [
    ['text/plain', 'text/plain', JSON.stringify({ employee: { email: JANE } })],
    ['a form body', 'application/x-www-form-urlencoded', 'employee=jane'],
    ['multipart', 'multipart/form-data; boundary=x', '--x\r\n\r\nemployee\r\n--x--'],
    ['a JSON look-alike media type', 'application/json-patch+json', '{}'],
    ['JSON in another charset', 'application/json; charset=utf-16', '{}'],
    ['no Content-Type', null, '{}'],
  ] as const) {
    test(`${label} is 415 on actions`, async () => {
      await assertRefused(
        await handler(browserRequest('/actions', null, { contentType, rawBody })),
        415,
        'unsupported_media_type',
      );
    });
  }

  test('a body over 16 KB is 413', async () => {
    const body = actionBody(sim.simulator, { reason: 'x'.repeat(17 * 1024) });
    await assertRefused(await handler(browserRequest('/actions', body)), 413, 'payload_too_large');
  });

  test('a streamed body over 16 KB without Content-Length is 413', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(4096));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const request = new Request(`${BASE}/preview`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Origin: ORIGIN,
        'X-Hexnode-Offboard': '1',
        Cookie: 'session=hr',
      },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    await assertRefused(await handler(request), 413, 'payload_too_large');
  });

  test('malformed JSON is 400', async () => {
    await assertRefused(
      await handler(browserRequest('/actions', null, { rawBody: '{"employee": {"email": ' })),
      400,
      'invalid_request',
    );
    await assertRefused(
      await handler(browserRequest('/preview', null, { rawBody: '' })),
      400,
      'invalid_request',
    );
  });
});

describe('schema', () => {
  const smuggled: [string, (body: Record<string, unknown>) => Record<string, unknown>][] = [
    ['a users selector', (body) => ({ ...body, users: [2] })],
    ['a usergroups selector', (body) => ({ ...body, usergroups: [1] })],
    ['a devicegroups selector', (body) => ({ ...body, devicegroups: [1] })],
    ['a devices selector next to deviceIds', (body) => ({ ...body, devices: [1, 2, 3] })],
    ['a selector inside options', (body) => ({ ...body, options: { mode: 'corporate', users: [2] } })],
    ['a Hexnode URL', (body) => ({ ...body, baseUrl: 'https://evil.hexnodemdm.com/api/v1/' })],
    ['a portal inside the employee', (body) => ({ ...body, employee: { email: JANE, portal: 'evil' } })],
    ['device ids as strings', (body) => ({ ...body, deviceIds: ['2', '3'] })],
    ['a negative device id', (body) => ({ ...body, deviceIds: [-1] })],
    ['an empty device list', (body) => ({ ...body, deviceIds: [] })],
    ['an unknown action', (body) => ({ ...body, action: 'format' })],
    // A wipe without a mode is the documented full wipe since #16; a mode on anything else is not.
    ['a mode on a lock', (body) => ({ ...body, action: 'lock', options: { mode: 'complete' } })],
    ['a reassignTo on a wipe', (body) => ({ ...body, options: { reassignTo: 61 } })],
    ['both request forms at once', (body) => ({ ...body, devices: [{ id: 2, action: 'wipe' }] })],
    [
      'a device twice in the per-device form',
      ({ action: _action, deviceIds: _ids, ...body }) => ({
        ...body,
        devices: [
          { id: 2, action: 'lock' },
          { id: 2, action: 'wipe' },
        ],
      }),
    ],
    ['a message on a wipe', (body) => ({ ...body, options: { mode: 'corporate', message: 'hi' } })],
  ];
  for (const [label, mutate] of smuggled) {
    test(`${label} is 400 invalid_request`, async () => {
      const body = mutate(actionBody(sim.simulator));
      const problem = await assertRefused(
        await handler(browserRequest('/actions', body)),
        400,
        'invalid_request',
      );
      assert.ok(
        Array.isArray(problem.errors) && problem.errors.length > 0,
        'the problem names the wrong fields',
      );
    });
  }

  test('a preview with extra fields is 400', async () => {
    await assertRefused(
      await handler(browserRequest('/preview', { employee: { email: JANE }, users: [2] })),
      400,
      'invalid_request',
    );
  });

  test('an action without an Idempotency-Key is 400 idempotency_key_missing', async () => {
    await assertRefused(
      await handler(browserRequest('/actions', actionBody(sim.simulator), { idempotencyKey: null })),
      400,
      'idempotency_key_missing',
    );
  });

  test('an Idempotency-Key with control characters or over 255 characters is 400', async () => {
    for (const key of ['a\tb', 'x'.repeat(256)]) {
      await assertRefused(
        await handler(browserRequest('/actions', actionBody(sim.simulator), { idempotencyKey: key })),
        400,
        'invalid_request',
      );
    }
  });
});

describe('CSRF in cookie mode', () => {
  for (const origin of [
    'https://evil.example',
    'https://hr.acme.example.evil.com',
    'https://evil.com/https://hr.acme.example',
    'http://hr.acme.example',
    'https://hr.acme.example/',
    'https://hr.acme.example:8443',
    'https://HR.ACME.EXAMPLE',
    'null',
  ]) {
    test(`Origin ${origin} is 403 origin_not_allowed`, async () => {
      await assertRefused(
        await handler(browserRequest('/actions', actionBody(sim.simulator), { origin })),
        403,
        'origin_not_allowed',
      );
    });
  }

  test('a request without Origin is 403 origin_not_allowed', async () => {
    await assertRefused(
      await handler(browserRequest('/actions', actionBody(sim.simulator), { origin: null })),
      403,
      'origin_not_allowed',
    );
  });

  test('Sec-Fetch-Site: cross-site is 403 origin_not_allowed even with an allowed Origin', async () => {
    await assertRefused(
      await handler(browserRequest('/actions', actionBody(sim.simulator), { secFetchSite: 'cross-site' })),
      403,
      'origin_not_allowed',
    );
    await assertRefused(
      await handler(browserRequest('/actions/act_x', null, { method: 'GET', secFetchSite: 'cross-site' })),
      403,
      'origin_not_allowed',
    );
  });

  test('a missing or wrong X-Hexnode-Offboard header is 403 csrf_header_missing', async () => {
    await assertRefused(
      await handler(browserRequest('/actions', actionBody(sim.simulator), { csrfHeader: null })),
      403,
      'csrf_header_missing',
    );
    await assertRefused(
      await handler(browserRequest('/preview', { employee: { email: JANE } }, { csrfHeader: 'true' })),
      403,
      'csrf_header_missing',
    );
  });

  test('without allowedOrigins only the handler’s own origin is accepted', async () => {
    const sameOriginOnly = makeHandler(sim, { store, allowedOrigins: undefined });
    await assertRefused(
      await sameOriginOnly(
        browserRequest('/actions', actionBody(sim.simulator), { origin: 'https://other.example' }),
      ),
      403,
      'origin_not_allowed',
    );
    const response = await sameOriginOnly(browserRequest('/preview', { employee: { email: JANE } }));
    assert.equal(response.status, 200);
  });

  test('a look-alike entry in allowedOrigins is refused when the handler is created', () => {
    assert.throws(() => makeHandler(sim, { allowedOrigins: ['https://hr.acme.example/'] }), TypeError);
    assert.throws(() => makeHandler(sim, { allowedOrigins: ['hr.acme.example'] }), TypeError);
  });
});

describe('authentication', () => {
  test('no session is 401 unauthenticated', async () => {
    await assertRefused(
      await handler(browserRequest('/actions', actionBody(sim.simulator), { actor: null })),
      401,
      'unauthenticated',
    );
    await assertRefused(
      await handler(browserRequest('/preview', { employee: { email: JANE } }, { actor: null })),
      401,
      'unauthenticated',
    );
  });

  test('an expired session token is 401 session_expired', async () => {
    const token = await tokenFor(ACTORS.hr, JANE, ['wipe'], 60, () => Date.now() - 120_000);
    await assertRefused(
      await handler(browserRequest('/actions', actionBody(sim.simulator), { token })),
      401,
      'session_expired',
    );
  });

  test('a token the handler already accepted is refused as session_expired once it expires', async () => {
    let clock = Date.UTC(2026, 10, 25, 9, 0, 0);
    const clocked = makeHandler(sim, { store, now: () => clock });
    const token = await tokenFor(ACTORS.hr, JANE, ['lock'], 60, () => clock);
    const preview = () => clocked(browserRequest('/preview', { employee: { email: JANE } }, { token }));
    assert.equal((await preview()).status, 200);
    clock += 30_000;
    assert.equal((await preview()).status, 200);
    clock += 30_000 + DEFAULT_CLOCK_TOLERANCE_MS;
    await assertRefused(await preview(), 401, 'session_expired');
  });

  test('a forged session token is 401 unauthenticated', async () => {
    const genuine = await tokenFor(ACTORS.hr, JANE, ['wipe']);
    const [header, payload] = genuine.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    await assertRefused(
      await handler(browserRequest('/actions', actionBody(sim.simulator), { token: forged })),
      401,
      'unauthenticated',
    );
    const { mintSessionToken } = await import('@hexnode-offboard/proxy');
    const otherSecret = await mintSessionToken({
      secret: 'another-secret-of-sufficient-length-000000',
      actor: ACTORS.hr,
      employee: JANE,
      actions: ['wipe'],
    });
    await assertRefused(
      await handler(browserRequest('/actions', actionBody(sim.simulator), { token: otherSecret })),
      401,
      'unauthenticated',
    );
  });

  test('sessionTokens.isRevoked refuses the tokens of a signed-out session, also one the handler already verified', async () => {
    const { mintSessionToken } = await import('@hexnode-offboard/proxy');
    const signedOut = new Set<string>();
    const asked: (string | undefined)[] = [];
    const revoking = makeHandler(sim, {
      store,
      sessionTokens: {
        secret: SECRET,
        isRevoked: (grant) => {
          asked.push(grant.sessionId);
          return grant.sessionId !== undefined && signedOut.has(grant.sessionId);
        },
      },
    });
    const mint = (session: string) =>
      mintSessionToken({ secret: SECRET, actor: ACTORS.hr, employee: JANE, actions: ['lock'], session });
    const morning = await mint('sess-morning');
    const afternoon = await mint('sess-afternoon');
    const preview = (token: string) =>
      revoking(browserRequest('/preview', { employee: { email: JANE } }, { token }));
    assert.equal((await preview(morning)).status, 200);
    signedOut.add('sess-morning');
    const refused = await revoking(
      browserRequest(
        '/actions',
        actionBody(sim.simulator, { action: 'lock', options: undefined, confirmation: JANE }),
        { token: morning },
      ),
    );
    const body = await assertRefused(refused, 401, 'unauthenticated');
    assert.match(String(body.detail), /session .* has ended/);
    assert.equal((await preview(afternoon)).status, 200);
    assert.deepEqual(asked, ['sess-morning', 'sess-morning', 'sess-afternoon']);
  });

  test('an isRevoked that throws or answers anything but false refuses the token (fails closed)', async () => {
    const token = await tokenFor(ACTORS.hr, JANE, ['wipe']);
    const throwing = makeHandler(sim, {
      store,
      logger: { error: () => undefined },
      sessionTokens: {
        secret: SECRET,
        isRevoked: () => {
          throw new Error('session store down');
        },
      },
    });
    await assertRefused(
      await throwing(browserRequest('/actions', actionBody(sim.simulator), { token })),
      500,
      'internal_error',
    );
    const forgetful = makeHandler(sim, {
      store,
      // A hook that forgot its return statement.
      sessionTokens: { secret: SECRET, isRevoked: (() => undefined) as unknown as () => boolean },
    });
    await assertRefused(
      await forgetful(browserRequest('/actions', actionBody(sim.simulator), { token })),
      401,
      'unauthenticated',
    );
  });

  test('token mode needs no CSRF header: a valid token from no Origin is accepted', async () => {
    const token = await tokenFor(ACTORS.hr, JANE, ['wipe']);
    const response = await handler(
      browserRequest('/actions', actionBody(sim.simulator), {
        token,
        origin: null,
        csrfHeader: null,
        secFetchSite: null,
      }),
    );
    assert.equal(response.status, 202);
    assert.equal(sim.simulator.actionsSent().length, 1);
  });
});

describe('authorization and scope', () => {
  test('an actor with no role is 403 on actions and preview', async () => {
    await assertRefused(
      await handler(browserRequest('/actions', actionBody(sim.simulator), { actor: 'norole' })),
      403,
      'forbidden',
    );
    await assertRefused(
      await handler(browserRequest('/preview', { employee: { email: JANE } }, { actor: 'norole' })),
      403,
      'forbidden',
    );
  });

  test('an actor allowed to lock but not wipe is 403 on a wipe', async () => {
    await assertRefused(
      await handler(browserRequest('/actions', actionBody(sim.simulator), { actor: 'lockOnly' })),
      403,
      'forbidden',
    );
  });

  test('an action the handler does not enable is 403 even for an actor allowed it', async () => {
    const lockAndWipeOnly = makeHandler(sim, { store, actions: ['lock', 'wipe'] });
    const body = actionBody(sim.simulator, { action: 'disenroll', options: undefined });
    await assertRefused(
      await lockAndWipeOnly(browserRequest('/actions', body, { actor: 'admin' })),
      403,
      'forbidden',
    );
  });

  test('an actor scoped to other employees is 403', async () => {
    await assertRefused(
      await handler(browserRequest('/actions', actionBody(sim.simulator), { actor: 'scoped' })),
      403,
      'forbidden',
    );
    await assertRefused(
      await handler(browserRequest('/preview', { employee: { email: JANE } }, { actor: 'scoped' })),
      403,
      'forbidden',
    );
  });

  test('a session token for another employee is 403', async () => {
    const token = await tokenFor(ACTORS.hr, SAM, ['lock', 'wipe']);
    await assertRefused(
      await handler(browserRequest('/actions', actionBody(sim.simulator), { token })),
      403,
      'forbidden',
    );
    await assertRefused(
      await handler(browserRequest('/preview', { employee: { email: JANE } }, { token })),
      403,
      'forbidden',
    );
  });

  test('a session token without the requested action is 403', async () => {
    const token = await tokenFor(ACTORS.hr, JANE, ['lock']);
    await assertRefused(
      await handler(browserRequest('/actions', actionBody(sim.simulator), { token })),
      403,
      'forbidden',
    );
  });

  test('a token cannot widen the actor: its actions are intersected with the handler’s', async () => {
    const lockOnlyHandler = makeHandler(sim, { store, actions: ['lock'] });
    const token = await tokenFor(ACTORS.hr, JANE, ['lock', 'wipe']);
    await assertRefused(
      await lockOnlyHandler(browserRequest('/actions', actionBody(sim.simulator), { token })),
      403,
      'forbidden',
    );
    const preview = await lockOnlyHandler(
      browserRequest('/preview', { employee: { email: JANE } }, { token }),
    );
    assert.deepEqual(((await preview.json()) as { actions: string[] }).actions, ['lock']);
  });

  test('another employee’s device is 403 device_not_owned, and a mixed list sends nothing', async () => {
    const samDevice = deviceIdsOf(sim.simulator, SAM)[0]!;
    await assertRefused(
      await handler(browserRequest('/actions', actionBody(sim.simulator, { deviceIds: [samDevice] }))),
      403,
      'device_not_owned',
    );
    const mixed = [...deviceIdsOf(sim.simulator, JANE), samDevice];
    await assertRefused(
      await handler(browserRequest('/actions', actionBody(sim.simulator, { deviceIds: mixed }))),
      403,
      'device_not_owned',
    );
  });

  test('a device id that does not exist is 403 device_not_owned', async () => {
    await assertRefused(
      await handler(browserRequest('/actions', actionBody(sim.simulator, { deviceIds: [987654] }))),
      403,
      'device_not_owned',
    );
  });

  test('another tenant’s portal is never reached, and its device ids are not owned in this one', async () => {
    const globex = await startSimulator({
      apiKey: 'globex-key-0000000000',
      checkinMs: 0,
      fleet: {
        users: [{ id: 1, name: 'Gina Globex', email: 'gina@globex.example' }],
        devices: [{ id: 500, name: 'Gina phone', platform: 'android', userId: 1 }],
      },
    });
    try {
      const multiTenant = makeHandler(sim, {
        store,
        hexnode: async (_request, actor) =>
          actor.tenant === 'globex'
            ? { baseUrl: globex.url, apiKey: 'globex-key-0000000000' }
            : { baseUrl: sim.url, apiKey: API_KEY },
      });
      // Acme's HR names Globex's device: Acme's portal has no such device of Jane's.
      await assertRefused(
        await multiTenant(browserRequest('/actions', actionBody(sim.simulator, { deviceIds: [500] }))),
        403,
        'device_not_owned',
      );
      // Globex's HR names Acme's devices for its own employee: not hers.
      const body = actionBody(sim.simulator, {
        employee: { email: 'gina@globex.example' },
        confirmation: 'gina@globex.example',
      });
      await assertRefused(
        await multiTenant(browserRequest('/actions', body, { actor: 'globex' })),
        403,
        'device_not_owned',
      );
      assert.deepEqual(globex.simulator.actionsSent(), []);
    } finally {
      await globex.close();
    }
  });

  test('another tenant cannot read an action’s status', async () => {
    const sent = await handler(browserRequest('/actions', actionBody(sim.simulator)));
    const { id } = (await sent.json()) as { id: string };
    const response = await handler(
      browserRequest(`/actions/${id}`, null, { method: 'GET', actor: 'globex' }),
    );
    assert.equal((await problemOf(response)).code, 'not_found');
    const scoped = await handler(browserRequest(`/actions/${id}`, null, { method: 'GET', actor: 'scoped' }));
    assert.equal(scoped.status, 404);
    const own = await handler(browserRequest(`/actions/${id}`, null, { method: 'GET' }));
    assert.equal(own.status, 200);
  });

  test('the audit export is 403 for actors without canReadAudit and for session tokens', async () => {
    await assertRefused(await handler(browserRequest('/audit', null, { method: 'GET' })), 403, 'forbidden');
    const token = await tokenFor({ ...ACTORS.admin }, JANE, ['wipe']);
    await assertRefused(
      await handler(browserRequest('/audit', null, { method: 'GET', token })),
      403,
      'forbidden',
    );
  });
});

describe('limits, confirmation and reason', () => {
  test('more devices than maxDevicesPerAction is 422 limit_exceeded', async () => {
    const limited = makeHandler(sim, { store, limits: { maxDevicesPerAction: 2 } });
    await assertRefused(
      await limited(browserRequest('/actions', actionBody(sim.simulator))),
      422,
      'limit_exceeded',
    );
  });

  test('more actions than maxActionsPerActorPerHour is 429 with Retry-After, and the refused one sends nothing', async () => {
    const limited = makeHandler(sim, { store, limits: { maxActionsPerActorPerHour: 1 } });
    const first = await limited(
      browserRequest(
        '/actions',
        actionBody(sim.simulator, { action: 'lock', options: undefined, confirmation: '' }),
      ),
    );
    assert.equal(first.status, 202);
    sim.simulator.reset();
    const second = await limited(browserRequest('/actions', actionBody(sim.simulator, { repeat: true })));
    assert.ok(Number(second.headers.get('retry-after')) > 0);
    const body = await assertRefused(second, 429, 'rate_limited');
    assert.ok(typeof body.retryAfter === 'number' && body.retryAfter > 0);
  });

  test('more previews than maxPreviewsPerActorPerMinute is 429 with Retry-After, read nothing from Hexnode, and is audited', async () => {
    let clock = Date.UTC(2026, 10, 25, 9, 0, 0);
    const limited = makeHandler(sim, {
      store,
      now: () => clock,
      limits: { maxPreviewsPerActorPerMinute: 2 },
    });
    const preview = () => limited(browserRequest('/preview', { employee: { email: JANE } }));
    assert.equal((await preview()).status, 200);
    assert.equal((await preview()).status, 200);
    // Another actor has a window of its own.
    const other = await limited(
      browserRequest('/preview', { employee: { email: JANE } }, { actor: 'admin' }),
    );
    assert.equal(other.status, 200);
    sim.simulator.log.length = 0;
    const refused = await preview();
    assert.deepEqual(sim.simulator.log, [], 'a refused preview reads nothing from Hexnode');
    const body = await assertRefused(refused, 429, 'rate_limited');
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    assert.ok(typeof body.retryAfter === 'number' && body.retryAfter > 0 && body.retryAfter <= 60);
    const [denial] = await store.readAudit({ events: ['preview'], outcomes: ['denied'] });
    assert.equal(denial?.code, 'rate_limited');
    // The window slides: a minute later the actor may preview again.
    clock += 60_001;
    assert.equal((await preview()).status, 200);
  });

  test('maxPreviewsPerActorPerMinute must be a positive integer', () => {
    assert.throws(() => makeHandler(sim, { limits: { maxPreviewsPerActorPerMinute: 0 } }), TypeError);
  });

  test('refused actions do not use up the hourly limit', async () => {
    const limited = makeHandler(sim, { store, limits: { maxActionsPerActorPerHour: 1 } });
    await assertRefused(
      await limited(browserRequest('/actions', actionBody(sim.simulator, { confirmation: 'nope' }))),
      422,
      'confirmation_mismatch',
    );
    const response = await limited(browserRequest('/actions', actionBody(sim.simulator)));
    assert.equal(response.status, 202);
  });

  test('a confirmation that does not match is 422, case included', async () => {
    await assertRefused(
      await handler(browserRequest('/actions', actionBody(sim.simulator, { confirmation: 'jane' }))),
      422,
      'confirmation_mismatch',
    );
    await assertRefused(
      await handler(
        browserRequest('/actions', actionBody(sim.simulator, { confirmation: JANE.toUpperCase() })),
      ),
      422,
      'confirmation_mismatch',
    );
    await assertRefused(
      await handler(browserRequest('/actions', actionBody(sim.simulator, { confirmation: '' }))),
      422,
      'confirmation_mismatch',
    );
  });

  test('a custom confirmText is what must be typed', async () => {
    const custom = makeHandler(sim, {
      store,
      confirmText: (employee) => `WIPE ${employee.name ?? employee.email}`,
    });
    await assertRefused(
      await custom(browserRequest('/actions', actionBody(sim.simulator))),
      422,
      'confirmation_mismatch',
    );
    const response = await custom(
      browserRequest('/actions', actionBody(sim.simulator, { confirmation: '  WIPE Jane Leaver ' })),
    );
    assert.equal(response.status, 202);
  });

  test('without a reason when one is required is 422 reason_required', async () => {
    const strict = makeHandler(sim, { store, requireReason: true });
    await assertRefused(
      await strict(browserRequest('/actions', actionBody(sim.simulator, { reason: '   ' }))),
      422,
      'reason_required',
    );
  });

  test('acting again on an employee already offboarded needs repeat: true', async () => {
    assert.equal((await handler(browserRequest('/actions', actionBody(sim.simulator)))).status, 202);
    sim.simulator.reset();
    await assertRefused(
      await handler(browserRequest('/actions', actionBody(sim.simulator))),
      409,
      'already_offboarded',
    );
    const again = await handler(browserRequest('/actions', actionBody(sim.simulator, { repeat: true })));
    assert.equal(again.status, 202);
  });

  test('an employee not in Hexnode is 404; an ambiguous email or no devices is 409', async () => {
    const missing = 'not.in.hexnode@acme.example';
    await assertRefused(
      await handler(
        browserRequest(
          '/actions',
          actionBody(sim.simulator, { employee: { email: missing }, confirmation: missing }),
        ),
      ),
      404,
      'employee_not_found',
    );
    const shared = 'shared@acme.example';
    await assertRefused(
      await handler(
        browserRequest(
          '/actions',
          actionBody(sim.simulator, { employee: { email: shared }, confirmation: shared }),
        ),
      ),
      409,
      'ambiguous_employee',
    );
    const none = 'no.devices@acme.example';
    await assertRefused(
      await handler(
        browserRequest(
          '/actions',
          actionBody(sim.simulator, { employee: { email: none }, confirmation: none }),
        ),
      ),
      409,
      'no_devices',
    );
  });
});

describe('Hexnode failures', () => {
  test('Hexnode refusing the API key is 502 hexnode_misconfigured without Hexnode’s answer or the key', async () => {
    const wrongKey = makeHandler(sim, { store, hexnode: { baseUrl: sim.url, apiKey: 'wrong-key-123456' } });
    const response = await wrongKey(browserRequest('/actions', actionBody(sim.simulator)));
    const text = await response.clone().text();
    assert.ok(!text.includes('wrong-key-123456') && !text.includes(API_KEY));
    await assertRefused(response, 502, 'hexnode_misconfigured');
    const preview = await wrongKey(browserRequest('/preview', { employee: { email: JANE } }));
    assert.equal((await problemOf(preview)).code, 'hexnode_misconfigured');
  });

  test('a multi-tenant resolver that fails is 502 hexnode_misconfigured', async () => {
    const broken = makeHandler(sim, {
      store,
      hexnode: async () => {
        throw new Error('no portal for tenant');
      },
    });
    await assertRefused(
      await broken(browserRequest('/actions', actionBody(sim.simulator))),
      502,
      'hexnode_misconfigured',
    );
  });
});

describe('no audit, no wipe', () => {
  test('when the audit log cannot be written the action is 503 audit_unavailable and nothing is sent', async () => {
    const temp = tempDir();
    const path = join(temp.dir, 'offboard.db');
    const sqlite = createSqliteStore({ path });
    const admin = new Database(path);
    try {
      admin.exec(
        `CREATE TRIGGER refuse_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'disk full'); END;`,
      );
      const strict = makeHandler(sim, { store: sqlite, logger: { error: () => undefined } });
      await assertRefused(
        await strict(browserRequest('/actions', actionBody(sim.simulator))),
        503,
        'audit_unavailable',
      );
      // The key was given back: once the log works again, the same request goes through.
      admin.exec('DROP TRIGGER refuse_audit');
      const key = crypto.randomUUID();
      await assertRefused(
        await (async () => {
          admin.exec(
            `CREATE TRIGGER refuse_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'disk full'); END;`,
          );
          return strict(browserRequest('/actions', actionBody(sim.simulator), { idempotencyKey: key }));
        })(),
        503,
        'audit_unavailable',
      );
      admin.exec('DROP TRIGGER refuse_audit');
      const retried = await strict(
        browserRequest('/actions', actionBody(sim.simulator), { idempotencyKey: key }),
      );
      assert.equal(retried.status, 202);
      assert.equal(sim.simulator.actionsSent().length, 1);
    } finally {
      admin.close();
      await sqlite.close?.();
      temp.remove();
    }
  });
});

describe('audit records', () => {
  test('every request that reaches authorization writes one record, refused or not; earlier refusals write none', async () => {
    await handler(browserRequest('/actions', null, { contentType: 'text/plain', rawBody: 'x' })); // 415: before authorization
    await handler(browserRequest('/actions', actionBody(sim.simulator), { actor: null })); // 401: before authorization
    await handler(browserRequest('/actions', actionBody(sim.simulator), { actor: 'norole' })); // 403: denied
    await handler(browserRequest('/actions', actionBody(sim.simulator, { confirmation: 'x' }))); // 422: denied
    const records = await store.readAudit();
    assert.deepEqual(
      records.map((record) => [record.actor.id, record.outcome, record.code]),
      [
        ['hr-2', 'denied', 'forbidden'],
        ['hr-1', 'denied', 'confirmation_mismatch'],
      ],
    );
  });

  test('a sent action leaves an intent record before Hexnode and a result record after, with everything an auditor needs', async () => {
    const key = crypto.randomUUID();
    const response = await handler(
      browserRequest('/actions', actionBody(sim.simulator), { idempotencyKey: key }),
    );
    const accepted = (await response.json()) as { id: string; auditId: string };
    const records = await store.readAudit({ actionId: accepted.id });
    assert.deepEqual(
      records.map((record) => [record.event, record.outcome]),
      [
        ['action', 'allowed'],
        ['action_result', 'sent'],
      ],
    );
    const [intent, result] = records;
    assert.equal(intent!.id, accepted.auditId);
    assert.equal(intent!.requestId, response.headers.get('x-request-id'));
    assert.deepEqual(intent!.actor, { id: 'hr-1', name: 'Hanna HR' });
    assert.equal(intent!.tenant, 'acme');
    assert.equal(intent!.employee?.email, JANE);
    assert.equal(intent!.hexnodeUser?.id, sim.simulator.findUsersByEmail(JANE)[0]!.id);
    assert.deepEqual(intent!.deviceIds, deviceIdsOf(sim.simulator, JANE));
    assert.deepEqual(intent!.options, { mode: 'corporate' });
    assert.equal(intent!.reason, 'Last day');
    assert.equal(intent!.idempotencyKey, key);
    assert.equal(intent!.attempt, 1);
    assert.equal(result!.hexnodeStatus, 200);
  });

  test('log injection: control characters and line separators in free text are neutralized', async () => {
    const reason = 'Last day\n{"outcome":"sent","actor":"ceo"}\r\u2028\u202e';
    await handler(browserRequest('/actions', actionBody(sim.simulator, { reason })));
    const [record] = await store.readAudit({ events: ['action'] });
    assert.ok(record);
    assert.doesNotMatch(record.reason ?? '', /[\n\r\u2028\u202e]/);
    assert.match(record.reason ?? '', /^Last day\uFFFD\{"outcome"/);
    const exported = await handler(
      browserRequest('/audit?format=jsonl', null, { method: 'GET', actor: 'admin' }),
    );
    const lines = (await exported.text()).split('\n').filter(Boolean);
    for (const line of lines) assert.doesNotThrow(() => JSON.parse(line));
  });
});

describe('CORS for token mode across origins', () => {
  const WIDGET = 'https://widget.vendor.example';
  const preflightRequest = (origin: string, method: string, headers: string, path = '/actions') =>
    new Request(`${BASE}${path}`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': method,
        'Access-Control-Request-Headers': headers,
      },
    });

  test('a preflight from a corsOrigins page is allowed for the route’s method and the protocol’s headers, without credentials', async () => {
    const corsHandler = makeHandler(sim, { store, corsOrigins: [WIDGET] });
    const response = await corsHandler(
      preflightRequest(WIDGET, 'POST', 'authorization, content-type, idempotency-key, x-hexnode-offboard'),
    );
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), WIDGET);
    assert.equal(response.headers.get('access-control-allow-methods'), 'POST');
    assert.equal(response.headers.get('access-control-allow-credentials'), null);
    assert.deepEqual(sim.simulator.actionsSent(), []);
  });

  test('preflights from other origins, for other methods or with other headers are refused without CORS headers', async () => {
    const corsHandler = makeHandler(sim, { store, corsOrigins: [WIDGET] });
    for (const request of [
      preflightRequest('https://widget.vendor.example.evil.com', 'POST', 'authorization'),
      preflightRequest(WIDGET, 'DELETE', 'authorization'),
      preflightRequest(WIDGET, 'POST', 'authorization, cookie'),
      preflightRequest(WIDGET, 'GET', 'authorization'),
    ]) {
      const response = await corsHandler(request);
      assert.equal(response.status, 405);
      assert.equal(response.headers.get('access-control-allow-methods'), null);
    }
    assert.deepEqual(sim.simulator.actionsSent(), []);
  });

  test('a token request from a corsOrigins page is answered readable; a cookie request from it is still refused', async () => {
    const corsHandler = makeHandler(sim, { store, corsOrigins: [WIDGET] });
    const token = await tokenFor(ACTORS.hr, JANE, ['lock', 'wipe']);
    const preview = await corsHandler(
      browserRequest(
        '/preview',
        { employee: { email: JANE } },
        { token, origin: WIDGET, secFetchSite: 'cross-site' },
      ),
    );
    assert.equal(preview.status, 200);
    assert.equal(preview.headers.get('access-control-allow-origin'), WIDGET);
    assert.match(preview.headers.get('access-control-expose-headers') ?? '', /X-Request-Id/);
    await assertRefused(
      await corsHandler(
        browserRequest('/actions', actionBody(sim.simulator), { origin: WIDGET, secFetchSite: 'cross-site' }),
      ),
      403,
      'origin_not_allowed',
    );
  });

  test('without corsOrigins no answer carries CORS headers', async () => {
    const token = await tokenFor(ACTORS.hr, JANE, ['lock', 'wipe']);
    const response = await handler(
      browserRequest('/preview', { employee: { email: JANE } }, { token, origin: WIDGET }),
    );
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    const preflight = await handler(preflightRequest(WIDGET, 'POST', 'authorization'));
    assert.equal(preflight.status, 405);
  });
});
