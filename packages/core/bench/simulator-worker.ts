/**
 * The simulator for the benchmark, on its own thread (same process) so that its work of building pages
 * does not queue behind the client's parsing: the timings then show the client's behaviour.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startSimulator, type StartSimulatorOptions } from '@hexnode-offboard/simulator/node';

const running = await startSimulator(workerData as StartSimulatorOptions);
const owners = new Set(running.simulator.devices.map((device) => device.userId));
// Leavers worth looking up: users with an email and at least one device, in id order.
const emails = running.simulator.users
  .filter((user) => user.email && owners.has(user.id))
  .map((user) => user.email!);
parentPort!.postMessage({ url: running.url, apiKey: running.simulator.apiKey, emails });
parentPort!.once('message', async () => {
  await running.close();
  parentPort!.close();
});
