// The demo's pages: every HTML file in pages/ is an entry, built into dist/ at start (see src/assets.ts).
// Workspace packages resolve to their TypeScript sources through the root config's "@hexnode-offboard/source"
// export condition.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { sourceConditions } from '../../vite.config.js';

const root = fileURLToPath(new URL('.', import.meta.url));

const pages = readdirSync(resolve(root, 'pages')).filter((file) => file.endsWith('.html'));

export default defineConfig({
  root,
  base: '/',
  appType: 'mpa',
  publicDir: false,
  logLevel: 'warn',
  resolve: { conditions: sourceConditions },
  build: {
    target: 'es2022',
    emptyOutDir: true,
    manifest: false,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: Object.fromEntries(
        pages.map((file) => [file.slice(0, -'.html'.length), resolve(root, 'pages', file)]),
      ),
    },
  },
});
