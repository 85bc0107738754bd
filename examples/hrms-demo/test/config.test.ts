import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '@hexnode-offboard/simulator/node';
import { ConfigError, DEFAULT_PORT, readConfig } from '../src/config.js';
import { checkHexnode, HexnodeConnectionError } from '../src/hexnode.js';

const DEMO_DIR = fileURLToPath(new URL('..', import.meta.url));

test('with no Hexnode settings the demo uses the simulator on 127.0.0.1:8787', () => {
  const config = readConfig({});
  assert.equal(config.port, DEFAULT_PORT);
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.hexnode.kind, 'simulator');
});

test('HEXNODE_PORTAL and HEXNODE_API_KEY select a real portal', () => {
  const config = readConfig({ HEXNODE_PORTAL: 'acme', HEXNODE_API_KEY: 'k' });
  assert.deepEqual(config.hexnode, {
    kind: 'portal',
    portal: 'acme',
    baseUrl: 'https://acme.hexnodemdm.com/api/v1/',
    apiKey: 'k',
  });
  const byHost = readConfig({ HEXNODE_PORTAL: 'https://acme.hexnodemdm.com/', HEXNODE_API_KEY: 'k' });
  assert.equal(
    byHost.hexnode.kind === 'portal' && byHost.hexnode.baseUrl,
    'https://acme.hexnodemdm.com/api/v1/',
  );
});

test('HEXNODE_BASE_URL and HEXNODE_API_KEY select any Hexnode-compatible base URL', () => {
  const config = readConfig({ HEXNODE_BASE_URL: 'http://127.0.0.1:9000/api/v1', HEXNODE_API_KEY: 'k' });
  assert.deepEqual(config.hexnode, {
    kind: 'base_url',
    baseUrl: 'http://127.0.0.1:9000/api/v1/',
    apiKey: 'k',
  });
});

test('PORT, HOST, PUBLIC_URL and SIMULATOR_CHECKIN_MS are read', () => {
  const config = readConfig({
    PORT: '9000',
    HOST: '0.0.0.0',
    PUBLIC_URL: 'https://hr.example.com/x',
    SIMULATOR_CHECKIN_MS: '50',
  });
  assert.equal(config.port, 9000);
  assert.equal(config.host, '0.0.0.0');
  assert.equal(config.publicUrl, 'https://hr.example.com');
  assert.equal(config.hexnode.kind === 'simulator' && config.hexnode.checkinMs, 50);
});

test('SIMULATOR_WINDOW_MS shortens the simulated Hexnode minute; a real minute is the default', () => {
  const short = readConfig({ SIMULATOR_WINDOW_MS: '1000' });
  assert.equal(short.hexnode.kind === 'simulator' && short.hexnode.windowMs, 1000);
  const real = readConfig({});
  assert.equal(real.hexnode.kind === 'simulator' && real.hexnode.windowMs, undefined);
});

test('DATABASE_URL switches the store to PostgreSQL (DATABASE_SCHEMA names its schema); without it, SQLite', () => {
  assert.equal(readConfig({}).database, null);
  assert.deepEqual(readConfig({ DATABASE_URL: 'postgresql://u:p@db:5432/hr' }).database, {
    url: 'postgresql://u:p@db:5432/hr',
  });
  assert.deepEqual(
    readConfig({ DATABASE_URL: 'postgres://db/hr', DATABASE_SCHEMA: 'acme_offboard' }).database,
    {
      url: 'postgres://db/hr',
      schema: 'acme_offboard',
    },
  );
});

test('SIMULATOR_WINDOW_MS also applies to a simulator of your own at HEXNODE_BASE_URL (start:cluster)', () => {
  const config = readConfig({
    HEXNODE_BASE_URL: 'http://127.0.0.1:9000/api/v1/',
    HEXNODE_API_KEY: 'k',
    SIMULATOR_WINDOW_MS: '1000',
  });
  assert.equal(config.hexnode.kind === 'base_url' && config.hexnode.windowMs, 1000);
});

test('each configuration mistake is a ConfigError naming the variable', () => {
  const cases: [NodeJS.ProcessEnv, RegExp][] = [
    [{ HEXNODE_PORTAL: 'acme' }, /HEXNODE_API_KEY is not/],
    [{ HEXNODE_BASE_URL: 'http://x/' }, /HEXNODE_API_KEY is not/],
    [{ HEXNODE_API_KEY: 'k' }, /neither HEXNODE_PORTAL nor HEXNODE_BASE_URL/],
    [{ HEXNODE_PORTAL: 'acme', HEXNODE_BASE_URL: 'http://x/', HEXNODE_API_KEY: 'k' }, /not both/],
    [{ HEXNODE_PORTAL: 'not a portal!', HEXNODE_API_KEY: 'k' }, /HEXNODE_PORTAL must be/],
    [{ HEXNODE_BASE_URL: 'ftp://x/', HEXNODE_API_KEY: 'k' }, /HEXNODE_BASE_URL must be an http/],
    [{ HEXNODE_BASE_URL: 'nope', HEXNODE_API_KEY: 'k' }, /HEXNODE_BASE_URL must be an absolute/],
    [{ PORT: '80000' }, /PORT must be a port number/],
    [{ PUBLIC_URL: 'hr.example.com' }, /PUBLIC_URL must be/],
    [{ SIMULATOR_CHECKIN_MS: '-1' }, /SIMULATOR_CHECKIN_MS must be/],
    [{ SIMULATOR_WINDOW_MS: '0' }, /SIMULATOR_WINDOW_MS must be/],
    [{ SIMULATOR_WINDOW_MS: 'soon' }, /SIMULATOR_WINDOW_MS must be/],
    [{ DATABASE_URL: 'mysql://db/x' }, /DATABASE_URL must be a postgresql:\/\/ URL/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL must be a postgresql:\/\/ URL/],
    [{ DATABASE_URL: 'postgresql://db/x', DATABASE_SCHEMA: 'Drop Table' }, /DATABASE_SCHEMA must be/],
  ];
  for (const [env, message] of cases) {
    assert.throws(
      () => readConfig(env),
      (error: unknown) => error instanceof ConfigError && message.test(error.message),
    );
  }
});

test('a wrong API key is reported in one line that names the variable and not the key', async () => {
  const sim = await startSimulator({ apiKey: 'the-right-key' });
  try {
    await assert.rejects(checkHexnode(sim.url, 'a-wrong-key-123'), (error: unknown) => {
      assert.ok(error instanceof HexnodeConnectionError);
      assert.match(error.message, /rejected the API key \(HTTP 401\): check HEXNODE_API_KEY/);
      assert.doesNotMatch(error.message, /a-wrong-key-123|\n/);
      return true;
    });
    assert.deepEqual(await checkHexnode(sim.url, 'the-right-key').then((r) => typeof r.users), 'number');
  } finally {
    await sim.close();
  }
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('an unreachable Hexnode is reported in one line', async () => {
  const port = await closedPort();
  await assert.rejects(checkHexnode(`http://127.0.0.1:${port}/api/v1/`, 'k'), (error: unknown) => {
    assert.ok(error instanceof HexnodeConnectionError);
    assert.match(error.message, /^Cannot reach Hexnode at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    return true;
  });
});

async function runDemo(
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hrms-demo-start-'));
  try {
    return await runDemoIn(dataDir, env);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

function runDemoIn(
  dataDir: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@hexnode-offboard/source', '--import', 'tsx', 'src/main.ts'],
      {
        cwd: DEMO_DIR,
        env: { PATH: process.env.PATH, HRMS_DEMO_DATA_DIR: dataDir, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('npm start with a wrong key exits non-zero with one clear line and no stack trace', async () => {
  const sim = await startSimulator({ apiKey: 'the-right-key' });
  try {
    const result = await runDemo({ HEXNODE_BASE_URL: sim.url, HEXNODE_API_KEY: 'wrong-key-456', PORT: '0' });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(
      lines[0] ?? '',
      /^hrms-demo: Hexnode at http:\/\/127\.0\.0\.1:\d+ rejected the API key \(HTTP 401\)/,
    );
    assert.doesNotMatch(result.stderr, /wrong-key-456/);
  } finally {
    await sim.close();
  }
});

test('npm start with an unreachable portal exits non-zero with one clear line', async () => {
  const port = await closedPort();
  const result = await runDemo({
    HEXNODE_BASE_URL: `http://127.0.0.1:${port}/api/v1/`,
    HEXNODE_API_KEY: 'k',
    PORT: '0',
  });
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    /^hrms-demo: Cannot reach Hexnode at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): check HEXNODE_PORTAL \/ HEXNODE_BASE_URL and your network\.\n$/,
  );
});

test('npm start with a configuration mistake exits with code 2 and one line', async () => {
  const result = await runDemo({ HEXNODE_API_KEY: 'k' });
  assert.equal(result.code, 2);
  assert.equal(
    result.stderr,
    'hrms-demo: HEXNODE_API_KEY is set but neither HEXNODE_PORTAL nor HEXNODE_BASE_URL is.\n',
  );
});

test('npm start on a port in use exits non-zero with one line naming PORT', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const { port } = blocker.address() as { port: number };
  try {
    const result = await runDemo({ PORT: String(port), SIMULATOR_CHECKIN_MS: '100' });
    assert.equal(result.code, 1);
    assert.equal(result.stderr, `hrms-demo: port ${port} is already in use: set PORT to another port.\n`);
  } finally {
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
  }
});

test('npm start with an unreadable store exits non-zero with one line naming the data folder', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'hrms-demo-start-'));
  try {
    await writeFile(join(dataDir, 'offboard.sqlite'), 'not a database');
    const result = await runDemoIn(dataDir, { PORT: '0' });
    assert.equal(result.code, 1);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(
      lines[0] ?? '',
      /^hrms-demo: could not start: cannot open the store .*offboard\.sqlite .*HRMS_DEMO_DATA_DIR/,
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
