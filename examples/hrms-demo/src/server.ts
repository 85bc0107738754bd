/**
 * The demo HRMS's HTTP server (node:http): opens the store and the sessions, binds the port, then builds the
 * HRMS (app.ts) around the offboard integration (offboard.ts) with the origins it now knows, and serves it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { HexnodeConnection, OffboardStore } from '@hexnode-offboard/proxy';
import { createSqliteStore } from '@hexnode-offboard/proxy/node';
import { DemoApp } from './app.js';
import type { BuiltPages } from './assets.js';
import { Offboard } from './offboard.js';
import { FileRevokedSessions, SessionManager } from './sessions.js';

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
  /** Which Hexnode the handler talks to. The key never leaves this process. */
  hexnode: HexnodeConnection;
  pages: BuiltPages;
  /** How long a profile page's session token lives. Default 900 s. */
  tokenTtlSeconds?: number;
  /** Where one-line diagnostics go. Default console.error. */
  logError?: (line: string) => void;
}

export interface DemoServer {
  /** The URL to open, e.g. http://localhost:8787/. */
  url: string;
  /** The origins the handler accepts cookie-mode requests from. */
  allowedOrigins: string[];
  server: Server;
  store: OffboardStore;
  close(): Promise<void>;
}

interface Secrets {
  session: string;
  token: string;
}

/** The demo's signing secrets, created once per data folder (so sessions survive a restart). */
function loadSecrets(dataDir: string): Secrets {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>;
    if (typeof parsed.session === 'string' && typeof parsed.token === 'string') return parsed as Secrets;
  }
  const secrets = {
    session: randomBytes(32).toString('base64url'),
    token: randomBytes(32).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

function openStore(dataDir: string): OffboardStore {
  const path = join(dataDir, 'offboard.sqlite');
  try {
    return createSqliteStore({ path });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(
      `cannot open the store ${path} (${why}): move the data folder away or set HRMS_DEMO_DATA_DIR to start afresh.`,
      { cause: error },
    );
  }
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

export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const host = options.host ?? '127.0.0.1';
  const publicUrl = options.publicUrl ?? null;
  await mkdir(options.dataDir, { recursive: true });
  const secrets = loadSecrets(options.dataDir);
  // Signed-out session ids, kept in the data folder so a restart does not bring a signed-out cookie back.
  const revoked = new FileRevokedSessions({ path: join(options.dataDir, 'revoked-sessions.json') });
  const store = openStore(options.dataDir);
  const sessions = new SessionManager({
    secret: Buffer.from(secrets.session),
    secure: publicUrl?.startsWith('https:') ?? false,
    revoked,
  });

  // The port is bound first (PORT=0 picks a free one), so the origins are known before anything is built; the
  // request listener is attached in the same turn, so no request ever meets a half-built server.
  const server = createServer();
  const port = await listen(server, options.port ?? 8787, host).catch(async (error: unknown) => {
    await store.close?.();
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
  const app = new DemoApp({ pages: options.pages, sessions, offboard, origins, logError });
  server.on('request', app.listener);

  return {
    url: `${publicUrl ?? (isLoopback(host) ? `http://localhost:${port}` : origins[0])}/`,
    allowedOrigins: origins,
    server,
    store,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await store.close?.();
    },
  };
}
