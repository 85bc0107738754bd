/**
 * One of several processes racing `loadSecrets` (secrets.test.ts): for each data folder it is given, it says it is
 * ready, spins until the folder's `go` file appears (so every racer calls at the same moment), and sends back
 * the secrets it got.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadSecrets } from '../src/secrets.js';

for (const dir of process.argv.slice(2)) {
  process.send!({ ready: dir });
  while (!existsSync(join(dir, 'go'))) {
    // spin: a timer would spread the racers over milliseconds
  }
  process.send!({ dir, secrets: loadSecrets(dir) });
}
process.disconnect();
