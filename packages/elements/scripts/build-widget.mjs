// Builds what a page loads to show and use the widget (the `define` entry: both elements, Lit, the English
// strings) with Vite into `outDir`, minified the way a page's bundler would. Shared by the size and bench scripts.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

/** @param {string} outDir @returns {Promise<import('vite').Rolldown.RolldownOutput[]>} */
export async function buildWidget(outDir) {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root,
    resolve: { conditions: ['@hexnode-offboard/source', 'browser', 'module', 'import', 'default'] },
    build: {
      outDir,
      emptyOutDir: true,
      copyPublicDir: false,
      target: 'es2022',
      minify: true,
      lib: { entry: join(root, 'src/define.ts'), formats: ['es'], fileName: 'define' },
      // Vite keeps whitespace in ES library output; a page's bundler minifies it fully, so measure that.
      rolldownOptions: { output: { minify: true } },
    },
  });
  return Array.isArray(result) ? result : [result];
}
