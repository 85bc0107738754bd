// Server-side rendering: importing the widget in Node (no DOM) must not throw, and a second definition only warns.
// The imports run in a fresh Node process with the package's own TypeScript settings (legacy decorators).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

test('importing every entry in Node without a DOM does not throw; defining again only warns', () => {
  const run = spawnSync(
    process.execPath,
    ['--conditions=@hexnode-offboard/source', '--import', 'tsx', here('fixtures/ssr-import.ts')],
    {
      encoding: 'utf8',
      env: { ...process.env, TSX_TSCONFIG_PATH: here('../tsconfig.json') },
    },
  );
  assert.equal(run.status, 0, run.stderr);
  const found = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
  assert.deepEqual(found, {
    document: 'undefined',
    button: 'function',
    provider: 'function',
    german: 'Abbrechen',
    event: { type: 'hexnode-offboard-cancel', bubbles: true, composed: true },
    react: 'object',
    warnings: 2,
  });
});
