/** Test helpers: a simulator with its real throttle and a one-second window, and the bin run as a child process. */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FleetDevice, FleetSpec, FleetUser } from '@hexnode-offboard/simulator';
import {
  startSimulator,
  type RunningSimulator,
  type StartSimulatorOptions,
} from '@hexnode-offboard/simulator/node';

/** Hexnode's minute, shortened: the simulator and the kit's budget both use it. */
export const WINDOW_MS = 1000;
export const PLAN_KEY = 'test-plan-key-0123456789abcdef';
export const BIN = fileURLToPath(new URL('../bin/hexnode-offboard.js', import.meta.url));
/** The repository root: the child runs there so it finds tsx and the shared tsconfig. */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function start(options: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  return startSimulator({ throttle: { windowMs: WINDOW_MS }, ...options });
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'hexnode-offboard-'));
}

export function writeFile(dir: string, name: string, content: string | Uint8Array): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function envFor(
  simulator: RunningSimulator,
  dir: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    HEXNODE_OFFBOARD_JOURNAL_DIR: join(dir, 'journal'),
    PATH: process.env.PATH ?? '',
    HEXNODE_BASE_URL: simulator.url,
    HEXNODE_API_KEY: simulator.simulator.apiKey,
    HEXNODE_OFFBOARD_PLAN_KEY: PLAN_KEY,
    HEXNODE_WINDOW_MS: String(WINDOW_MS),
    HEXNODE_OFFBOARD_USER: 'alice',
    TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.base.json'),
    ...extra,
  };
}

/** Runs `hexnode-offboard args` from the repository's source; `killAfter` sends SIGKILL once it says so. */
export function runBin(
  args: string[],
  env: Record<string, string>,
  options: { killWhen?: (stderr: string) => boolean; killAfterMs?: number } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@hexnode-offboard/source', '--import', 'tsx', BIN, ...args],
      {
        env,
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (options.killWhen?.(stderr)) child.kill('SIGKILL');
      // A random moment once the run has started: mid-call, between the intent line and the answer, anywhere.
      if (options.killAfterMs !== undefined && !timer && stderr.includes('start:')) {
        timer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
      }
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A fleet of `leavers` users (leaver1@..leaverN@), each with one or two corporate devices, plus a few others. */
export function bulkFleet(leavers: number): FleetSpec {
  const users: FleetUser[] = [];
  const devices: FleetDevice[] = [];
  for (let i = 1; i <= leavers + 20; i += 1) {
    users.push({
      id: i,
      name: `Person ${i}`,
      email: `${i <= leavers ? 'leaver' : 'stayer'}${i}@acme.example`,
    });
    devices.push({ name: `dev-${i}-a`, platform: 'android', userId: i });
    if (i % 2 === 0) devices.push({ name: `dev-${i}-b`, platform: 'ios', userId: i });
  }
  return { users, devices };
}

export const leaversCsv = (count: number): string =>
  `email,name\n${Array.from({ length: count }, (_, i) => `leaver${i + 1}@acme.example,Person ${i + 1}`).join('\n')}\n`;

/** Commands of one action (`wipe_device`, `lock_devices`, ...) queued on each device, from the simulator's state. */
export function commandsPerDevice(simulator: RunningSimulator, action: string): Map<number, number> {
  const counts = new Map<number, number>();
  for (const device of simulator.simulator.devices) {
    const n = simulator.simulator.commands(device.id).filter((command) => command.action === action).length;
    if (n) counts.set(device.id, n);
  }
  return counts;
}
