// `node scripts/ensure-browser.mjs`: makes sure a browser exists before a browser test step runs.
import { ensureBrowser } from './browser.mjs';

console.log(`Browser for tests: ${ensureBrowser()}`);
