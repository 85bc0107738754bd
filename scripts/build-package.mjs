// `npm run build` of one package (run in its folder; `npm pack` and `npm publish` run it through `prepack`):
// a clean dist/ compiled by `tsc -b`. dist/ goes first, with its .tsbuildinfo, so that no file of a deleted
// source survives into a tarball and tsc never skips a build because an old build-info file says "up to date".
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
rmSync('dist', { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-b'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
