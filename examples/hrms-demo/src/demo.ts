/** Starts the whole demo: Hexnode (simulator or real), the built pages and the HTTP server. */
import { buildPages, type BuiltPages } from './assets.js';
import type { DemoConfig } from './config.js';
import { connectHexnode, type HexnodeConnection } from './hexnode.js';
import { startDemoServer, type DemoServer } from './server.js';

export interface RunningDemo {
  url: string;
  hexnode: HexnodeConnection;
  server: DemoServer;
  /** Whether this start ran a Vite build (false: reused the last one). */
  pagesBuilt: boolean;
  close(): Promise<void>;
}

export interface StartDemoOptions {
  tokenTtlSeconds?: number;
  /** How often the job worker looks for due jobs. Default 1000 ms. */
  workerPollMs?: number;
  logError?: (line: string) => void;
  logAlert?: (line: string) => void;
}

export async function startDemo(config: DemoConfig, options: StartDemoOptions = {}): Promise<RunningDemo> {
  // Hexnode first: a wrong key or an unreachable portal stops the start before anything is built.
  const hexnode = await connectHexnode(config.hexnode);
  let pages: BuiltPages;
  let server: DemoServer;
  try {
    pages = await buildPages();
    server = await startDemoServer({
      host: config.host,
      port: config.port,
      publicUrl: config.publicUrl,
      dataDir: config.dataDir,
      database: config.database,
      hexnode: {
        baseUrl: hexnode.baseUrl,
        apiKey: hexnode.apiKey,
        ...(hexnode.budget ? { budget: hexnode.budget } : {}),
      },
      pages,
      ...(options.tokenTtlSeconds !== undefined ? { tokenTtlSeconds: options.tokenTtlSeconds } : {}),
      ...(options.workerPollMs !== undefined ? { workerPollMs: options.workerPollMs } : {}),
      ...(options.logError ? { logError: options.logError } : {}),
      ...(options.logAlert ? { logAlert: options.logAlert } : {}),
    });
  } catch (error) {
    await hexnode.close();
    throw error;
  }
  return {
    url: server.url,
    hexnode,
    server,
    pagesBuilt: pages.built,
    async close() {
      await server.close();
      await hexnode.close();
    },
  };
}
