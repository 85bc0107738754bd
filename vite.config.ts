// Shared Vite settings: read the workspace packages' TypeScript sources through the "@hexnode-offboard/source"
// export condition (set only inside this repository; published packages resolve to dist/).
// Storybook and the demo HRMS extend this file.
import { defineConfig } from 'vite';

export const sourceConditions = ['@hexnode-offboard/source', 'browser', 'module', 'import', 'default'];

export default defineConfig({
  resolve: { conditions: sourceConditions },
  build: { target: 'es2022', copyPublicDir: false },
});
