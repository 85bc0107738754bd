// Runs every Node test (`packages/*/test/**/*.test.ts`, `examples/*/test/**/*.test.ts`) with node:test through tsx.
// Browser tests are named `*.browser.test.ts` and run in web-test-runner instead; end-to-end tests are `*.e2e.test.ts`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

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
const result = spawnSync(
  process.execPath,
  ['--conditions=@hexnode-offboard/source', '--import', 'tsx', '--test', '--test-reporter=spec', ...files],
  {
    stdio: 'inherit',
    // tsx reads the nearest tsconfig.json; the root one only lists project references, so point it at the
    // shared compiler options (legacy decorators for Lit, among others).
    env: { TSX_TSCONFIG_PATH: 'tsconfig.base.json', ...process.env },
  },
);
process.exit(result.status ?? 1);
