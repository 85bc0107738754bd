/**
 * Scheduled offboarding: `npm start -w @hexnode-offboard/example-scheduled-offboarding [-- leavers.json]`.
 * With HEXNODE_PORTAL and HEXNODE_API_KEY set it talks to that portal (and asks for `--confirm`, since a
 * wipe cannot be undone); otherwise it starts the Hexnode simulator on loopback and runs against it.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { connect } from '@hexnode-offboard/cli';
import { startSimulator } from '@hexnode-offboard/simulator/node';
import { offboard, type Leaver } from './offboard.js';

const args = process.argv.slice(2);
const file = args.find((arg) => !arg.startsWith('--')) ?? new URL('../leavers.json', import.meta.url);
const leavers = JSON.parse(await readFile(file, 'utf8')) as Leaver[];
const { HEXNODE_PORTAL: portal, HEXNODE_API_KEY: apiKey, HEXNODE_OFFBOARD_PLAN_KEY: planKey } = process.env;

if (portal && apiKey && (!args.includes('--confirm') || !planKey)) {
  console.error(
    `This wipes the devices of ${leavers.length} leavers on ${portal}.hexnodemdm.com. ` +
      'Set HEXNODE_OFFBOARD_PLAN_KEY and re-run with --confirm.',
  );
  process.exit(2);
}
const simulator = portal && apiKey ? undefined : await startSimulator();
const connection = simulator
  ? connect({ baseUrl: simulator.url, apiKey: simulator.simulator.apiKey })
  : connect({ portal: portal!, apiKey: apiKey! });
console.log(simulator ? `Hexnode simulator at ${simulator.url}` : `Hexnode portal ${portal}`);

try {
  const { plan, applied } = await offboard(connection, leavers, {
    key: planKey ?? randomBytes(32).toString('hex'), // the simulator run keeps no journal worth resuming
    journalDir: '.hexnode-offboard',
  });
  for (const leaver of plan.leavers) {
    const acted = leaver.devices.filter((device) => applied?.sent.includes(device.id));
    console.log(`${leaver.email || '(no email)'}: ${leaver.status}, wipe sent to ${acted.length} devices`);
    for (const device of leaver.devices.filter((item) => item.decision === 'refused')) {
      console.log(`  refused ${device.name}: ${device.reason}`);
    }
  }
} finally {
  await simulator?.close();
}
