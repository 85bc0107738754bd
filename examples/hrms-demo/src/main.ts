/**
 * `npm start`: the demo HRMS. Reads the environment (see README), starts everything, prints where it
 * runs and which Hexnode it uses, and stops cleanly on Ctrl-C. Start-up problems are one line, no stack.
 */
import { ConfigError, readConfig, type DemoConfig } from './config.js';
import { startDemo, type RunningDemo } from './demo.js';
import { HexnodeConnectionError } from './hexnode.js';
import { DEMO_ACCOUNTS, ROLES } from './sessions.js';

let demo: RunningDemo | undefined;
let stopping = false;

/** Ctrl-C: before the demo runs, stop at once; after, close the server, store and simulator first. */
async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping || !demo) process.exit(130);
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await demo.close();
  process.exit(0);
}
process.on('SIGINT', (signal) => void stop(signal));
process.on('SIGTERM', (signal) => void stop(signal));
// Started by `npm run start:cluster` (an IPC channel): stop when the cluster does, even if it was killed.
if (process.send) process.on('disconnect', () => void stop('SIGTERM'));

function fail(message: string, code = 1): never {
  console.error(`hrms-demo: ${message}`);
  process.exit(code);
}

let config: DemoConfig;
try {
  config = readConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message, 2);
  throw error;
}

try {
  demo = await startDemo(config);
} catch (error) {
  if (error instanceof HexnodeConnectionError) fail(error.message);
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') fail(`port ${config.port} is already in use: set PORT to another port.`);
  if (code === 'EADDRNOTAVAIL')
    fail(`cannot listen on ${config.host}: set HOST to an address of this machine.`);
  if (code === 'EACCES') fail(`not allowed to listen on ${config.host}:${config.port}: set PORT above 1024.`);
  fail(`could not start: ${error instanceof Error ? error.message : String(error)}`);
}

const seconds = process.uptime().toFixed(1);
const accounts = new Intl.ListFormat('en', { type: 'disjunction' }).format(
  DEMO_ACCOUNTS.map((a) => `${a.username} / ${a.password} (${ROLES[a.role].label})`),
);
console.log(`Acme People, the Hexnode Offboard Kit demo HRMS, is running at ${demo.url}`);
console.log(`Hexnode: ${demo.hexnode.description}`);
console.log(`Store: ${demo.server.storeDescription}`);
console.log(
  `Terminations: signed events at ${new URL('/hooks/terminations', demo.url).href}; this instance runs a job worker.`,
);
if (!['127.0.0.1', 'localhost', '::1'].includes(config.host)) {
  console.log(
    `Warning: listening on ${config.host}; anyone who can reach it can sign in with the demo passwords.`,
  );
}
console.log(
  `Sign in as ${accounts}. Started in ${seconds} s${demo.pagesBuilt ? ' (pages built)' : ''}. Ctrl-C stops.`,
);
