/**
 * Starts the real demo (simulator on loopback, Vite-built pages, SQLite store in a temp folder) on a free
 * port, and signs people in through the real sign-in form. Shared by the Node and end-to-end tests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator } from '@hexnode-offboard/simulator';
import type { DatabaseTarget, DemoConfig } from '../src/config.js';
import { startDemo, type RunningDemo } from '../src/demo.js';

export interface TestDemo {
  demo: RunningDemo;
  /** The origin the browser and the tests use, e.g. http://localhost:41234. */
  origin: string;
  simulator: Simulator;
  /** The alerts the demo printed (termination jobs for an employee Hexnode does not know). */
  alerts: string[];
  /** Signs in through the form; returns the session cookie (name=value). */
  signIn(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestDemo(
  options: {
    checkinMs?: number;
    windowMs?: number;
    /** PostgreSQL instead of the SQLite file in the temporary data folder. */
    database?: DatabaseTarget;
    /** How often the demo's job worker looks for due jobs. */
    workerPollMs?: number;
  } = {},
): Promise<TestDemo> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hrms-demo-test-'));
  const config: DemoConfig = {
    host: '127.0.0.1',
    port: 0,
    publicUrl: null,
    dataDir,
    database: options.database ?? null,
    hexnode: {
      kind: 'simulator',
      port: 0,
      checkinMs: options.checkinMs ?? 300,
      ...(options.windowMs === undefined ? {} : { windowMs: options.windowMs }),
    },
  };
  const errors: string[] = [];
  const alerts: string[] = [];
  const demo = await startDemo(config, {
    logError: (line) => errors.push(line),
    logAlert: (line) => alerts.push(line),
    ...(options.workerPollMs !== undefined ? { workerPollMs: options.workerPollMs } : {}),
  });
  const origin = new URL(demo.url).origin;
  const simulator = demo.hexnode.simulator;
  if (!simulator) throw new Error('The test demo must run the simulator.');
  return {
    demo,
    origin,
    simulator,
    alerts,
    async signIn(username, password = 'demo') {
      const response = await fetch(new URL('/signin', origin), {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: new URLSearchParams({ username, password, next: '/' }),
      });
      const setCookie = response.headers.get('set-cookie');
      if (response.status !== 303 || !setCookie)
        throw new Error(`Sign-in as ${username} failed: ${response.status}`);
      return setCookie.split(';')[0] ?? '';
    },
    async close() {
      await demo.close();
      await rm(dataDir, { recursive: true, force: true });
      if (errors.length) throw new Error(`The demo logged errors:\n${errors.join('\n')}`);
    },
  };
}
