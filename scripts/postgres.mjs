// A throwaway PostgreSQL server for the tests: a new cluster in a temporary folder, listening on a free port
// on 127.0.0.1 only, stopped and deleted afterwards.
//
//   node scripts/postgres.mjs <command...>   runs the command with DATABASE_URL set, then stops the server
//   node scripts/postgres.mjs                 starts a server, prints its DATABASE_URL, stops at Ctrl-C
//
// The server binaries come from `PG_BIN` (a folder holding initdb and pg_ctl; when set, the only place
// looked at), else the newest /usr/lib/postgresql/<version>/bin (Debian's `postgresql` package), else
// `pg_config --bindir`. initdb
// refuses to run as root, so as root the cluster belongs to the `postgres` user (created by Debian's package)
// and every server command runs through `runuser -u postgres`. The cluster runs with fsync off: it holds
// test data only.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER_USER = 'postgres';
const DATABASE_USER = 'offboard';

/** The folder with initdb and pg_ctl, or null when this machine has no PostgreSQL server binaries. */
export function findPostgresBin() {
  if (process.env.PG_BIN) {
    const dir = process.env.PG_BIN;
    return existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')) ? dir : null;
  }
  const candidates = [];
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((name) => /^\d+(\.\d+)?$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => join(debian, version, 'bin')));
  }
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (pgConfig.status === 0) candidates.push(pgConfig.stdout.trim());
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) ?? null;
}

/** A port nobody listens on right now, on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function userId(name) {
  const result = spawnSync('id', ['-u', name], { encoding: 'utf8' });
  return result.status === 0 ? Number(result.stdout.trim()) : null;
}

/**
 * Starts a throwaway server. Resolves to `{ url, stop() }`, or to `{ skipped: reason }` when it cannot run
 * here (no server binaries, or root without a `postgres` user); anything else that goes wrong throws.
 */
export async function startPostgres() {
  const bin = findPostgresBin();
  if (!bin) {
    return {
      skipped:
        'no PostgreSQL server binaries (install Debian\'s "postgresql" package, set PG_BIN, or set DATABASE_URL)',
    };
  }
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? userId(SERVER_USER) : null;
  if (asRoot && owner === null) {
    return { skipped: `running as root and there is no "${SERVER_USER}" user to own the cluster` };
  }
  const run = (tool, args, options = {}) => {
    const [command, commandArgs] = asRoot
      ? ['runuser', ['-u', SERVER_USER, '--', join(bin, tool), ...args]]
      : [join(bin, tool), args];
    const result = spawnSync(command, commandArgs, { encoding: 'utf8', ...options });
    if (result.status !== 0) {
      throw new Error(
        `${tool} failed (exit ${result.status}): ${(result.stderr || result.stdout || '').trim().slice(-2000)}`,
      );
    }
    return result;
  };

  const root = mkdtempSync(join(tmpdir(), 'hexnode-offboard-postgres-'));
  const data = join(root, 'data');
  const log = join(root, 'server.log');
  if (asRoot) {
    chownSync(root, owner, -1);
    chmodSync(root, 0o700);
  }
  const remove = () => rmSync(root, { recursive: true, force: true });
  let started = false;
  const stop = () => {
    if (started) {
      started = false;
      spawnSync(
        asRoot ? 'runuser' : join(bin, 'pg_ctl'),
        asRoot
          ? ['-u', SERVER_USER, '--', join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop']
          : ['-D', data, '-m', 'immediate', '-w', 'stop'],
        { stdio: 'ignore' },
      );
    }
    remove();
  };
  try {
    run('initdb', ['-D', data, '-U', DATABASE_USER, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const port = await freePort();
    // The socket goes in the data folder (the default folder may not exist or not be writable).
    const serverOptions = `-c listen_addresses=127.0.0.1 -p ${port} -k ${data} -c fsync=off -c full_page_writes=off -c max_connections=200`;
    run('pg_ctl', ['-D', data, '-l', log, '-o', serverOptions, '-w', '-t', '60', 'start']);
    started = true;
    return { url: `postgresql://${DATABASE_USER}@127.0.0.1:${port}/postgres`, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/**
 * Runs `command` with `DATABASE_URL` pointing at a throwaway server (started here unless DATABASE_URL is
 * already set), and stops the server afterwards. Without a server, says loudly what is skipped and runs the
 * command anyway (its PostgreSQL tests then report themselves as skipped). Resolves to the exit status.
 */
export async function withPostgres(command, args, options = {}) {
  let server = null;
  const env = { ...process.env, ...options.env };
  if (env.DATABASE_URL) {
    console.log(`PostgreSQL: using DATABASE_URL from the environment.`);
  } else {
    const started = await startPostgres();
    if ('skipped' in started) {
      console.log(skipBanner(started.skipped));
      env.HEXNODE_OFFBOARD_POSTGRES_SKIPPED = started.skipped;
    } else {
      server = started;
      env.DATABASE_URL = server.url;
      console.log(`PostgreSQL: a throwaway server at ${server.url}`);
    }
  }
  const forward = (signal) => () => child?.kill(signal);
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  const onExit = () => server?.stop();
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  process.on('exit', onExit);
  let child;
  try {
    return await new Promise((resolve, reject) => {
      child = spawn(command, args, { stdio: 'inherit', env });
      child.once('error', reject);
      child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
    process.off('exit', onExit);
    server?.stop();
    if (env.HEXNODE_OFFBOARD_POSTGRES_SKIPPED) console.log(skipBanner(env.HEXNODE_OFFBOARD_POSTGRES_SKIPPED));
  }
}

function skipBanner(reason) {
  const line = '!'.repeat(100);
  return `\n${line}\n!! SKIPPED: every PostgreSQL test (store contract, job queue, concurrent claims) — ${reason}.\n${line}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, ...args] = process.argv.slice(2);
  if (command) {
    process.exit(await withPostgres(command, args));
  } else {
    const server = await startPostgres();
    if ('skipped' in server) {
      console.error(`Cannot start PostgreSQL: ${server.skipped}.`);
      process.exit(1);
    }
    console.log(`DATABASE_URL=${server.url}\nPress Ctrl-C to stop and delete it.`);
    const stop = () => {
      server.stop();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    setInterval(() => undefined, 1 << 30);
  }
}
