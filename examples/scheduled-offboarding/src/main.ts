/**
 * Scheduled offboarding: `npm start -w @hexnode-offboard/example-scheduled-offboarding [-- leavers.json]`.
 * With HEXNODE_PORTAL and HEXNODE_API_KEY set it talks to that portal (and asks for `--confirm`, since a
 * wipe cannot be undone); otherwise it starts the Hexnode simulator on loopback and runs against it.
 */
import { readFile } from 'node:fs/promises';
import { HexnodeClient } from '@hexnode-offboard/core';
import { startSimulator } from '@hexnode-offboard/simulator/node';
import { offboard, type Leaver } from './offboard.js';

const args = process.argv.slice(2);
const file = args.find((arg) => !arg.startsWith('--')) ?? new URL('../leavers.json', import.meta.url);
const leavers = JSON.parse(await readFile(file, 'utf8')) as Leaver[];
const { HEXNODE_PORTAL: portal, HEXNODE_API_KEY: apiKey } = process.env;

if (portal && apiKey && !args.includes('--confirm')) {
  console.error(
    `This wipes the devices of ${leavers.length} leavers on ${portal}.hexnodemdm.com. Re-run with --confirm.`,
  );
  process.exit(2);
}
const simulator = portal && apiKey ? undefined : await startSimulator();
const hexnode = simulator
  ? new HexnodeClient({ baseUrl: simulator.url, apiKey: simulator.simulator.apiKey })
  : new HexnodeClient({ portal: portal!, apiKey: apiKey! });
console.log(simulator ? `Hexnode simulator at ${simulator.url}` : `Hexnode portal ${portal}`);

try {
  const { wiped, skipped } = await offboard(hexnode, leavers);
  for (const { leaver, users } of wiped)
    console.log(`wipe sent   ${leaver.email} -> Hexnode user ${users[0]!.id}`);
  for (const { leaver, users } of skipped) {
    console.log(
      `skipped     ${leaver.email}: ${users.length ? `${users.length} Hexnode users share it` : 'not in Hexnode'}`,
    );
  }
} finally {
  await simulator?.close();
}
