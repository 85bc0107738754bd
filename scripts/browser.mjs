// Finds a Chromium or Chrome for the browser, end-to-end and Storybook tests.
// Order: CHROME_PATH, a system Chromium/Chrome on the PATH, Playwright's cache.
// No test tool in this repo downloads a browser of its own.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

/** Flags every launch uses: root needs --no-sandbox; the rest stop background traffic a closed network refuses. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--disable-sync',
  '--no-first-run',
];

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function inPlaywrightCache() {
  const root = process.env.PLAYWRIGHT_BROWSERS_PATH || join(homedir(), '.cache', 'ms-playwright');
  if (!existsSync(root)) return undefined;
  const dirs = readdirSync(root)
    .filter((d) => d.startsWith('chromium'))
    .sort()
    .reverse();
  for (const dir of dirs) {
    for (const rel of [
      'chrome-linux/chrome',
      'chrome-linux64/chrome',
      'chrome-headless-shell-linux64/chrome-headless-shell',
    ]) {
      const candidate = join(root, dir, rel);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** @returns {string | undefined} the path of a usable browser, or undefined */
export function findBrowser() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROME_PATH is set to ${fromEnv}, but no file is there.`);
  }
  for (const name of SYSTEM_NAMES) {
    const found = onPath(name);
    if (found) return found;
  }
  return inPlaywrightCache();
}

function canInstallDebianChromium() {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  if (!existsSync('/etc/os-release') || !onPath('apt-get')) return false;
  return true;
}

/** Finds a browser; on Debian/Ubuntu as root installs Debian's chromium when there is none. */
export function ensureBrowser() {
  const found = findBrowser();
  if (found) return found;
  if (canInstallDebianChromium()) {
    console.log('No Chromium found: installing Debian\'s "chromium" package with apt-get (one time).');
    const quiet = {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    };
    execFileSync('apt-get', ['update', '-qq'], quiet);
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], quiet);
    const installed = findBrowser();
    if (installed) return installed;
  }
  console.error(
    'No Chromium or Chrome found. Install one (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: install Google Chrome) ' +
      'or set CHROME_PATH to its executable, then run the tests again.',
  );
  process.exit(1);
}
