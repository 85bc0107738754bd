// The contract suite against the real loopback HTTP server, plus what only a real server has.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startSimulator } from '../src/node.js';
import { contractSuite } from './contract.js';

contractSuite('the loopback HTTP server', async (options) => {
  const running = await startSimulator(options);
  return {
    sim: running.simulator,
    baseUrl: running.url,
    origin: running.origin,
    close: () => running.close(),
  };
});

describe('startSimulator', () => {
  test('binds loopback, and its base URL (and so every next link) is its own address', async () => {
    const running = await startSimulator({ users: 150 });
    try {
      assert.match(running.url, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/$/);
      assert.equal(running.simulator.baseUrl, running.url);
      const page = await fetch(`${running.url}users/`, { headers: { Authorization: 'demo-api-key' } });
      assert.equal(((await page.json()) as { next: string }).next, `${running.url}users/?page=2`);
    } finally {
      await running.close();
    }
  });

  test('close() ends connections held by hanging requests', async () => {
    const running = await startSimulator({ faults: { hang: true } });
    const pending = fetch(`${running.url}users/`, { headers: { Authorization: 'demo-api-key' } });
    while (running.simulator.log.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await running.close();
    await assert.rejects(pending, TypeError);
  });

  test('a bad port is refused before anything listens', async () => {
    await assert.rejects(startSimulator({ port: 70000 }), { name: 'TypeError', message: /port must be/ });
  });

  test('bad simulator options are refused with the reason', async () => {
    await assert.rejects(startSimulator({ failRate: 5 }), /failRate must be a number from 0 to 1/);
  });
});
