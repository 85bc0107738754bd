#!/usr/bin/env node
// The hexnode-simulator CLI. `#cli` (package.json "imports") is dist/cli.js; only the repository's own scripts
// and tests, which run Node with `--conditions=@hexnode-offboard/source --import tsx`, get src/cli.ts instead.
import { main } from '#cli';

process.exitCode = await main(process.argv.slice(2));
