import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createExpressMiddleware, toNodeListener } from '@hexnode-offboard/proxy/node';
import type { RunningSimulator } from '@hexnode-offboard/simulator/node';
import { ACTORS, JANE, makeHandler, startSim, tokenFor } from './support/harness.js';

let sim: RunningSimulator;
before(async () => {
  sim = await startSim();
});
after(async () => {
  await sim.close();
});

async function listen(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; server: Server }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

async function previewRequest(url: string) {
  const token = await tokenFor(ACTORS.hr, JANE, ['wipe']);
  return fetch(`${url}/api/hexnode-offboard/preview`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ employee: { email: JANE } }),
  });
}

describe('Node adapters', () => {
  test('toNodeListener serves the handler on node:http', async () => {
    const { url, server } = await listen(toNodeListener(makeHandler(sim)));
    try {
      const response = await previewRequest(url);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('x-request-id') ?? '', /^req_/);
      assert.equal(((await response.json()) as { status: string }).status, 'ready');
      const refused = await fetch(`${url}/api/hexnode-offboard/actions`);
      assert.equal(refused.status, 405);
    } finally {
      await close(server);
    }
  });

  test('the Express-style middleware handles its base path and passes everything else to next()', async () => {
    const middleware = createExpressMiddleware(makeHandler(sim));
    const { url, server } = await listen((req, res) => {
      middleware(req, res, (error?: unknown) => {
        res.statusCode = error ? 500 : 404;
        res.end(error ? 'next(error)' : 'next()');
      });
    });
    try {
      assert.equal((await previewRequest(url)).status, 200);
      const other = await fetch(`${url}/api/other`);
      assert.equal(await other.text(), 'next()');
      const lookalike = await fetch(`${url}/api/hexnode-offboard-evil/preview`);
      assert.equal(await lookalike.text(), 'next()');
    } finally {
      await close(server);
    }
  });

  test('the middleware refuses to run after a body parser has consumed the body', async () => {
    const middleware = createExpressMiddleware(makeHandler(sim));
    const { url, server } = await listen((req, res) => {
      req.resume();
      req.on('end', () =>
        middleware(req, res, (error?: unknown) => {
          res.statusCode = 500;
          res.end(error instanceof Error ? error.message : 'no error');
        }),
      );
    });
    try {
      const response = await previewRequest(url);
      assert.equal(response.status, 500);
      assert.match(await response.text(), /before body parsers/);
    } finally {
      await close(server);
    }
  });
});
