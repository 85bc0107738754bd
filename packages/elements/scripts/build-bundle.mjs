// Builds the prebuilt browser bundle into dist/bundle/, for pages without a bundler:
// - hexnode-offboard-elements.js: the main entry (both elements registered, Lit included) in one ES module file,
//   with the German strings in locales/de.js beside it, loaded only when a provider says locale="de";
// - hexnode-offboard-elements.de.js: the same with the German strings inside, so that German shows from the
//   first render.
// A page loads either with <script type="module" src="..."> (no inline script, so a strict CSP allows it).
// The script fails if a bundle is not what it says: one file importing nothing, or the German chunk missing.
// Usage (from packages/elements, after tsc): node scripts/build-bundle.mjs
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'dist/bundle');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const BANNER =
  `/*! @hexnode-offboard/elements ${version} (MIT): the prebuilt browser bundle. ` +
  `Includes lit, @lit/reactive-element, lit-html, @lit/context (BSD-3-Clause, Copyright Google LLC). */`;
// Vite's library mode takes entries as paths, so the German entry is a path that exists only in this plugin.
const GERMAN_ENTRY = join(root, 'src/.german-bundle-entry.js');

/** The German bundle's entry: German preloaded first, then everything the main entry exports. */
function germanEntry() {
  return {
    name: 'hexnode-offboard:german-entry',
    resolveId: (id) => (id === GERMAN_ENTRY ? id : undefined),
    load: (id) =>
      id === GERMAN_ENTRY
        ? `import ${JSON.stringify(join(root, 'src/locales/de-preload.ts'))};\n` +
          `export * from ${JSON.stringify(join(root, 'src/index.ts'))};\n` +
          `export { de } from ${JSON.stringify(join(root, 'src/locales/de.ts'))};\n`
        : undefined,
  };
}

async function bundle({ entry, fileName, emptyOutDir, plugins = [], checks = {} }) {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    root,
    plugins,
    // The workspace's sources (core's protocol constants included); the published dist/ compiles the same files.
    resolve: { conditions: ['@hexnode-offboard/source', 'browser', 'module', 'import', 'default'] },
    build: {
      outDir,
      emptyOutDir,
      copyPublicDir: false,
      target: 'es2022',
      minify: true,
      lib: { entry, formats: ['es'], fileName: () => fileName },
      rolldownOptions: {
        checks,
        output: {
          minify: true,
          postBanner: BANNER,
          chunkFileNames: 'locales/[name].js',
        },
      },
    },
  });
  return (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
}

function check(condition, message) {
  if (!condition) {
    console.error(`build-bundle: ${message}`);
    process.exit(1);
  }
}

const main = await bundle({
  entry: join(root, 'src/index.ts'),
  fileName: 'hexnode-offboard-elements.js',
  emptyOutDir: true,
});
const mainEntry = main.find((o) => o.type === 'chunk' && o.isEntry);
const lazy = main.filter((o) => o.type === 'chunk' && !o.isEntry);
check(mainEntry?.imports.length === 0, 'the main bundle must be one file with no static imports');
check(
  lazy.length === 1 && lazy[0].fileName === 'locales/de.js' && lazy[0].imports.length === 0,
  `expected one lazy chunk, locales/de.js, got ${lazy.map((c) => c.fileName).join(', ') || 'none'}`,
);
check(
  mainEntry.dynamicImports.includes('locales/de.js'),
  'the main bundle must load locales/de.js on demand',
);

const german = await bundle({
  entry: GERMAN_ENTRY,
  fileName: 'hexnode-offboard-elements.de.js',
  emptyOutDir: false,
  plugins: [germanEntry()],
  // The button's import('./locales/de.js') finds the strings already in the bundle: that is the point here.
  checks: { ineffectiveDynamicImport: false },
});
const germanChunks = german.filter((o) => o.type === 'chunk');
check(
  germanChunks.length === 1 &&
    germanChunks[0].imports.length === 0 &&
    germanChunks[0].dynamicImports.every((name) => name === germanChunks[0].fileName) &&
    !/\bimport\(/.test(germanChunks[0].code),
  `the German bundle must be one file, got ${germanChunks.map((c) => c.fileName).join(', ')}`,
);

for (const chunk of [mainEntry, ...lazy, ...germanChunks]) {
  console.log(`dist/bundle/${chunk.fileName}  ${(chunk.code.length / 1024).toFixed(1)} kB`);
}
