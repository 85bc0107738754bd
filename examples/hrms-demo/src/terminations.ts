/**
 * Zero-touch offboarding, as this HRMS embeds it: the termination webhook endpoint (`createTerminationWebhookHandler`)
 * under /hooks/terminations, and a job worker (`createJobWorker` + `createOffboardingExecutor`) on the same store
 * and the same Hexnode as the handler. Any number of instances on one store share the queue: each job runs once.
 * The demo also plays the HRMS's sender (termination-sender.ts); a real HRMS posts here from its own system.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  HexnodeClient,
  HexnodeDirectory,
  OffboardingPlanner,
  type BudgetOptions,
} from '@hexnode-offboard/core';
import {
  createJobWorker,
  createOffboardingExecutor,
  createTerminationWebhookHandler,
  type Job,
  type JobQueue,
  type JobWorker,
  type TerminationPolicy,
} from '@hexnode-offboard/proxy';
import { toNodeListener } from '@hexnode-offboard/proxy/node';
import { SHARED_DEVICE_GROUPS } from './fleet.js';
import type { DemoStore } from './store.js';

/**
 * The two-person rule, tighter than the kit's default (5) so the demo shows it: a termination acting on more
 * than two devices (Jane Leaver's three) waits for a second HR admin on the Offboarding page.
 */
export const DEMO_APPROVAL = { maxDevices: 2 };

/** The zone an effective date and time is read in (the demo's employees are in the UK and Germany). */
export const DEMO_TIME_ZONE = 'Europe/London';

/** What each termination type does, and when: involuntary at once (a wipe), voluntary at the effective time (a lock). */
export const TERMINATION_POLICY: TerminationPolicy = {
  actions: { involuntary: { action: 'wipe' }, voluntary: { action: 'lock' } },
  immediate: ['involuntary'],
  defaultTime: '17:00',
  timeZone: DEMO_TIME_ZONE,
};

/** The types the Terminate form offers (the policy's keys). */
export const TERMINATION_TYPES = ['involuntary', 'voluntary'] as const;
export type TerminationType = (typeof TERMINATION_TYPES)[number];

export interface TerminationSettings {
  /** The same Hexnode as the handler's; the key never leaves the server. */
  hexnode: { baseUrl: string; apiKey: string; budget?: BudgetOptions };
  demoStore: DemoStore;
  /** `whsec_...`: the endpoint verifies with it, and the demo's sender signs with it. */
  webhookSecret: string;
  /** How often an idle worker looks for due jobs. Default 1000 ms. */
  pollIntervalMs?: number;
  /**
   * Alerts: an employee Hexnode cannot resolve (the job is a dead letter), or a job held for a second person
   * (the two-person rule); nothing was sent in either case.
   */
  logAlert: (line: string) => void;
  /** The worker's own failures (the queue unreachable). */
  logError: (line: string) => void;
}

export class Terminations {
  static readonly path = '/hooks/terminations';
  readonly #queue: JobQueue;
  readonly #worker: JobWorker;
  /** The webhook endpoint for node:http (POST, signed; anything else is refused by the kit). */
  readonly listener: (req: IncomingMessage, res: ServerResponse) => void;

  constructor(settings: TerminationSettings) {
    const { store, queue } = settings.demoStore;
    this.#queue = queue;
    this.listener = toNodeListener(
      createTerminationWebhookHandler({
        queue,
        endpoint: { tenant: null, secrets: [settings.webhookSecret], policy: TERMINATION_POLICY },
      }),
    );
    // The worker's Hexnode client counts its calls in the store's budget, with the handler's and every other
    // instance's: one budget per portal, however many instances run.
    const client = new HexnodeClient({
      baseUrl: settings.hexnode.baseUrl,
      apiKey: settings.hexnode.apiKey,
      budget: { ...settings.hexnode.budget, store: store.budgetStore },
    });
    const planner = new OffboardingPlanner({
      client,
      directory: new HexnodeDirectory(client),
      sharedDeviceGroups: SHARED_DEVICE_GROUPS,
    });
    this.#worker = createJobWorker({
      queue,
      executors: {
        offboard: createOffboardingExecutor({
          store,
          planner: () => planner,
          approval: DEMO_APPROVAL,
          onAlert: (alert) =>
            settings.logAlert(
              `Alert: ${alert.code} for ${alert.employeeEmail} (job ${alert.jobId}): nothing was sent.`,
            ),
        }),
      },
      budget: client.budget, // claims jobs only while the shared budget has room for one
      ...(settings.pollIntervalMs !== undefined ? { pollIntervalMs: settings.pollIntervalMs } : {}),
      logger: { error: (message) => settings.logError(`Job worker: ${message}`) },
    });
  }

  /** Starts polling the queue for due jobs. */
  start(): void {
    this.#worker.start();
  }

  /** Stops polling and waits for the jobs that are running. */
  stop(): Promise<void> {
    return this.#worker.stop();
  }

  /** The newest jobs, every state (the queue's `listJobs`). */
  listJobs(limit = 100): Promise<Job[]> {
    return this.#queue.listJobs({ limit });
  }

  getJob(id: string): Promise<Job | null> {
    return this.#queue.getJob(id);
  }
}
