/**
 * The README's Fastify and Hono mounting snippets, run as written: the handler wired to the real simulator,
 * Fastify over real HTTP on loopback, Hono through `app.request`.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { Hono } from 'hono';
import { createMemoryStore } from '@hexnode-offboard/proxy';
import { toNodeListener } from '@hexnode-offboard/proxy/node';
import {
  ACTORS,
  JANE,
  actionBody,
  browserRequest,
  deviceIdsOf,
  makeHandler,
  problemOf,
  useSimulator,
  tokenFor,
} from './support/harness.js';

const sim = useSimulator();

const lockBody = () =>
  actionBody(sim.simulator, {
    action: 'lock',
    options: { message: 'Please return this device' },
    confirmation: JANE,
  });

/** Hexnode received exactly one action: a lock naming exactly Jane's devices, with the lock message. */
function assertOneLockOfJane(): void {
  const sent = sim.simulator.actionsSent();
  assert.equal(sent.length, 1);
  assert.match(sent[0]!.path, /lock/);
  assert.deepEqual(sent[0]!.body, {
    devices: deviceIdsOf(sim.simulator, JANE),
    message: 'Please return this device',
  });
}

/** A mount that swallows the body leaves the request hanging: fail after a while instead of waiting forever. */
const deadline = () => AbortSignal.timeout(5_000);

/** Sends a harness request (built for the HRMS origin) to `origin` over real HTTP, headers and body intact. */
async function overHttp(origin: string, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return fetch(`${origin}${url.pathname}${url.search}`, {
    method: request.method,
    headers: request.headers,
    signal: deadline(),
    ...(hasBody ? { body: await request.text() } : {}),
  });
}

describe('Fastify, mounted as the README shows', () => {
  let fastify: FastifyInstance;
  let origin: string;

  beforeEach(async () => {
    const handler = makeHandler(sim, { store: createMemoryStore() });
    fastify = Fastify();
    // The README snippet, verbatim.
    await fastify.register(async (app) => {
      app.removeAllContentTypeParsers();
      app.addContentTypeParser('*', (_request, _payload, done) => done(null));
      const listener = toNodeListener(handler);
      app.all('/api/hexnode-offboard/*', (request, reply) => {
        reply.hijack();
        listener(request.raw, reply.raw);
      });
    });
    // The host application's own routes, outside the plugin.
    fastify.get('/health', async () => ({ ok: true }));
    fastify.post('/echo', async (request) => ({ received: request.body }));
    await fastify.listen({ host: '127.0.0.1', port: 0 });
    origin = `http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await fastify.close();
  });

  test('a cookie-mode preview answers 200 with the employee’s three devices', async () => {
    const response = await overHttp(origin, browserRequest('/preview', { employee: { email: JANE } }));
    assert.equal(response.status, 200);
    assert.match(response.headers.get('x-request-id') ?? '', /^req_/);
    const body = (await response.json()) as { status: string; devices: { id: number }[] };
    assert.equal(body.status, 'ready');
    const expected = deviceIdsOf(sim.simulator, JANE);
    assert.equal(expected.length, 3);
    assert.deepEqual(body.devices.map((device) => device.id).sort(), [...expected].sort());
    assert.deepEqual(sim.simulator.actionsSent(), []);
  });

  test('a lock with an Idempotency-Key answers 202 and sends exactly one Hexnode lock naming her devices', async () => {
    const response = await overHttp(
      origin,
      browserRequest('/actions', lockBody(), { idempotencyKey: crypto.randomUUID() }),
    );
    assert.equal(response.status, 202);
    const accepted = (await response.json()) as { action: string; devices: { id: number }[] };
    assert.equal(accepted.action, 'lock');
    assertOneLockOfJane();
  });

  test('a body over 16 KB is 413 payload_too_large and Hexnode hears nothing', async () => {
    const padded = { ...lockBody(), reason: 'x'.repeat(17 * 1024) };
    const response = await overHttp(origin, browserRequest('/actions', padded));
    assert.deepEqual(await problemOf(response).then((p) => [p.status, p.code]), [413, 'payload_too_large']);
    assert.deepEqual(sim.simulator.actionsSent(), []);
  });

  test('an oversized chunked body without Content-Length is also 413: the handler reads the raw stream', async () => {
    const request = browserRequest('/actions', null, {
      rawBody: JSON.stringify({ ...lockBody(), reason: 'x'.repeat(17 * 1024) }),
    });
    const bytes = new Uint8Array(await request.arrayBuffer());
    const chunks = [bytes.subarray(0, 8 * 1024), bytes.subarray(8 * 1024)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const chunk = chunks.shift();
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${origin}/api/hexnode-offboard/actions`, {
      method: 'POST',
      headers: request.headers,
      body: stream,
      duplex: 'half',
      signal: deadline(),
    } as RequestInit);
    assert.deepEqual(await problemOf(response).then((p) => [p.status, p.code]), [413, 'payload_too_large']);
    assert.deepEqual(sim.simulator.actionsSent(), []);
  });

  test('a GET on the actions route is the handler’s 405, not a Fastify 404', async () => {
    const response = await overHttp(origin, browserRequest('/actions', null, { method: 'GET' }));
    assert.deepEqual(await problemOf(response).then((p) => [p.status, p.code]), [405, 'method_not_allowed']);
  });

  test('the app’s routes outside the base path still work, and its own JSON parser is untouched', async () => {
    const health = await fetch(`${origin}/health`, { signal: deadline() });
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { ok: true });
    const echo = await fetch(`${origin}/echo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ hello: 'world', n: 1 }),
      signal: deadline(),
    });
    assert.equal(echo.status, 200);
    assert.deepEqual(await echo.json(), { received: { hello: 'world', n: 1 } });
    const unparsable = await fetch(`${origin}/echo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{not json',
      signal: deadline(),
    });
    assert.equal(unparsable.status, 400);
  });
});

describe('Hono, mounted as the README shows', () => {
  let app: Hono;

  beforeEach(() => {
    const handler = makeHandler(sim, { store: createMemoryStore() });
    app = new Hono();
    // The README snippet, verbatim.
    app.all('/api/hexnode-offboard/*', (c) => handler(c.req.raw));
  });

  test('a cookie-mode preview answers 200 with the employee’s devices', async () => {
    const response = await app.request(browserRequest('/preview', { employee: { email: JANE } }));
    assert.equal(response.status, 200);
    const body = (await response.json()) as { status: string; devices: { id: number }[] };
    assert.equal(body.status, 'ready');
    assert.deepEqual(
      body.devices.map((device) => device.id).sort(),
      [...deviceIdsOf(sim.simulator, JANE)].sort(),
    );
  });

  test('a token-mode lock answers 202 and sends exactly one Hexnode lock naming her devices', async () => {
    const token = await tokenFor(ACTORS.hr, JANE, ['lock']);
    const response = await app.request(browserRequest('/actions', lockBody(), { token }));
    assert.equal(response.status, 202);
    assertOneLockOfJane();
  });

  test('a GET on the actions route is 405 with Allow: POST', async () => {
    const response = await app.request(browserRequest('/actions', null, { method: 'GET' }));
    assert.equal(response.headers.get('allow'), 'POST');
    assert.deepEqual(await problemOf(response).then((p) => [p.status, p.code]), [405, 'method_not_allowed']);
  });
});
