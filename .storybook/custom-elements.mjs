// Builds the Custom Elements Manifest of @hexnode-offboard/elements for Storybook's autodocs (attributes,
// properties, events, parts, custom properties, slots) from the package's own analyzer config
// (packages/elements/custom-elements-manifest.config.mjs, the one its `npm run build` uses), in memory: nothing
// is written, neither custom-elements.json nor package.json (the analyzer's CLI would update the latter).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create, ts } from '@custom-elements-manifest/analyzer';
import { litPlugin } from '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const elementsDir = join(root, 'packages/elements');
const configFile = join(elementsDir, 'custom-elements-manifest.config.mjs');
// The analyzer's own glob library, so that the config's globs mean exactly what they mean to `cem analyze`.
const globby = createRequire(createRequire(import.meta.url).resolve('@custom-elements-manifest/analyzer'))(
  'globby',
);

async function loadConfig() {
  // A fresh import each time, so that an edited config is picked up by a running dev server.
  const { default: config } = await import(`${configFile}?t=${Date.now()}`);
  return config;
}

/** The source files the manifest is built from (absolute paths), and the config file itself. */
export async function manifestSources() {
  const config = await loadConfig();
  const patterns = [...(config.globs ?? []), ...(config.exclude ?? []).map((glob) => `!${glob}`)];
  const files = await globby(patterns, { cwd: elementsDir, absolute: true });
  return [...files.sort(), configFile];
}

/** Analyzes the elements' sources with the package's config and returns the manifest. */
export async function buildManifest() {
  const config = await loadConfig();
  const sources = (await manifestSources()).filter((file) => file !== configFile);
  const modules = sources.map((file) =>
    ts.createSourceFile(
      relative(elementsDir, file),
      readFileSync(file, 'utf8'),
      ts.ScriptTarget.ES2022,
      true,
    ),
  );
  const plugins = [...(config.litelement ? litPlugin() : []), ...(config.plugins ?? [])];
  return create({ modules, plugins });
}
