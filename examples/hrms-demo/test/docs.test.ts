// docs/demo.md shows the demo's integration file as it is: the code a reader copies is the code the demo runs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

test('docs/demo.md shows src/offboard.ts exactly as it is, in one block', () => {
  const doc = readFileSync(new URL('../../../docs/demo.md', import.meta.url), 'utf8');
  const file = readFileSync(new URL('../src/offboard.ts', import.meta.url), 'utf8');
  const blocks = [...doc.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  assert.ok(file.length > 1000, 'src/offboard.ts was read');
  assert.equal(
    blocks.filter((block) => block === file).length,
    1,
    'no block of docs/demo.md equals src/offboard.ts',
  );
});
