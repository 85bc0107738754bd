// Runs every Node test (`packages/*/test/**/*.test.ts`, `examples/*/test/**/*.test.ts`) with node:test through tsx.
// Browser tests are named `*.browser.test.ts` and run in web-test-runner instead; end-to-end tests are `*.e2e.test.ts`.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { withPostgres } from './postgres.mjs';

const roots = ['packages', 'examples'];
const only = process.argv.slice(2);
const files = [];
for (const root of roots) {
  if (!existsSync(root)) continue;
  for (const pkg of readdirSync(root)) {
    if (only.length && !only.includes(pkg)) continue;
    const testDir = join(root, pkg, 'test');
    if (!existsSync(testDir)) continue;
    for (const entry of readdirSync(testDir, { recursive: true })) {
      const file = String(entry);
      if (file.endsWith('.test.ts') && !file.endsWith('.browser.test.ts') && !file.endsWith('.e2e.test.ts')) {
        files.push(join(testDir, file));
      }
    }
  }
}
if (files.length === 0) {
  console.error('No Node test files found.');
  process.exit(1);
}
files.sort();
// Test files run four at a time (two on a one-core machine; TEST_CONCURRENCY overrides): they mostly wait (a
// shortened Hexnode minute, child processes, servers), so on two cores this takes about 4 minutes instead of 10.
// Every test makes its own temporary files, servers on port 0 and PostgreSQL schema, so files never share state.
const concurrency = Number(process.env.TEST_CONCURRENCY) || Math.min(4, availableParallelism() * 2);
// The PostgreSQL tests (the proxy's, and the demo's DATABASE_URL switch and cluster) need a server: a throwaway
// one is started for the run (scripts/postgres.mjs), unless DATABASE_URL names one. Without PostgreSQL on the machine, those tests say they were skipped.
const args = [
  '--conditions=@hexnode-offboard/source',
  '--import',
  'tsx',
  '--test',
  `--test-concurrency=${concurrency}`,
  '--test-reporter=spec',
  ...files,
];
// tsx reads the nearest tsconfig.json; the root one only lists project references, so point it at the
// shared compiler options (legacy decorators for Lit, among others).
const env = { TSX_TSCONFIG_PATH: 'tsconfig.base.json', ...process.env };
const needsPostgres = files.some(
  (file) => file.startsWith(join('packages', 'proxy')) || file.startsWith(join('examples', 'hrms-demo')),
);
process.exit(
  needsPostgres
    ? await withPostgres(process.execPath, args, { env })
    : await new Promise((resolve) =>
        spawn(process.execPath, args, { stdio: 'inherit', env }).once('exit', (code) => resolve(code ?? 1)),
      ),
);
