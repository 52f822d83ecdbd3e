/** One line of a diff as an editor reads it; `gap` stands for unchanged lines left out between changes. */
export type DiffLine =
  | { kind: 'same'; text: string; before: number; after: number }
  | { kind: 'removed'; text: string; before: number }
  | { kind: 'added'; text: string; after: number }
  | { kind: 'gap'; count: number };

export interface LineDiff {
  lines: DiffLine[];
  added: number;
  removed: number;
}

type Op = 'same' | 'removed' | 'added';

/**
 * Above this many cells the middle of two files is shown as removed then added instead of aligned line by line: a
 * flow file is a few hundred lines, and the common start and end are cut off first, so only a wholesale rewrite of a
 * very large file gets there (and then "everything changed" is the honest summary).
 */
const MAX_CELLS = 4_000_000;

/** The longest common subsequence of two short line lists, as operations in order. */
function align(a: readonly string[], b: readonly string[]): Op[] {
  if (a.length * b.length > MAX_CELLS) return [...a.map((): Op => 'removed'), ...b.map((): Op => 'added')];
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * width + j] =
        a[i] === b[j]
          ? table[(i + 1) * width + j + 1]! + 1
          : Math.max(table[(i + 1) * width + j]!, table[i * width + j + 1]!);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push('same');
      i++;
      j++;
    } else if (i < a.length && (j === b.length || table[(i + 1) * width + j]! >= table[i * width + j + 1]!)) {
      // Removed lines before added ones, as editors read a replaced line.
      ops.push('removed');
      i++;
    } else {
      ops.push('added');
      j++;
    }
  }
  return ops;
}

function linesOf(text: string): string[] {
  const lines = text.split(/\r?\n/);
  // A final newline is not a last empty line an editor would see.
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * The lines added and removed to go from `before` to `after`, with `context` unchanged lines around each change and
 * the other unchanged lines counted in gaps, so a one-line change in a long flow reads as a few lines.
 */
export function diffLines(before: string, after: string, context = 3): LineDiff {
  const a = linesOf(before);
  const b = linesOf(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  const ops: Op[] = [
    ...Array<Op>(start).fill('same'),
    ...align(a.slice(start, a.length - end), b.slice(start, b.length - end)),
    ...Array<Op>(end).fill('same'),
  ];

  const full: Exclude<DiffLine, { kind: 'gap' }>[] = [];
  let i = 0;
  let j = 0;
  for (const op of ops) {
    if (op === 'same') full.push({ kind: 'same', text: a[i]!, before: ++i, after: ++j });
    else if (op === 'removed') full.push({ kind: 'removed', text: a[i]!, before: ++i });
    else full.push({ kind: 'added', text: b[j]!, after: ++j });
  }
  const shown = new Uint8Array(full.length);
  for (const [index, line] of full.entries()) {
    if (line.kind === 'same') continue;
    shown.fill(1, Math.max(0, index - context), index + context + 1);
  }
  if (!full.some((l) => l.kind !== 'same')) return { lines: [], added: 0, removed: 0 };

  const lines: DiffLine[] = [];
  let skipped = 0;
  for (const [index, line] of full.entries()) {
    if (shown[index] === 0) {
      skipped++;
      continue;
    }
    if (skipped > 0) lines.push({ kind: 'gap', count: skipped });
    skipped = 0;
    lines.push(line);
  }
  if (skipped > 0) lines.push({ kind: 'gap', count: skipped });
  return {
    lines,
    added: full.filter((l) => l.kind === 'added').length,
    removed: full.filter((l) => l.kind === 'removed').length,
  };
}
