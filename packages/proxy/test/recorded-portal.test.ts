/**
 * A portal that is not the simulator: a loopback server answering with the shapes recorded from real Hexnode
 * portals (core's test fixtures), integer `owned_by` included. Through the real handler, a preview shows each
 * device's ownership, and a lock then a wipe each reach this portal exactly once, naming only the leaver's devices.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createOffboardHandler } from '@hexnode-offboard/proxy';
import {
  assembledDeviceDetail,
  VERBATIM_DEVICE_ITEM,
  VERBATIM_USERS,
} from '../../core/test/fixtures/recorded-replies.js';
import { API_KEY, authorizeFromCookie, browserRequest, ORIGIN } from './support/harness.js';

const LEAVER = { id: 3, name: 'Lena Leaver', email: 'lena.leaver@example.com' };
/** Two devices of the leaver, in the recorded list-item shape; device 1 (recorded) stays with Default User. */
const LEAVER_DEVICES = [21, 22];

interface Received {
  method: string;
  path: string;
  body: unknown;
}

function recordedPortal(received: Received[]): Server {
  const userItem = JSON.stringify({
    id: LEAVER.id,
    name: LEAVER.name,
    email: LEAVER.email,
    phoneno: '',
    domain: 'local',
    total_devices: 2,
  });
  const deviceItem = (id: number) =>
    VERBATIM_DEVICE_ITEM.replace('"id": 1,', `"id": ${id},`).replace(
      '"user": {"id": 1, "name": "Default User"}',
      `"user": {"id": ${LEAVER.id}, "name": "${LEAVER.name}"}`,
    );
  const page = (items: string[]) =>
    `{"count": ${items.length}, "next": null, "previous": null, "results": [${items.join(', ')}]}`;
  return createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => {
      const path = new URL(request.url ?? '/', 'http://portal').pathname;
      received.push({ method: request.method ?? '', path, body: text === '' ? undefined : JSON.parse(text) });
      const send = (status: number, body: string) => {
        response.writeHead(status, { 'content-type': 'application/json', allow: 'GET, POST, HEAD, OPTIONS' });
        response.end(body);
      };
      if (request.headers.authorization !== API_KEY) return send(401, '{"detail": "Invalid token."}');
      const detail = /^\/api\/v1\/devices\/(\d+)\/$/.exec(path);
      if (request.method === 'GET' && path === '/api/v1/users/')
        return send(200, page([...VERBATIM_USERS, userItem]));
      if (request.method === 'GET' && path === '/api/v1/devices/')
        return send(200, page([VERBATIM_DEVICE_ITEM, ...LEAVER_DEVICES.map(deviceItem)]));
      if (request.method === 'GET' && detail && LEAVER_DEVICES.includes(Number(detail[1]))) {
        const user = { ...LEAVER, phoneno: null, alternate_email: null };
        return send(200, JSON.stringify(assembledDeviceDetail({ id: Number(detail[1]), owned_by: 2, user })));
      }
      if (request.method === 'GET' && /^\/api\/v1\/devices\/\d+\/action_status\/$/.test(path))
        return send(200, page([]));
      if (request.method === 'POST' && /^\/api\/v1\/actions\/(lock_devices|wipe_device)\/$/.test(path))
        return send(200, '');
      return send(404, '{"detail": "Not found."}');
    });
  });
}

describe('a portal serving the recorded shapes', () => {
  const received: Received[] = [];
  let server: Server;
  let baseUrl = '';
  before(async () => {
    server = recordedPortal(received);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("takes a lock and a wipe end to end through the handler, each sent once to the leaver's devices", async () => {
    const handler = createOffboardHandler({
      hexnode: { baseUrl, apiKey: API_KEY },
      authorize: authorizeFromCookie,
      allowedOrigins: [ORIGIN],
    });
    const employee = { email: LEAVER.email, name: LEAVER.name };

    const preview = await handler(browserRequest('/preview', { employee }));
    assert.equal(preview.status, 200);
    const body = (await preview.json()) as { devices: { id: number; ownership: string }[] };
    assert.deepEqual(
      body.devices.map((device) => [device.id, device.ownership]),
      [
        [21, 'corporate'],
        [22, 'corporate'],
      ],
    );

    const act = (action: 'lock' | 'wipe', extra: Record<string, unknown> = {}) =>
      handler(
        browserRequest('/actions', {
          employee,
          action,
          deviceIds: LEAVER_DEVICES,
          confirmation: LEAVER.email,
          reason: 'Last day',
          ...extra,
        }),
      );
    const lock = await act('lock');
    assert.ok(
      lock.status === 200 || lock.status === 202,
      `lock answered ${lock.status}: ${await lock.clone().text()}`,
    );
    // The documented full wipe (#16): the bare body the public scripts send to real portals.
    const wipe = await act('wipe', { repeat: true });
    assert.ok(
      wipe.status === 200 || wipe.status === 202,
      `wipe answered ${wipe.status}: ${await wipe.clone().text()}`,
    );

    const actions = received.filter((entry) => entry.method === 'POST');
    assert.deepEqual(
      actions.map((entry) => entry.path),
      ['/api/v1/actions/lock_devices/', '/api/v1/actions/wipe_device/'],
    );
    for (const entry of actions) {
      assert.deepEqual((entry.body as { devices: number[] }).devices, LEAVER_DEVICES);
    }
    assert.deepEqual(actions[1]!.body, { devices: LEAVER_DEVICES });
    // Each action re-read every device's detail first (the ownership check that failed on integer owned_by).
    const detailReads = received.filter((entry) => /^\/api\/v1\/devices\/2[12]\/$/.test(entry.path));
    assert.ok(detailReads.length >= 4, `detail reads: ${detailReads.length}`);
  });
});
