// The Custom Elements Manifest, built with the package's own analyzer config (the one `npm run build` uses),
// describes what is published: dist/ paths and the two real elements, nothing else.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildManifest, elementsDir } from '../../../.storybook/custom-elements.mjs';

interface Reference {
  name: string;
  module?: string;
  package?: string;
}
interface Module {
  path: string;
  declarations?: { name: string; customElement?: boolean; tagName?: string }[];
  exports?: { kind: string; name: string; declaration: Reference }[];
}

const manifest = (await buildManifest()) as unknown as { modules: Module[] };

test('every module path and module reference names a dist/*.js file compiled from an existing source', () => {
  const paths = new Set<string>();
  const collect = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(collect);
    if (!value || typeof value !== 'object') return;
    const ref = value as Reference;
    if (typeof ref.module === 'string' && ref.package === undefined) paths.add(ref.module);
    Object.values(value).forEach(collect);
  };
  for (const mod of manifest.modules) {
    paths.add(mod.path);
    collect(mod.exports);
    collect(mod.declarations);
  }
  assert.ok(paths.size > 5);
  for (const path of paths) {
    assert.match(path, /^dist\/[\w/-]+\.js$/, path);
    const source = join(elementsDir, path.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts'));
    assert.ok(existsSync(source), `${path} is compiled from ${source}`);
  }
});

test('the manifest defines exactly the two real elements, each with its class, and no element named "tag"', () => {
  const definitions = manifest.modules.flatMap((mod) =>
    (mod.exports ?? [])
      .filter((e) => e.kind === 'custom-element-definition')
      .map((e) => ({ ...e, in: mod.path })),
  );
  assert.deepEqual(definitions.map((d) => [d.name, d.declaration.name, d.declaration.module, d.in]).sort(), [
    ['hexnode-offboard-button', 'HexnodeOffboardButton', 'dist/offboard-button.js', 'dist/define.js'],
    ['hexnode-offboard-provider', 'HexnodeOffboardProvider', 'dist/offboard-provider.js', 'dist/define.js'],
  ]);
  const elements = manifest.modules.flatMap((mod) => (mod.declarations ?? []).filter((d) => d.customElement));
  assert.deepEqual(elements.map((d) => d.tagName).sort(), [
    'hexnode-offboard-button',
    'hexnode-offboard-provider',
  ]);
});

test('only what a module exports is declared (no local variables the analyzer met)', () => {
  for (const mod of manifest.modules) {
    const exported = new Set((mod.exports ?? []).map((e) => e.name));
    for (const declaration of mod.declarations ?? []) {
      assert.ok(
        exported.has(declaration.name),
        `${mod.path} declares ${declaration.name} without exporting it`,
      );
    }
  }
});
