import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

test('the main entry uses Web APIs only: nothing outside src/node imports Node built-ins, SQLite or the Node adapter', () => {
  const files = (readdirSync(SRC, { recursive: true }) as string[]).filter(
    (file) => file.endsWith('.ts') && !file.startsWith(`node/`) && !file.startsWith('node\\'),
  );
  assert.ok(files.length > 5);
  for (const file of files) {
    const source = readFileSync(join(SRC, file), 'utf8');
    const imports = [...source.matchAll(/from\s+'([^']+)'/g)].map((match) => match[1]!);
    for (const specifier of imports) {
      assert.ok(
        !specifier.startsWith('node:') &&
          specifier !== 'better-sqlite3' &&
          !specifier.startsWith('@remix-run/') &&
          !specifier.includes('/node/'),
        `${file} imports ${specifier}`,
      );
    }
    assert.doesNotMatch(source, /\bprocess\.|\bBuffer\b|require\(/, `${file} uses a Node global`);
  }
});
