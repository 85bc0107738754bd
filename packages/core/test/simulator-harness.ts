/**
 * The simulator as a real loopback server for directory and planner tests: started once per file,
 * reset before each test, closed after the file. Request counts come from the simulator's own log.
 */
import { after, before, beforeEach } from 'node:test';
import {
  startSimulator,
  type RunningSimulator,
  type StartSimulatorOptions,
} from '@hexnode-offboard/simulator/node';
import {
  HexnodeClient,
  HexnodeDirectory,
  type HexnodeClientOptions,
  type HexnodeDirectoryOptions,
} from '@hexnode-offboard/core';

export interface SimulatorHarness {
  readonly running: RunningSimulator;
  client(options?: Partial<HexnodeClientOptions>): HexnodeClient;
  directory(options?: HexnodeDirectoryOptions, client?: HexnodeClient): HexnodeDirectory;
  /** Requests logged since the last reset (or `since`), as `METHOD /path/`. */
  requests(): string[];
}

export function useSimulator(options: StartSimulatorOptions = {}): SimulatorHarness {
  let running: RunningSimulator | undefined;
  before(async () => {
    running = await startSimulator(options);
  });
  beforeEach(() => running!.simulator.reset());
  after(() => running?.close());
  const harness: SimulatorHarness = {
    get running() {
      return running!;
    },
    // The client's budget keeps the simulated portal's window, as a real deployment keeps Hexnode's.
    client: (clientOptions = {}) =>
      new HexnodeClient({
        baseUrl: running!.url,
        apiKey: running!.simulator.apiKey,
        ...(options.throttle && options.throttle.windowMs !== undefined
          ? { budget: { windowMs: options.throttle.windowMs } }
          : {}),
        ...clientOptions,
      }),
    directory: (directoryOptions = {}, client) =>
      new HexnodeDirectory(client ?? harness.client(), directoryOptions),
    requests: () => running!.simulator.log.map((entry) => `${entry.method} ${entry.path}`),
  };
  return harness;
}

/** `n` users and `m` devices, device `i` belonging to user `(i % n) + 1`, for paging tests. */
export function bigFleet(users: number, devices: number) {
  return {
    users: Array.from({ length: users }, (_, i) => ({
      name: `User ${i + 1}`,
      email: `user${i + 1}@acme.example`,
    })),
    devices: Array.from({ length: devices }, (_, i) => ({
      name: `Device ${i + 1}`,
      platform: 'android' as const,
      userId: (i % users) + 1,
    })),
  };
}
