/**
 * `npm run start:cluster`: two demo instances, as an HRMS vendor behind a load balancer would run them. Each is
 * its own process (src/main.ts) on its own port, with its own handler and job worker; they share one store (the
 * SQLite file in the data folder, or PostgreSQL with DATABASE_URL), so one Hexnode budget and one job queue, and
 * one Hexnode (the simulator is started here, once). Ctrl-C stops both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildPages } from './assets.js';
import { ConfigError, readConfig, type DemoConfig } from './config.js';
import { connectHexnode, HexnodeConnectionError, type HexnodeConnection } from './hexnode.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const INSTANCES = 2;

function fail(message: string, code = 1): never {
  console.error(`hrms-demo cluster: ${message}`);
  process.exit(code);
}

let config: DemoConfig;
try {
  config = readConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message, 2);
  throw error;
}

// The ports: PORT and the next one (8787 and 8788 by default); PORT=0 gives each a free port.
const ports = Array.from({ length: INSTANCES }, (_, i) => (config.port === 0 ? 0 : config.port + i));
if (ports.some((port) => port > 65535)) fail('PORT must leave room for a second port after it.', 2);

let hexnode: HexnodeConnection;
try {
  hexnode = await connectHexnode(config.hexnode);
} catch (error) {
  if (error instanceof HexnodeConnectionError) fail(error.message);
  throw error;
}
// One Hexnode for both: the simulator started here is, to the instances, a Hexnode at a base URL.
const shared: NodeJS.ProcessEnv = hexnode.simulator
  ? { HEXNODE_BASE_URL: hexnode.baseUrl, HEXNODE_API_KEY: hexnode.apiKey }
  : {};
await buildPages(); // once, before the instances start (each then reuses it)

console.log(`Two Acme People instances on one store and one Hexnode (${hexnode.description}).`);
const children: ChildProcess[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  stopping = true;
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  await hexnode.close();
  process.exit(code);
}

function relay(stream: NodeJS.ReadableStream | null, prefix: string, write: (line: string) => void): void {
  let buffered = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) write(`${prefix}${line}`);
  });
}

ports.forEach((port, index) => {
  const child = spawn(process.execPath, [...process.execArgv, MAIN], {
    env: { ...process.env, ...shared, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'], // the channel: an instance stops when the cluster goes away
  });
  const prefix = `[instance ${index + 1}] `;
  relay(child.stdout, prefix, (line) => console.log(line));
  relay(child.stderr, prefix, (line) => console.error(line));
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`${prefix}stopped (${signal ?? `exit code ${code}`}); stopping the other instance.`);
    void stopAll(1);
  });
  children.push(child);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(130);
    console.log(`\n${signal}: stopping both instances…`);
    void stopAll(0);
  });
}
