// First-render benchmark (a script, not a test): builds the `define` entry the way a page ships it
// (Vite, minified), serves it on 127.0.0.1, and measures in Chromium, over fresh page loads:
// - load: fetching and evaluating the module (registers both elements),
// - first render: one <hexnode-offboard-button> from createElement to rendered (and to the next frame),
// - 100 buttons: a list page with one button per employee.
// Usage: node packages/elements/scripts/bench.mjs [runs=20]
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { buildWidget } from './build-widget.mjs';
import { CHROMIUM_ARGS, findBrowser } from '../../../scripts/browser.mjs';

const runs = Number(process.argv[2] ?? 20);
const outDir = await mkdtemp(join(tmpdir(), 'hexnode-offboard-bench-'));

const PAGE = `<!doctype html><html><head><meta charset="utf-8"></head><body><script type="module">
const t0 = performance.now();
await import('/define.js');
const t1 = performance.now();
const one = document.createElement('hexnode-offboard-button');
one.setAttribute('employee-email', 'jane.leaver@acme.example');
document.body.append(one);
await one.updateComplete;
const rendered = performance.now() - t1;
await new Promise((r) => requestAnimationFrame(r));
const t2 = performance.now();
const list = document.createElement('div');
for (let i = 0; i < 100; i++) {
  const b = document.createElement('hexnode-offboard-button');
  b.setAttribute('employee-email', 'user' + i + '@acme.example');
  list.append(b);
}
document.body.append(list);
await Promise.all([...list.children].map((b) => b.updateComplete));
const t3 = performance.now();
window.result = { load: t1 - t0, firstRender: rendered, firstFrame: t2 - t1, hundred: t3 - t2 };
</script></body></html>`;

let server;
let browser;
try {
  await buildWidget(outDir);
  server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      return;
    }
    try {
      const body = await readFile(join(outDir, path.replace(/^\/+/, '').replace(/\.\./g, '')));
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({ executablePath: findBrowser(), headless: true, args: CHROMIUM_ARGS });
  const samples = { load: [], firstRender: [], firstFrame: [], hundred: [] };
  for (let i = 0; i < runs + 2; i++) {
    const page = await browser.newPage();
    await page.goto(url);
    const result = await page.waitForFunction(() => window.result).then((h) => h.jsonValue());
    await page.close();
    if (i < 2) continue; // warm-up
    for (const key of Object.keys(samples)) samples[key].push(result[key]);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
  const fmt = (xs) => `median ${median(xs).toFixed(1)} ms, p95 ${p95(xs).toFixed(1)} ms`;
  console.log(`@hexnode-offboard/elements first render, ${runs} page loads (headless Chromium):`);
  console.log(`  load + define:         ${fmt(samples.load)}`);
  console.log(`  first render (1):      ${fmt(samples.firstRender)}  (created -> rendered)`);
  console.log(`  first frame (1):       ${fmt(samples.firstFrame)}  (created -> next animation frame)`);
  console.log(`  render 100 buttons:    ${fmt(samples.hundred)}`);
} finally {
  await browser?.close();
  server?.close();
  await rm(outDir, { recursive: true, force: true });
}
