/**
 * The demo HRMS's HTTP server (node:http): opens the store and the sessions, binds the port, then builds the
 * HRMS (app.ts) around the offboard integration (offboard.ts) and zero-touch offboarding (terminations.ts)
 * with the origins it now knows, serves it, and starts the job worker.
 */
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { BudgetOptions } from '@hexnode-offboard/core';
import type { JobQueue, OffboardStore } from '@hexnode-offboard/proxy';
import { DemoApp } from './app.js';
import type { BuiltPages } from './assets.js';
import type { DatabaseTarget } from './config.js';
import { Offboard } from './offboard.js';
import { loadSecrets } from './secrets.js';
import { FileRevokedSessions } from './revoked-sessions.js';
import { SessionManager } from './sessions.js';
import { openDemoStore, type DemoStore } from './store.js';
import { TerminationRoutes } from './termination-routes.js';
import { TerminationSender } from './termination-sender.js';
import { Terminations } from './terminations.js';

export { safeNext } from './app.js';

export interface DemoServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** The origin people open, when it is not this server's own (a proxy in front, another hostname). */
  publicUrl?: string | null;
  /** Where the SQLite store, the demo's secrets and the signed-out session ids live. */
  dataDir: string;
  /** PostgreSQL for the store, the budget and the job queue; null: the SQLite file in `dataDir`. */
  database?: DatabaseTarget | null;
  /** Which Hexnode the handler and the job worker talk to. The key never leaves this process. */
  hexnode: { baseUrl: string; apiKey: string; budget?: BudgetOptions };
  /** How often the job worker looks for due jobs. Default 1000 ms. */
  workerPollMs?: number;
  pages: BuiltPages;
  /** How long a profile page's session token lives. Default 900 s. */
  tokenTtlSeconds?: number;
  /** Where one-line diagnostics go. Default console.error. */
  logError?: (line: string) => void;
  /**
   * Where alerts of the termination jobs go (an employee Hexnode does not know, a job held for a second person).
   * Default console.log.
   */
  logAlert?: (line: string) => void;
}

export interface DemoServer {
  /** The URL to open, e.g. http://localhost:8787/. */
  url: string;
  /** The origins the handler accepts cookie-mode requests from. */
  allowedOrigins: string[];
  server: Server;
  store: OffboardStore;
  /** The termination jobs (the same store). */
  queue: JobQueue;
  /** One line: which store this is. */
  storeDescription: string;
  close(): Promise<void>;
}

/** Where this server can post to itself (the demo's termination sender posts to its own endpoint). */
function selfOrigin(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** Where people open the demo: the public URL first (when set), then this server's own address. */
export function originsOf(host: string, port: number, publicUrl: string | null): string[] {
  const local = isLoopback(host)
    ? [`http://localhost:${port}`, `http://127.0.0.1:${port}`]
    : [`http://${host.includes(':') ? `[${host}]` : host}:${port}`];
  return publicUrl ? [publicUrl, ...local] : local;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** The zero-touch side: the termination endpoint and its worker, and the Terminate form's sender and routes. */
function zeroTouch(
  options: DemoServerOptions,
  parts: {
    self: string;
    origins: string[];
    demoStore: DemoStore;
    sessions: SessionManager;
    webhookSecret: string;
    logError: (line: string) => void;
  },
): { terminations: Terminations; terminationRoutes: TerminationRoutes } {
  const { demoStore, logError } = parts;
  const terminations = new Terminations({
    hexnode: options.hexnode,
    demoStore,
    webhookSecret: parts.webhookSecret,
    logAlert: options.logAlert ?? ((line: string) => console.log(line)),
    logError,
    ...(options.workerPollMs !== undefined ? { pollIntervalMs: options.workerPollMs } : {}),
  });
  const sender = new TerminationSender({
    endpoint: `${parts.self}${Terminations.path}`,
    secret: parts.webhookSecret,
    store: demoStore.store,
  });
  const terminationRoutes = new TerminationRoutes({
    sessions: parts.sessions,
    terminations,
    sender,
    origins: parts.origins,
  });
  return { terminations, terminationRoutes };
}

// Over 60 lines: the demo's composition root, each part built in the order the next needs it (the port before
// the origins, the origins before the handler and the Terminate routes); each is a few lines.
export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const host = options.host ?? '127.0.0.1';
  const publicUrl = options.publicUrl ?? null;
  await mkdir(options.dataDir, { recursive: true });
  const secrets = loadSecrets(options.dataDir);
  // Signed-out session ids, kept in the data folder so a restart does not bring a signed-out cookie back.
  const revoked = new FileRevokedSessions({ path: join(options.dataDir, 'revoked-sessions.json') });
  const demoStore = await openDemoStore(options.dataDir, options.database ?? null);
  const { store } = demoStore;
  const sessions = new SessionManager({
    secret: Buffer.from(secrets.session),
    secure: publicUrl?.startsWith('https:') ?? false,
    revoked,
  });

  // The port is bound first (PORT=0 picks a free one), so the origins are known before anything is built; the
  // request listener is attached in the same turn, so no request ever meets a half-built server.
  const server = createServer();
  const port = await listen(server, options.port ?? 8787, host).catch(async (error: unknown) => {
    await demoStore.close();
    throw error;
  });
  const origins = originsOf(host, port, publicUrl);
  const offboard = new Offboard({
    hexnode: options.hexnode,
    origins,
    store,
    sessions,
    revoked,
    tokenSecret: secrets.token,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 900,
  });
  const logError = options.logError ?? ((line: string) => console.error(line));
  const { terminations, terminationRoutes } = zeroTouch(options, {
    self: selfOrigin(host, port),
    origins,
    demoStore,
    sessions,
    webhookSecret: secrets.webhook,
    logError,
  });
  const app = new DemoApp({
    pages: options.pages,
    sessions,
    offboard,
    terminations,
    terminationRoutes,
    origins,
    logError,
  });
  server.on('request', app.listener);
  terminations.start();

  return {
    url: `${publicUrl ?? (isLoopback(host) ? `http://localhost:${port}` : origins[0])}/`,
    allowedOrigins: origins,
    server,
    store,
    queue: demoStore.queue,
    storeDescription: demoStore.description,
    async close() {
      await terminations.stop(); // waits for the jobs this worker is running
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await demoStore.close();
    },
  };
}
