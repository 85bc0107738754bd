// `npm run test:release`: proves the packages work as an HRMS vendor gets them from the registry.
// 1. Packs every package (`npm pack`, so each `prepack` builds it) and checks each tarball: only what runs
//    (dist, types, manifest, README, LICENSE, CHANGELOG), every `exports`/`bin` target present, ranges for
//    dependencies, publishConfig and repository links, a manifest whose paths exist.
// 2. Installs the tarballs into a fresh app in a temporary folder outside the workspace, third-party packages
//    from the npm registry, with --ignore-scripts (so no native build) and without better-sqlite3.
// 3. Type-checks the app (scripts/release-app) in strict mode with the current TypeScript, Node and browser
//    code, React 19 JSX included; bundles its page with Vite; runs the import checks.
// 4. Starts the simulator (the installed bin) and the app's Express server, and clicks the button through to
//    done in Chromium on three pages under a strict CSP: the prebuilt bundle (cookie mode), the prebuilt German
//    bundle, and the Vite page (token mode, German preloaded).
// Usage: node scripts/release-check.mjs [--keep]   (--keep leaves the temporary folder for a look)
import { spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findBrowser } from './browser.mjs';
import { checkTarball } from './release-tarballs.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['core', 'simulator', 'proxy', 'elements', 'cli'];
/** Hexnode's rate-limit window in the check: the simulator's and the app server's budget's. */
const WINDOW_MS = 2000;
/** The app's own tools: the current TypeScript, and the repository's Vite and Node types. */
const rootDev = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies;
const APP_TOOLS = {
  typescript: '^7.0.2',
  vite: `^${rootDev.vite}`,
  '@types/node': `^${rootDev['@types/node']}`,
  '@types/react': `^${rootDev['@types/react']}`,
  '@types/express': '^5.0.6',
};
// A safety net against a hung step, not a speed budget: a loaded machine is several times slower than an idle one.
const STEP_TIMEOUT_MS = 900_000;
const keep = process.argv.includes('--keep');

// Child npm processes must not inherit `npm run`'s view of this workspace (its prefix, its package).
const KEPT_NPM_VARS = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
const env = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || KEPT_NPM_VARS.has(key.toLowerCase())),
);
delete env.INIT_CWD;

const timings = [];
async function step(title, work) {
  const t0 = Date.now();
  process.stdout.write(`- ${title} ... `);
  const result = await work();
  const seconds = (Date.now() - t0) / 1000;
  timings.push([title, seconds]);
  console.log(`${seconds.toFixed(1)} s`);
  return result;
}

/** Runs a command to the end; throws with its output if it fails. */
function run(command, args, { cwd, quiet = true, extraEnv = {} } = {}) {
  const result = spawnSync(command, args, {
    cwd,
    env: { ...env, ...extraEnv },
    encoding: 'utf8',
    timeout: STEP_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) failed with ${result.status ?? result.signal}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  if (!quiet) process.stdout.write(result.stdout);
  return result.stdout;
}

/**
 * Runs tsc on one project of the app. Fails on any error in the app's code or in our packages' declarations;
 * errors inside other packages' declarations (msw's types need the DOM lib, which a Node-only setup lacks) are
 * theirs, and only counted. Returns that count.
 */
function typecheck(project) {
  const result = spawnSync(join(app, 'node_modules/.bin/tsc'), ['-p', project], {
    cwd: app,
    env,
    encoding: 'utf8',
  });
  const errors = result.stdout.split('\n').filter((line) => /^\S.*\(\d+,\d+\): error TS\d+/.test(line));
  const theirs = errors.filter(
    (line) => line.startsWith('node_modules/') && !line.startsWith('node_modules/@hexnode-offboard/'),
  );
  if (result.status !== 0 && (errors.length === 0 || errors.length > theirs.length)) {
    throw new Error(`tsc -p ${project} failed:\n${result.stdout}${result.stderr}`);
  }
  return theirs.length;
}

/** Starts a long-running child and resolves with the first stdout match of `pattern`. */
function startChild(command, args, { cwd, pattern, name }) {
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in 30 s:\n${output}`)), 30_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      output += `${line}\n`;
      const match = pattern.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${output}`));
    });
  });
  return { child, ready, output: () => output };
}

function stop(child) {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

const temp = mkdtempSync(join(tmpdir(), 'hexnode-offboard-release-'));
const tarballs = join(temp, 'tarballs');
const app = join(temp, 'app');
const children = [];
let browser;
const started = Date.now();
try {
  const packed = await step('pack every package (prepack builds it)', () => {
    mkdirSync(tarballs);
    const args = ['pack', '--json', '--pack-destination', tarballs];
    const out = run('npm', [...args, ...PACKAGES.flatMap((p) => ['-w', `packages/${p}`])], { cwd: ROOT });
    return JSON.parse(out.slice(out.indexOf('\n[') + 1));
  });

  await step('check each tarball: contents, manifest, dependency ranges', () => {
    for (const pack of packed) checkTarball(pack, join(tarballs, pack.filename));
  });

  await step('install the tarballs in a fresh app (third-party packages from the registry)', () => {
    cpSync(join(ROOT, 'scripts/release-app'), app, { recursive: true });
    const ours = Object.fromEntries(packed.map((p) => [p.name, `file:${join(tarballs, p.filename)}`]));
    const elements = JSON.parse(readFileSync(join(ROOT, 'packages/elements/package.json'), 'utf8'));
    const manifest = {
      name: 'hexnode-offboard-release-app',
      private: true,
      type: 'module',
      dependencies: { ...ours, express: '^5.1.0' },
      devDependencies: { ...APP_TOOLS, '@lit/react': elements.peerDependencies['@lit/react'] },
    };
    writeFileSync(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', '--loglevel=error'],
      {
        cwd: app,
      },
    );
    if (existsSync(join(app, 'node_modules/better-sqlite3'))) throw new Error('better-sqlite3 was installed');
    for (const name of PACKAGES) {
      const nested = join(app, 'node_modules/@hexnode-offboard', name, 'node_modules');
      if (existsSync(nested))
        throw new Error(`@hexnode-offboard/${name} got its own copies of dependencies: ${nested}`);
    }
  });

  const typescript = await step('type-check the app in strict mode (Node, browser, React 19 JSX)', () => {
    const version = run(join(app, 'node_modules/.bin/tsc'), ['--version'], { cwd: app }).trim();
    const theirs = typecheck('tsconfig.json') + typecheck('tsconfig.web.json');
    return `${version}${theirs ? `; ${theirs} errors in other packages' declarations ignored` : ''}`;
  });
  console.log(`  (${typescript})`);

  await step('bundle the page with Vite', () =>
    run(
      join(app, 'node_modules/.bin/vite'),
      ['build', 'web', '--base', '/vite/', '--outDir', '../build/web', '--emptyOutDir', '--logLevel', 'warn'],
      { cwd: app },
    ),
  );

  await step('import every entry in Node; SQLite optional (without, then with better-sqlite3)', () => {
    run(process.execPath, ['build/checks.js'], { cwd: app });
    symlinkSync(join(ROOT, 'node_modules/better-sqlite3'), join(app, 'node_modules/better-sqlite3'), 'dir');
    run(process.execPath, ['build/checks.js', '--with-sqlite'], { cwd: app });
  });

  const origin = await step('start the simulator (installed bin) and the Express server', async () => {
    const simulator = startChild(
      join(app, 'node_modules/.bin/hexnode-simulator'),
      // Hexnode's minute in two seconds, for the portal and the server's budget alike: the doctor and three
      // click-throughs (previews, actions, status polls) spend more calls than a real minute allows.
      ['--port', '0', '--checkin-ms', '300', '--window-ms', String(WINDOW_MS)],
      { cwd: app, pattern: /listening on (http:\/\/\S+)/, name: 'hexnode-simulator' },
    );
    children.push(simulator.child);
    const hexnodeUrl = await simulator.ready;
    // The installed CLI: its doctor checks the simulated portal (read-only, no device touched).
    const doctor = run(join(app, 'node_modules/.bin/hexnode-offboard'), ['doctor'], {
      cwd: app,
      extraEnv: { HEXNODE_BASE_URL: hexnodeUrl, HEXNODE_API_KEY: 'demo-api-key' },
    });
    if (!/ok {3}key and base URL/.test(doctor)) throw new Error(`hexnode-offboard doctor: ${doctor}`);
    const server = startChild(
      process.execPath,
      ['build/server.js', hexnodeUrl, 'demo-api-key', String(WINDOW_MS)],
      {
        cwd: app,
        pattern: /listening on (http:\/\/\S+)/,
        name: 'the app server',
      },
    );
    children.push(server.child);
    return server.ready;
  });

  await step('click through to done in Chromium under a strict CSP (3 pages)', async () => {
    browser = await chromium.launch({ executablePath: findBrowser(), headless: true, args: CHROMIUM_ARGS });
    const { clickThrough, openGerman } = await import('./release-browser.mjs');
    await clickThrough(browser, `${origin}/`, {
      email: 'jane.leaver@acme.example',
      label: 'Offboard devices',
    });
    await openGerman(browser, `${origin}/de`);
    await clickThrough(browser, `${origin}/vite/`, {
      email: 'sam.shift@acme.example',
      label: 'Geräte offboarden',
    });
  });

  console.log(`\nRelease check passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
} catch (error) {
  console.log('failed');
  console.error(`\nRelease check failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  for (const child of children) stop(child);
  if (keep) console.log(`Kept ${temp}`);
  else rmSync(temp, { recursive: true, force: true });
}
