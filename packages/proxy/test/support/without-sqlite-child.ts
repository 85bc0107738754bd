// Runs the proxy's Node entries as if better-sqlite3 were not installed: Node's CommonJS resolver refuses the
// name (the driver is loaded with require), so nothing of the kit is replaced. Prints one JSON line.
import Module from 'node:module';

const resolver = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = resolver._resolveFilename;
resolver._resolveFilename = function (request: string, ...rest: unknown[]) {
  if (request === 'better-sqlite3') {
    throw Object.assign(new Error(`Cannot find module '${request}'`), { code: 'MODULE_NOT_FOUND' });
  }
  return resolve.call(this, request, ...rest);
};

const attempt = (run: () => unknown): string => {
  try {
    run();
    return 'ok';
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
};

const node = await import('@hexnode-offboard/proxy/node');
const sqlite = await import('@hexnode-offboard/proxy/sqlite');
const { createMemoryStore } = await import('@hexnode-offboard/proxy');
const dir = process.argv[2]!;
process.chdir(dir);
const options = {
  hexnode: { baseUrl: 'http://127.0.0.1:9/api/v1/', apiKey: 'key' },
  authorize: async () => null,
  allowedOrigins: ['https://hr.acme.example'],
};
console.log(
  JSON.stringify({
    adapters: typeof node.createExpressMiddleware === 'function' && typeof node.toNodeListener === 'function',
    withStore: attempt(() => node.createOffboardHandler({ ...options, store: createMemoryStore() })),
    defaultStore: attempt(() => node.createOffboardHandler(options)),
    sqliteEntry: attempt(() => sqlite.createSqliteStore({ path: 'state/offboard.db' })),
  }),
);
