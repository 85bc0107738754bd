/**
 * The crash test's child process: the handler with the SQLite store, served on loopback through
 * `toNodeListener`, against its own simulator. Prints one JSON line when ready; the parent kills it with SIGKILL.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOffboardHandler } from '@hexnode-offboard/proxy';
import { createSqliteStore, toNodeListener } from '@hexnode-offboard/proxy/node';
import { API_KEY, CORPORATE_WIPE, JANE, SECRET, deviceIdsOf, startSim } from './harness.js';

const path = process.argv[2];
const durability = process.argv[3] === 'actions' ? 'actions' : 'full';
if (!path) throw new Error('usage: crash-child <database path> [full|actions]');
const sim = await startSim();
const handler = createOffboardHandler({
  hexnode: { baseUrl: sim.url, apiKey: API_KEY, wipeOptions: { corporate: CORPORATE_WIPE } },
  sessionTokens: { secret: SECRET },
  store: createSqliteStore({ path, durability }),
});
const server = createServer(toNodeListener(handler));
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(
    `${JSON.stringify({ url: `http://127.0.0.1:${port}`, deviceIds: deviceIdsOf(sim.simulator, JANE) })}\n`,
  );
});
