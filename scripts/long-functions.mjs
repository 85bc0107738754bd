// Lists the functions and methods in packages/*/src and examples/*/src longer than 60 lines, measured with
// TypeScript's parser (from the first line of the function, its doc comment left out, to its closing line), and
// says whether each has its reason beside it: a comment directly above it (its doc comment or a line comment)
// saying "Over 60 lines" and why (the older "Longer than ~60 lines" and "Long for a reason" count too). Exits 1
// when one has no reason. Not part of CI: run it when a function grows.
//
//   node scripts/long-functions.mjs            every long function
//   node scripts/long-functions.mjs --limit 40 another limit
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const limitAt = process.argv.indexOf('--limit');
const LIMIT = limitAt === -1 ? 60 : Number(process.argv[limitAt + 1]);
if (!Number.isInteger(LIMIT) || LIMIT < 1) {
  console.error('--limit takes a positive whole number of lines.');
  process.exit(2);
}
const MARKER = /\b(over|longer than) ~?60 lines\b|\blong for a reason\b/i;
const SOURCE = /\.(ts|tsx|mts|js|mjs)$/;

function sourceFiles() {
  const files = [];
  for (const root of ['packages', 'examples']) {
    if (!existsSync(root)) continue;
    for (const pkg of readdirSync(root)) {
      const src = join(root, pkg, 'src');
      if (!existsSync(src)) continue;
      for (const entry of readdirSync(src, { recursive: true })) {
        const file = String(entry);
        if (SOURCE.test(file) && !file.endsWith('.d.ts')) files.push(join(src, file));
      }
    }
  }
  return files.sort();
}

const isFunction = (node) =>
  ts.isFunctionDeclaration(node) ||
  ts.isMethodDeclaration(node) ||
  ts.isConstructorDeclaration(node) ||
  ts.isGetAccessorDeclaration(node) ||
  ts.isSetAccessorDeclaration(node) ||
  ts.isFunctionExpression(node) ||
  ts.isArrowFunction(node);

/** The node a reason is written above: the declaration, statement or member the function is. */
function anchorOf(node) {
  let anchor = node;
  while (
    anchor.parent &&
    !ts.isSourceFile(anchor.parent) &&
    !ts.isBlock(anchor.parent) &&
    !ts.isClassLike(anchor.parent) &&
    !ts.isObjectLiteralExpression(anchor.parent) &&
    !ts.isModuleBlock(anchor.parent)
  ) {
    anchor = anchor.parent;
  }
  return anchor;
}

function nameOf(node, source) {
  if (ts.isConstructorDeclaration(node)) return `${nameOf(node.parent, source)} constructor`;
  if (node.name) return node.name.getText(source);
  const parent = node.parent;
  if (
    (ts.isVariableDeclaration(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent)) &&
    parent.name
  )
    return parent.name.getText(source);
  return '(anonymous)';
}

function hasReason(node, source) {
  const text = source.getFullText();
  const anchor = anchorOf(node);
  const comments = ts.getLeadingCommentRanges(text, anchor.getFullStart()) ?? [];
  return comments.some((range) => MARKER.test(text.slice(range.pos, range.end)));
}

const found = [];
for (const file of sourceFiles()) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (node) => {
    if (isFunction(node) && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > LIMIT) {
        found.push({
          where: `${relative('.', file)}:${first + 1}`,
          name: nameOf(node, source),
          lines,
          reason: hasReason(node, source),
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

for (const { where, name, lines, reason } of found) {
  console.log(
    `${reason ? 'reason beside it' : 'NO REASON       '}  ${String(lines).padStart(4)}  ${name}  ${where}`,
  );
}
const missing = found.filter((entry) => !entry.reason).length;
console.log(`${found.length} functions over ${LIMIT} lines, ${missing} without a reason beside them.`);
process.exitCode = missing > 0 ? 1 : 0;
