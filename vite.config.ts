// Shared Vite settings: read the workspace packages' TypeScript sources through the "source" export condition.
// Storybook and the demo HRMS extend this file.
import { defineConfig } from 'vite';

export const sourceConditions = ['source', 'browser', 'module', 'import', 'default'];

export default defineConfig({
  resolve: { conditions: sourceConditions },
  build: { target: 'es2022', copyPublicDir: false },
});
