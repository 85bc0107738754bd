// `npm test`: every check in order, stopping at the first that fails.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const scripts = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts;
const steps = [
  ['typecheck', 'type check (tsc -b)'],
  ['lint', 'lint and format check'],
  ['test:node', 'Node tests'],
  ['test:browser', 'browser tests'],
  ['test:e2e', 'end-to-end tests'],
  ['test:storybook', 'Storybook smoke test'],
  ['size', 'bundle size budget'],
  ['test:release', 'release check (pack, install in a fresh app, click through)'],
];

const started = Date.now();
for (const [script, title] of steps) {
  if (!scripts[script]) continue;
  console.log(`\n=== ${title}: npm run ${script} ===`);
  const t0 = Date.now();
  const result = spawnSync('npm', ['run', '--silent', script], { stdio: 'inherit' });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✗ ${title} failed after ${seconds} s (npm run ${script}).`);
    process.exit(result.status ?? 1);
  }
  console.log(`✓ ${title} (${seconds} s)`);
}
console.log(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
