// Checks the shape of the production code: the median file stays under 100 lines and no
// function (declaration, method, arrow or React component) is longer than 120 lines.
//
//   node scripts/check-code-shape.mjs          exits 1 and names the offenders when a limit is broken
//   node scripts/check-code-shape.mjs --list   also prints the ten largest files and longest functions
//
// Production code is what git tracks under app/ (demo code included), ml/, web/src/, extensions/*/src/,
// the theme extension's storefront scripts (extensions/*/assets/*.js) and scripts/; tests/ and generated
// clients are not counted. Functions are found with the TypeScript compiler's own parser, so nested
// functions are measured on their own as well.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import ts from 'typescript';

const MEDIAN_FILE_LINES_BELOW = 100;
const MAX_FUNCTION_LINES = 120;
const SOURCE = /\.(ts|tsx|mts|mjs|js)$/;

const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard', 'app', 'ml', 'web/src', 'extensions', 'scripts'], {
  encoding: 'utf8',
})
  .split('\n')
  .filter((file) => SOURCE.test(file) && !file.startsWith('app/generated/') && !file.includes('/dist/'))
  .filter((file) => !file.startsWith('extensions/') || /^extensions\/[^/]+\/(src\/|assets\/[^/]+\.js$)/.test(file));

/** Line count of every function-like node with a body in one file. */
function functionLengths(file, text) {
  const kind = file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const found = [];
  const line = (pos) => source.getLineAndCharacterOfPosition(pos).line + 1;
  const visit = (node) => {
    if (ts.isFunctionLike(node) && node.body) {
      const start = line(node.getStart(source));
      const name =
        node.name?.getText(source) ??
        (node.parent && ts.isVariableDeclaration(node.parent) ? node.parent.name.getText(source) : '(anonymous)');
      found.push({ where: `${file}:${start}`, name, lines: line(node.end) - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const files = [];
const functions = [];
for (const file of tracked) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // deleted in the working tree, not yet in the index
  }
  files.push({ file, lines: text.split('\n').length });
  functions.push(...functionLengths(file, text));
}

files.sort((a, b) => a.lines - b.lines);
const mid = files.length / 2;
const median = files.length % 2 ? files[Math.floor(mid)].lines : (files[mid - 1].lines + files[mid].lines) / 2;
const tooLong = functions.filter((f) => f.lines > MAX_FUNCTION_LINES).sort((a, b) => b.lines - a.lines);

console.log(`${files.length} production files, median ${median} lines (limit: under ${MEDIAN_FILE_LINES_BELOW})`);
console.log(`${functions.length} functions, longest ${Math.max(0, ...functions.map((f) => f.lines))} lines (limit: ${MAX_FUNCTION_LINES})`);
if (process.argv.includes('--list')) {
  console.log('largest files:');
  for (const f of files.slice(-10).reverse()) console.log(`  ${f.lines}\t${f.file}`);
  console.log('longest functions:');
  for (const f of [...functions].sort((a, b) => b.lines - a.lines).slice(0, 10)) console.log(`  ${f.lines}\t${f.where} ${f.name}`);
}
for (const f of tooLong) console.error(`too long: ${f.where} ${f.name} is ${f.lines} lines`);
if (median >= MEDIAN_FILE_LINES_BELOW) console.error(`the median file is ${median} lines`);
process.exit(tooLong.length > 0 || median >= MEDIAN_FILE_LINES_BELOW ? 1 : 0);
