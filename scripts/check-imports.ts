/**
 * Fails (exit 1) when src/ has an import cycle, between folders (src/core ↔ src/db) or between files. A cycle between
 * folders means neither can be understood, tested or reused without the other; the layers are meant to point one way.
 * Type-only imports count too: they are the coupling a reader has to follow, even if the JavaScript drops them.
 *
 *   npx tsx scripts/check-imports.ts
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** './x.js' → the .ts file it names, or undefined for packages and files outside src/. */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => c.startsWith(src) && existsSync(c) && statSync(c).isFile());
}

/** The folder a file belongs to: src/cases/service/x.ts → cases; a file directly in src/ is its own unit. */
function folderOf(file: string): string {
  return relative(src, file).split('/')[0]!;
}

const files = sourceFiles(src);
const edges = new Map<string, Set<string>>();
for (const file of files) {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const targets = new Set<string>();
  for (const { fileName } of info.importedFiles) {
    const target = resolveSpecifier(file, fileName);
    if (target && target !== file) targets.add(target);
  }
  edges.set(file, targets);
}

/** Tarjan's strongly connected components: every component of more than one node is a cycle. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    indexOf.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indexOf.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indexOf.get(next)!));
      }
    }
    if (low.get(node) === indexOf.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indexOf.has(node)) visit(node);
  return found;
}

const folders = new Map<string, Set<string>>();
/** Which file imports which, per pair of folders, so a report names the lines to change. */
const witnesses = new Map<string, string[]>();
for (const [file, targets] of edges) {
  const from = folderOf(file);
  if (!folders.has(from)) folders.set(from, new Set());
  for (const target of targets) {
    const to = folderOf(target);
    if (to === from) continue;
    folders.get(from)!.add(to);
    const key = `${from} → ${to}`;
    witnesses.set(key, [...(witnesses.get(key) ?? []), `${relative(root, file)} imports ${relative(root, target)}`]);
  }
}

const folderCycles = cycles(folders);
const fileCycles = cycles(edges);
for (const cycle of folderCycles) {
  console.error(`folder cycle: ${cycle.join(' ↔ ')}`);
  for (const from of cycle) {
    for (const to of cycle) {
      for (const line of witnesses.get(`${from} → ${to}`) ?? []) console.error(`  ${line}`);
    }
  }
}
for (const cycle of fileCycles) console.error(`file cycle: ${cycle.map((f) => relative(root, f)).join(' ↔ ')}`);

if (folderCycles.length + fileCycles.length > 0) {
  console.error(`${folderCycles.length} folder cycle(s), ${fileCycles.length} file cycle(s) in src/.`);
  process.exit(1);
}
console.log(`No import cycles among ${files.length} files in ${folders.size} folders of src/.`);
