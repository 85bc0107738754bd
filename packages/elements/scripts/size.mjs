// Budget check: builds everything a page loads to show and use the widget (the `define` entry, Lit included)
// with Vite, minified, then measures it gzipped. Fails above the budget or if the bundle holds code that must
// never reach the browser (the Hexnode client, ky, classic zod, or zod at all).
// Usage: node packages/elements/scripts/size.mjs [--json]
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWidget } from './build-widget.mjs';

// 16 kB until #16: the right action per device (a dropdown per device, reassign and its consequence, the
// mark-as-disenrolled follow-up, action_not_offered refusals, the email note, hexnode_busy's wait) and their
// English strings added about 2 kB gzip; the budget rose by exactly that, to 18 kB. At 17.98 kB, the confirmed
// action's visible wait for Hexnode's rate limit (#15: the waiting state, its countdown and its strings, the
// hexnode_busy reason) added 0.62 kB, and the indexing view ("Indexing Hexnode: 120 of 520 pages", asked again
// every few seconds; "devices as of 12:03") 0.16 kB more: the budget rose by those, to 18.8 kB. At 18.79 kB,
// the two-person rule in the dialog (#19: the held jobs with Approve and Reject, their events and effect, the
// decision request, the problem's detail, their strings) added 0.56 kB: the budget rose by that, to 19.36 kB.
// At 19.35 kB, four fixes (an approval's note sent, a wait of at least a second, no confirm while a decision is
// on its way, a countdown that stops once cancelled) and an older index's date added 0.08 kB: to 19.44 kB.
const BUDGET = 19.44 * 1024;
const FORBIDDEN = [
  ['the Hexnode client', /HexnodeClient|HexnodeDirectory|OffboardingPlanner|action_status/],
  ['ky', /prefixUrl|beforeRetry/],
  ['zod (classic or mini)', /ZodError|\$ZodType|ZodObject/],
];

const outDir = await mkdtemp(join(tmpdir(), 'hexnode-offboard-size-'));
try {
  const results = await buildWidget(outDir);
  const outputs = results.flatMap((r) => r.output);
  const entry = outputs.find((o) => o.type === 'chunk' && o.isEntry);
  // What the page must load: the entry and every chunk it imports statically (lazy locales are extra).
  const needed = new Set();
  const visit = (name) => {
    if (needed.has(name)) return;
    needed.add(name);
    const chunk = outputs.find((o) => o.fileName === name);
    for (const imported of chunk?.imports ?? []) visit(imported);
  };
  visit(entry.fileName);
  let raw = 0;
  let gzip = 0;
  const problems = [];
  for (const file of await readdir(outDir, { recursive: true })) {
    if (!file.endsWith('.js')) continue;
    const code = await readFile(join(outDir, file));
    if (needed.has(file)) {
      raw += code.length;
      gzip += gzipSync(code, { level: 9 }).length;
    }
    for (const [name, pattern] of FORBIDDEN) {
      if (pattern.test(code.toString())) problems.push(`${file} contains ${name}`);
    }
  }
  const report = { files: [...needed], minified: raw, gzip, budget: BUDGET };
  if (process.argv.includes('--json')) console.log(JSON.stringify(report));
  else
    console.log(
      `@hexnode-offboard/elements: ${(gzip / 1024).toFixed(2)} kB gzip (${(raw / 1024).toFixed(1)} kB minified), ` +
        `budget ${(BUDGET / 1024).toFixed(2)} kB`,
    );
  if (gzip > BUDGET) problems.push(`${gzip} bytes gzip is over the ${BUDGET}-byte budget`);
  if (problems.length) {
    for (const p of problems) console.error(`size: ${p}`);
    process.exitCode = 1;
  }
} finally {
  await rm(outDir, { recursive: true, force: true });
}
