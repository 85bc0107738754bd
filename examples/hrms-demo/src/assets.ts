/**
 * The demo's pages are built with Vite (vite.config.ts) into dist/<fingerprint>/ the first time the
 * demo starts, and again only when a page, the client code, the widget or the protocol changes. Builds
 * go to a temporary folder first and are renamed into place, so two demos starting at once never see a
 * half-written build.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEMO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const REPO_ROOT = join(DEMO_ROOT, '..', '..');
const BUILD_ROOT = join(DEMO_ROOT, 'dist');

export const PAGE_NAMES = ['directory', 'employee', 'offboarding', 'audit', 'signin'] as const;
export type PageName = (typeof PAGE_NAMES)[number];

/** Everything a build depends on: a change to any of these files triggers a new build. */
const INPUTS = [
  join(DEMO_ROOT, 'pages'),
  join(DEMO_ROOT, 'src', 'client'),
  join(DEMO_ROOT, 'vite.config.ts'),
  join(REPO_ROOT, 'vite.config.ts'),
  join(REPO_ROOT, 'package-lock.json'),
  join(REPO_ROOT, 'packages', 'elements', 'src'),
  join(REPO_ROOT, 'packages', 'core', 'src', 'protocol'),
];

function* files(path: string): Generator<string> {
  if (!existsSync(path)) return;
  if (statSync(path).isFile()) {
    yield path;
    return;
  }
  for (const entry of readdirSync(path, { recursive: true })) {
    const file = join(path, String(entry));
    if (statSync(file).isFile()) yield file;
  }
}

/** A short hash of the build inputs' names, sizes and modification times. */
export function buildFingerprint(): string {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of [...files(input)].sort()) {
      const stat = statSync(file);
      hash.update(`${relative(REPO_ROOT, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  }
  return hash.digest('hex').slice(0, 16);
}

export interface BuiltPages {
  /** The build folder; `assets/` in it is served at `/assets/`. */
  dir: string;
  assetsDir: string;
  /** Whether this start ran Vite (false: an earlier build was reused). */
  built: boolean;
  /** The built HTML of a page: a template with `<!--title-->` and `<!--body-->` slots. */
  templates: Record<PageName, string>;
}

async function readTemplates(dir: string): Promise<Record<PageName, string>> {
  const entries = await Promise.all(
    PAGE_NAMES.map(
      async (name) => [name, await readFile(join(dir, 'pages', `${name}.html`), 'utf8')] as const,
    ),
  );
  return Object.fromEntries(entries) as Record<PageName, string>;
}

function complete(dir: string): boolean {
  return PAGE_NAMES.every((name) => existsSync(join(dir, 'pages', `${name}.html`)));
}

/** Builds the pages unless a build of the same inputs exists. */
export async function buildPages(options: { force?: boolean } = {}): Promise<BuiltPages> {
  const fingerprint = buildFingerprint();
  const dir = join(BUILD_ROOT, fingerprint);
  let built = false;
  if (options.force || !complete(dir)) {
    const { build } = await import('vite');
    const tmp = join(BUILD_ROOT, `tmp-${fingerprint}-${process.pid}-${Date.now()}`);
    await mkdir(BUILD_ROOT, { recursive: true });
    await build({
      configFile: join(DEMO_ROOT, 'vite.config.ts'),
      logLevel: 'error',
      build: { outDir: tmp, emptyOutDir: true },
    });
    if (options.force) await rm(dir, { recursive: true, force: true });
    try {
      await rename(tmp, dir);
    } catch (error) {
      // Another process renamed an identical build into place first: use theirs.
      await rm(tmp, { recursive: true, force: true });
      if (!complete(dir)) throw error;
    }
    built = true;
    await removeStaleBuilds(fingerprint);
  }
  return { dir, assetsDir: join(dir, 'assets'), built, templates: await readTemplates(dir) };
}

async function removeStaleBuilds(keep: string): Promise<void> {
  for (const entry of readdirSync(BUILD_ROOT)) {
    if (entry === keep || entry.startsWith('tmp-')) continue;
    await rm(join(BUILD_ROOT, entry), { recursive: true, force: true }).catch(() => {});
  }
}
