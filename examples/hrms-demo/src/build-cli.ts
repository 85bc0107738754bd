/** `npm run build -w @hexnode-offboard/hrms-demo`: builds the demo's pages now instead of at the next start. */
import { buildPages } from './assets.js';

const { dir } = await buildPages({ force: true });
console.log(`Pages built into ${dir}`);
