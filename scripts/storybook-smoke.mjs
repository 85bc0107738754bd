// `node scripts/storybook-smoke.mjs [dir | url]`: opens every story of the static Storybook (default
// storybook-static/, built by `npm run build-storybook`) in Chromium and fails on a console error, a page
// error, a play function that throws, or a story whose widget does not render. Stories tagged `dialog-open`
// must end with the dialog open and, like every other story, pass axe (WCAG 2.x A/AA rules) on the story root.
// The docs pages are opened too. The static files are served on 127.0.0.1 (a free port), closed at the end.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, findBrowser } from './browser.mjs';

const require = createRequire(import.meta.url);
const target = process.argv[2] ?? 'storybook-static';
// A URL checks a running Storybook instead (e.g. `npm run storybook`, then this with http://localhost:6006).
const remote = /^https?:\/\//.test(target) ? target.replace(/\/+$/, '') : undefined;
const root = resolve(remote ? '.' : target);
const CONCURRENCY = Number(process.env.STORYBOOK_SMOKE_CONCURRENCY ?? 3);
const STORY_TIMEOUT_MS = 45_000;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

if (!remote && !existsSync(join(root, 'index.json'))) {
  console.error(`No Storybook build in ${root}: run \`npm run build-storybook\` first.`);
  process.exit(1);
}

function serve(dir) {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir)) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    response.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-store',
    });
    createReadStream(file).pipe(response);
  });
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () =>
      done({ server, origin: `http://127.0.0.1:${server.address().port}` }),
    ),
  );
}

/** In the page: the story's render phase, Storybook's error display, and what the widgets show. */
function pageState(id) {
  const render = window.__STORYBOOK_PREVIEW__?.currentRender;
  const widgets = [...document.querySelectorAll('hexnode-offboard-button')];
  return {
    current: render?.id === id,
    phase: render?.phase ?? null,
    errorShown:
      document.body.classList.contains('sb-show-errordisplay') ||
      document.body.classList.contains('sb-show-nopreview'),
    errorText: document.querySelector('#error-message')?.textContent?.trim() ?? '',
    widgets: widgets.length,
    rendered: widgets.filter((w) => w.shadowRoot?.querySelector('[part=button]')).length,
    dialogOpen: widgets.some((w) => w.shadowRoot?.querySelector('dialog[open]')),
    states: widgets.map((w) => w.getAttribute('state')),
  };
}

/**
 * Chromium logs every 4xx/5xx answer; those of the in-page backend are the stories' point, not errors (and the
 * browser's own favicon request is no page's doing).
 */
const expectedNetworkLog = (text, url, storyId) =>
  (/^Failed to load resource: the server responded with a status of [45]\d\d/.test(text) &&
    /\/__stories\/|\.hexnode\.test\/|\/favicon\.ico$/.test(url)) ||
  lateFromAnotherStory(text, url, storyId);

/**
 * Each story's portal has its own host (`<story id>.hexnode.test`). A story's in-page handler may still be
 * reading its portal (a retry with backoff against a portal that is down) when the next story starts and
 * replaces the in-page backend; that late request then fails to load. It is the previous story's, not an error
 * of the story being checked. (The slug follows stories/support/world.ts.)
 */
const lateFromAnotherStory = (text, url, storyId) => {
  const host = /^https?:\/\/([a-z0-9-]+)\.hexnode\.test\//.exec(url);
  return /^Failed to load resource/.test(text) && host !== null && host[1] !== storySlug(storyId);
};

/** The host name's story part, as stories/support/world.ts derives it from the story id. */
const storySlug = (storyId) =>
  storyId
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .slice(0, 60);

/**
 * One page per worker. The first story (and every docs page) is loaded with a navigation; the next stories are
 * switched to inside the same preview (Storybook's `setCurrentStory`), which saves loading the preview again.
 */
async function openChecker(context, origin, axeSource) {
  const page = await context.newPage();
  let problems = [];
  let onStory = false;
  let currentStory = '';
  page.on('console', (message) => {
    const { url } = message.location();
    if (message.type() === 'error' && !expectedNetworkLog(message.text(), url ?? '', currentStory)) {
      problems.push(`console error: ${message.text()}${url ? ` (${url})` : ''}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

  async function check(entry) {
    problems = [];
    currentStory = entry.id;
    const docs = entry.type === 'docs';
    if (docs || !onStory) {
      const viewMode = docs ? 'docs' : 'story';
      await page.goto(`${origin}/iframe.html?id=${encodeURIComponent(entry.id)}&viewMode=${viewMode}`);
      onStory = !docs;
    } else {
      await page.evaluate((storyId) => {
        window.__STORYBOOK_ADDONS_CHANNEL__.emit('setCurrentStory', { storyId, viewMode: 'story' });
      }, entry.id);
    }
    let state;
    const deadline = Date.now() + STORY_TIMEOUT_MS;
    for (;;) {
      state = await page.evaluate(pageState, entry.id);
      const settled = docs
        ? state.widgets > 0 && state.rendered === state.widgets
        : state.current && state.phase === 'finished';
      if (settled || (state.current && state.errorShown) || Date.now() > deadline) break;
      await page.waitForTimeout(100);
    }
    if (state.errorShown) problems.push(`Storybook shows an error: ${state.errorText.split('\n')[0]}`);
    else if (!docs && !(state.current && state.phase === 'finished')) {
      problems.push(`story did not finish in ${STORY_TIMEOUT_MS / 1000} s (phase ${state.phase})`);
    }
    if (state.widgets === 0 || state.rendered !== state.widgets) {
      problems.push(`widget did not render (${state.rendered} of ${state.widgets})`);
    }
    if (entry.tags?.includes('dialog-open') && !state.dialogOpen) problems.push('the dialog is not open');
    if (!docs && problems.length === 0) {
      const loaded = await page.evaluate(() => 'axe' in window);
      if (!loaded) await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async (tags) => {
        const result = await window.axe.run(document.querySelector('#storybook-root'), {
          runOnly: { type: 'tag', values: tags },
          resultTypes: ['violations'],
        });
        return result.violations.map(
          (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' > ')).join(', ')}`,
        );
      }, AXE_TAGS);
      for (const violation of violations) problems.push(`axe: ${violation}`);
    }
    if (problems.length > 0) onStory = false; // start the next story from a fresh page
    return { problems: [...problems], states: state.states };
  }
  return { check, close: () => page.close() };
}

const started = Date.now();
const executablePath = findBrowser();
if (!executablePath) {
  console.error('No Chromium found: run `node scripts/ensure-browser.mjs`.');
  process.exit(1);
}
const index = remote
  ? await (await fetch(`${remote}/index.json`)).json()
  : JSON.parse(readFileSync(join(root, 'index.json'), 'utf8'));
const only = process.env.STORYBOOK_SMOKE_ONLY;
// Stories first, docs pages last; STORYBOOK_SMOKE_ONLY=<part of an id> narrows the run (while writing a story).
const entries = Object.values(index.entries)
  .filter((e) => (e.type === 'story' || e.type === 'docs') && (!only || e.id.includes(only)))
  .sort((a, b) => (a.type === b.type ? 0 : a.type === 'docs' ? 1 : -1));
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const { server, origin } = remote ? { server: undefined, origin: remote } : await serve(root);
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
let passed = 0;
const failures = [];
try {
  const queue = [...entries];
  const workers = Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
    // One browser context per worker: msw's service worker registers once per context, then serves every page.
    const context = await browser.newContext();
    const checker = await openChecker(context, origin, axeSource);
    try {
      for (let entry = queue.shift(); entry; entry = queue.shift()) {
        const t0 = Date.now();
        const result = await checker.check(entry).catch((error) => ({
          problems: [`could not check: ${error.message}`],
          states: [],
        }));
        const seconds = ((Date.now() - t0) / 1000).toFixed(1);
        const label = `${entry.title} › ${entry.name}`;
        if (result.problems.length === 0) {
          passed += 1;
          console.log(`  ✓ ${label} [${result.states.join(', ') || entry.type}] ${seconds} s`);
        } else {
          failures.push({ label, problems: result.problems });
          console.log(`  ✗ ${label} ${seconds} s`);
          for (const problem of result.problems) console.log(`      ${problem}`);
        }
      }
    } finally {
      await checker.close();
      await context.close();
    }
  });
  await Promise.all(workers);
} finally {
  await browser.close();
  if (server) await new Promise((done) => server.close(done));
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `storybook smoke: ${passed} passed, ${failures.length} failed (${entries.length} entries, ${seconds} s)`,
);
process.exit(failures.length === 0 ? 0 : 1);
