// The release check's tarball rules: what `npm publish` would upload, checked file by file and field by field.
import { spawnSync } from 'node:child_process';

/** In-repo only: points at src/*.ts, which is not published. Any other condition's target must be shipped. */
const SOURCE_CONDITION = '@hexnode-offboard/source';
/** What a tarball may hold: what runs, its types, the manifest, and the package's documents. */
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^CHANGELOG\.md$/,
  /^dist\/[\w./-]+\.(?:js|d\.ts)$/,
  /^custom-elements\.json$/,
  /^bin\/[\w-]+\.js$/,
];
const REQUIRED = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'];

function read(tarball, path) {
  const result = spawnSync('tar', ['-xzOf', tarball, `package/${path}`], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`cannot read ${path} from ${tarball}: ${result.stderr}`);
  return result.stdout;
}

/** Every target of an `exports`/`imports` map (a string, conditions, or nested), with the path of keys to it. */
function* targets(value, keys = []) {
  if (typeof value === 'string') yield { keys, target: value };
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) yield* targets(child, [...keys, key]);
  }
}

const isRange = (spec) =>
  /^(?:\^|~|>=?|<=?)\s*\d/.test(spec) || /\|\||\s-\s|\.x\b|^\*$/.test(spec) || /^\d+$/.test(spec);

/**
 * Throws one error naming every problem in the tarball `file` that `npm pack --json` described as `pack`.
 * @param {{ name: string, files: { path: string }[] }} pack
 * @param {string} file
 */
export function checkTarball(pack, file) {
  const problems = [];
  const paths = new Set(pack.files.map((f) => f.path));
  const shipped = (target) => paths.has(target.replace(/^\.\//, ''));
  for (const path of paths) {
    if (!ALLOWED.some((pattern) => pattern.test(path))) problems.push(`ships ${path}`);
  }
  for (const path of REQUIRED) if (!paths.has(path)) problems.push(`lacks ${path}`);

  const pkg = JSON.parse(read(file, 'package.json'));
  if (pkg.license !== 'MIT') problems.push(`license is ${pkg.license}`);
  if (pkg.publishConfig?.access !== 'public') problems.push('publishConfig.access is not "public"');
  for (const [field, value] of [
    ['repository.url', pkg.repository?.url],
    ['homepage', pkg.homepage],
    ['bugs.url', pkg.bugs?.url],
  ]) {
    if (typeof value !== 'string' || !/^(?:git\+)?https:\/\//.test(value))
      problems.push(`${field} is missing`);
  }
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [name, spec] of Object.entries(pkg[field] ?? {})) {
      if (!isRange(spec)) problems.push(`${field}.${name} is "${spec}", not a semver range`);
    }
  }
  for (const [map, value] of [
    ['exports', pkg.exports],
    ['imports', pkg.imports],
  ]) {
    for (const { keys, target } of targets(value)) {
      if (keys.includes('source'))
        problems.push(`${map} ${keys.join(' > ')} uses a plain "source" condition`);
      if (keys.at(-1) === SOURCE_CONDITION) continue;
      if (!shipped(target)) problems.push(`${map} ${keys.join(' > ')} -> ${target} is not in the tarball`);
    }
  }
  for (const [name, target] of Object.entries(pkg.bin ?? {})) {
    if (!shipped(target)) problems.push(`bin ${name} -> ${target} is not in the tarball`);
    // `npm publish` from the package folder warns that such a bin "was invalid and removed".
    if (target.startsWith('./')) problems.push(`bin ${name} -> ${target}: write it without "./"`);
  }
  for (const field of ['main', 'types']) {
    if (pkg[field] && !shipped(pkg[field])) problems.push(`${field} -> ${pkg[field]} is not in the tarball`);
  }
  for (const entry of Array.isArray(pkg.sideEffects) ? pkg.sideEffects : []) {
    if (entry.startsWith('./dist/') && !entry.includes('*') && !shipped(entry)) {
      problems.push(`sideEffects names ${entry}, which is not in the tarball`);
    }
  }
  if (pkg.customElements) {
    if (!shipped(pkg.customElements)) problems.push(`customElements -> ${pkg.customElements} is missing`);
    else {
      const manifest = JSON.parse(read(file, pkg.customElements));
      for (const mod of manifest.modules) {
        if (!shipped(mod.path))
          problems.push(`custom-elements.json names ${mod.path}, which is not in the tarball`);
      }
    }
  }
  // The registry shows the README alone: links must be absolute (the repository) or anchors in the page.
  for (const [, link] of read(file, 'README.md').matchAll(/\]\(([^)\s]+)/g)) {
    if (!/^(?:https?:\/\/|#|mailto:)/.test(link)) {
      problems.push(`README.md links to ${link}, which breaks on the registry`);
    }
  }
  if (problems.length) throw new Error(`${pack.name}:\n  ${problems.join('\n  ')}`);
}
