/**
 * A job worker whose offboarding executor holds a job over two devices for a second person (Jane has three),
 * against the test simulator: the set-up the two-person-rule tests share.
 */
import { HexnodeClient, HexnodeDirectory, OffboardingPlanner } from '@hexnode-offboard/core';
import {
  createJobWorker,
  createOffboardingExecutor,
  type JobQueue,
  type JobWorker,
  type OffboardAlert,
  type OffboardStore,
} from '@hexnode-offboard/proxy';
import { API_KEY } from './harness.js';

export interface ApprovalWorkerOptions {
  /** The simulator's API root. */
  url: string;
  store: OffboardStore;
  queue: JobQueue;
  now: () => number;
  onAlert?: (alert: OffboardAlert) => void;
}

export function approvalWorker(options: ApprovalWorkerOptions): JobWorker {
  const client = new HexnodeClient({ baseUrl: options.url, apiKey: API_KEY, retry: false });
  const planner = new OffboardingPlanner({ client, directory: new HexnodeDirectory(client) });
  return createJobWorker({
    queue: options.queue,
    executors: {
      offboard: createOffboardingExecutor({
        store: options.store,
        planner: () => planner,
        // Jane has three devices: over a bound of two.
        approval: { maxDevices: 2 },
        ...(options.onAlert ? { onAlert: options.onAlert } : {}),
        now: options.now,
      }),
    },
    now: options.now,
    random: () => 0.5,
    logger: { error: () => undefined },
  });
}
