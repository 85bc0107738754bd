import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, test } from 'node:test';
import { parseCli } from '../src/cli.js';

const BIN = fileURLToPath(new URL('../bin/hexnode-simulator.js', import.meta.url));
/** The bin runs dist/ when installed; here it runs the sources, as every test does. */
const SOURCE = ['--conditions=@hexnode-offboard/source', '--import', 'tsx'];

/** Starts the CLI and resolves with the base URL it prints. */
async function startCli(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [...SOURCE, BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/\S+\/api\/v1\/)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  return { child, url, output: () => stdout + stderr };
}

describe('hexnode-simulator CLI', () => {
  let running: ChildProcess | undefined;
  afterEach(() => {
    if (running && running.exitCode === null) running.kill('SIGKILL');
    running = undefined;
  });

  test('serves the fleet at the URL it prints, with the given key and size, and stops cleanly on SIGINT', async () => {
    const { child, url } = await startCli([
      '--port',
      '0',
      '--api-key',
      'cli-key',
      '--users',
      '30',
      '--devices',
      '40',
      '--seed',
      '9',
    ]);
    running = child;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/$/);
    const users = await fetch(`${url}users/?per_page=5`, { headers: { Authorization: 'cli-key' } });
    assert.equal(users.status, 200);
    // 30 seeded users, then the two hard cases appended after them.
    assert.equal(((await users.json()) as { count: number }).count, 32);
    const unauthorised = await fetch(`${url}devices/`, { headers: { Authorization: 'demo-api-key' } });
    assert.equal(unauthorised.status, 401);
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    const [code] = await exited;
    assert.equal(code, 0);
  });

  test('fault flags take effect: --error-rate 1 answers 5xx', async () => {
    const { child, url } = await startCli(['--port', '0', '--error-rate', '1']);
    running = child;
    const response = await fetch(`${url}users/`, { headers: { Authorization: 'demo-api-key' } });
    assert.ok(response.status >= 500, String(response.status));
  });

  test('a bad flag prints one clear error line and exits 2', () => {
    for (const args of [['--port', 'abc'], ['--fail-rate', '3'], ['--bogus'], ['--users', '-5']]) {
      const result = spawnSync(process.execPath, [...SOURCE, BIN, ...args], { encoding: 'utf8' });
      assert.equal(result.status, 2, args.join(' '));
      const lines = result.stderr.trim().split('\n');
      assert.equal(lines.length, 1, result.stderr);
      assert.match(lines[0]!, /^hexnode-simulator: /);
    }
  });

  test('--help prints the usage with every flag and exits 0', () => {
    const result = spawnSync(process.execPath, [...SOURCE, BIN, '--help'], { encoding: 'utf8' });
    assert.equal(result.status, 0);
    for (const flag of [
      '--port',
      '--host',
      '--api-key',
      '--seed',
      '--users',
      '--devices',
      '--latency-ms',
      '--jitter-ms',
      '--rate-limit',
      '--checkin-ms',
      '--fail-rate',
      '--error-rate',
    ]) {
      assert.ok(result.stdout.includes(flag), flag);
    }
  });

  test('flags map onto the server options', () => {
    assert.deepEqual(
      parseCli([
        '--latency-ms',
        '250',
        '--jitter-ms',
        '50',
        '--rate-limit',
        '5',
        '--checkin-ms',
        '300',
        '--fail-rate',
        '0.25',
      ]),
      {
        options: {
          port: 4010,
          host: '127.0.0.1',
          checkinMs: 300,
          failRate: 0.25,
          faults: { latencyMs: 250, jitterMs: 50, rateLimit: 5, errorRate: 0 },
        },
      },
    );
  });
});
