#!/usr/bin/env node
// The hexnode-offboard CLI. `#cli` (package.json "imports") is dist/cli/program.js; the repository's own scripts
// and tests, which run Node with `--conditions=@hexnode-offboard/source --import tsx`, get the TypeScript source.
import { main } from '#cli';

process.exitCode = await main(process.argv.slice(2));
