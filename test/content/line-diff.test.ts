import { describe, expect, it } from 'vitest';
import { diffLines } from '../../src/content/line-diff.js';

const numbered = (n: number) => Array.from({ length: n }, (_, i) => `línea ${i + 1}`);

describe('diffLines', () => {
  it('aligns an insertion and a removal far apart, each with its line numbers and context', () => {
    const before = numbered(30);
    const after = [...before.slice(0, 5), 'nueva A', 'nueva B', ...before.slice(5, 24), ...before.slice(25)];
    const diff = diffLines(before.join('\n') + '\n', after.join('\n') + '\n', 1);
    expect(diff).toEqual({
      added: 2,
      removed: 1,
      lines: [
        { kind: 'gap', count: 4 },
        { kind: 'same', text: 'línea 5', before: 5, after: 5 },
        { kind: 'added', text: 'nueva A', after: 6 },
        { kind: 'added', text: 'nueva B', after: 7 },
        { kind: 'same', text: 'línea 6', before: 6, after: 8 },
        { kind: 'gap', count: 17 },
        { kind: 'same', text: 'línea 24', before: 24, after: 26 },
        { kind: 'removed', text: 'línea 25', before: 25 },
        { kind: 'same', text: 'línea 26', before: 26, after: 27 },
        { kind: 'gap', count: 4 },
      ],
    });
  });

  it('finds nothing between the same text with other line endings', () => {
    expect(diffLines('a\r\nb\r\n', 'a\nb')).toEqual({ lines: [], added: 0, removed: 0 });
  });
});
