// Storybook for <hexnode-offboard-button>: web components + Vite, stories in ../stories.
// Two small Vite plugins: one serves msw's service worker at /mockServiceWorker.js (dev and build, never
// copied into the repository), one turns the elements' sources into the Custom Elements Manifest that
// autodocs reads (`virtual:custom-elements-manifest`, rebuilt when a source changes).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { StorybookConfig } from '@storybook/web-components-vite';
import type { Plugin } from 'vite';
import { mergeConfig } from 'vite';
import { sourceConditions } from '../vite.config.js';
import { buildManifest, manifestSources } from './custom-elements.mjs';

const require = createRequire(import.meta.url);
const WORKER_URL = '/mockServiceWorker.js';
const MANIFEST_ID = 'virtual:custom-elements-manifest';

function mswWorker(): Plugin {
  const source = () => readFileSync(require.resolve('msw/mockServiceWorker.js'), 'utf8');
  return {
    name: 'hexnode-offboard:msw-worker',
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        if (request.url?.split('?')[0] !== WORKER_URL) return next();
        response.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        response.setHeader('Cache-Control', 'no-store');
        response.end(source());
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: WORKER_URL.slice(1), source: source() });
    },
  };
}

function customElementsManifest(): Plugin {
  return {
    name: 'hexnode-offboard:custom-elements-manifest',
    resolveId: (id) => (id === MANIFEST_ID ? `\0${MANIFEST_ID}` : undefined),
    async load(id) {
      if (id !== `\0${MANIFEST_ID}`) return undefined;
      for (const file of await manifestSources()) this.addWatchFile(file);
      return `export default ${JSON.stringify(await buildManifest())};`;
    },
  };
}

const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.ts'],
  addons: ['@storybook/addon-docs', 'msw-storybook-addon'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  viteFinal: (vite, { configType }) =>
    mergeConfig(vite, {
      resolve: { conditions: sourceConditions },
      plugins: [mswWorker(), customElementsManifest()],
      // A static Storybook is big by nature (the docs renderer); only warnings and errors are worth printing.
      ...(configType === 'PRODUCTION' ? { logLevel: 'warn', build: { chunkSizeWarningLimit: 4096 } } : {}),
    }),
};

export default config;
