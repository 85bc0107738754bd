// Builds the Custom Elements Manifest of @hexnode-offboard/elements for Storybook's autodocs
// (attributes, properties, events, parts, custom properties, slots), with the analyzer's Lit support.
// The elements register their tags through a small `define(tag, Class)` helper, which the analyzer
// cannot follow on its own: the plugin below reads those calls and names each class's tag.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create, ts } from '@custom-elements-manifest/analyzer';
import { litPlugin } from '@custom-elements-manifest/analyzer/src/features/framework-plugins/lit/lit.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const elementsSource = join(root, 'packages/elements/src');

/** Finds `define('tag-name', ClassName)` and `customElements.define('tag-name', ClassName)` calls. */
function tagsFromDefineCalls() {
  const tags = new Map();
  return {
    name: 'hexnode-offboard:define-calls',
    analyzePhase({ ts, node }) {
      if (!ts.isCallExpression(node)) return;
      const callee = node.expression.getText();
      if (callee !== 'define' && callee !== 'customElements.define') return;
      const [tag, element] = node.arguments;
      if (tag && element && ts.isStringLiteral(tag) && ts.isIdentifier(element))
        tags.set(element.text, tag.text);
    },
    packageLinkPhase({ customElementsManifest }) {
      for (const mod of customElementsManifest.modules) {
        for (const declaration of mod.declarations ?? []) {
          // `this.dispatchEvent(new SomeEvent(...))` leaves a nameless entry; the JSDoc `@event`s name them all.
          if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
          // Only the public surface: no private/protected/#private members, no static styles.
          if (declaration.members) {
            declaration.members = declaration.members.filter(
              (member) =>
                !member.static &&
                !member.name.startsWith('#') &&
                member.privacy !== 'private' &&
                member.privacy !== 'protected',
            );
          }
          const tag = tags.get(declaration.name);
          if (!declaration.customElement || !tag || declaration.tagName) continue;
          declaration.tagName = tag;
          mod.exports = [
            ...(mod.exports ?? []),
            {
              kind: 'custom-element-definition',
              name: tag,
              declaration: { name: declaration.name, module: mod.path },
            },
          ];
        }
      }
    },
  };
}

/** The source files the manifest is built from. */
export function manifestSources() {
  return readdirSync(elementsSource, { recursive: true })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && file !== 'react.ts')
    .sort()
    .map((file) => join(elementsSource, file));
}

/** Analyzes the elements' sources and returns the manifest (nothing is written to disk). */
export async function buildManifest() {
  const modules = manifestSources().map((file) =>
    ts.createSourceFile(relative(root, file), readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true),
  );
  return create({ modules, plugins: [...litPlugin(), tagsFromDefineCalls()] });
}
