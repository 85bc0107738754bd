#!/usr/bin/env node
// Launches the hexnode-simulator CLI. In a checkout of the repository (sources present and tsx installed)
// it runs the TypeScript sources through tsx, so no build is needed; an installed package runs dist/.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli.ts', import.meta.url);
const built = new URL('../dist/cli.js', import.meta.url);

let cli;
if (existsSync(source) && (await registerTsx())) {
  cli = await import(source.href);
} else if (existsSync(built)) {
  cli = await import(built.href);
} else {
  console.error('hexnode-simulator: dist/cli.js is missing; build the package (npx tsc -b) or install tsx.');
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2));

async function registerTsx() {
  try {
    const { register } = await import('tsx/esm/api');
    register();
    return true;
  } catch {
    return false;
  }
}
