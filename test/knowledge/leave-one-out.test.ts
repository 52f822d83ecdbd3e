import { describe, expect, it } from 'vitest';
import { Bm25fIndex } from '../../src/knowledge/bm25f-index.js';
import type { QueryTerm } from '../../src/knowledge/bm25f-index.js';
import { ExampleIndex } from '../../src/knowledge/example-index.js';
import type { ExampleText } from '../../src/knowledge/example-index.js';
import { dot } from '../../src/knowledge/vector-space.js';
import type { SparseVector } from '../../src/knowledge/vector-space.js';

/** The training of the decision model rests on these: a held-out question must look exactly like a new message. */
describe('leaving an example out', () => {
  const text = (owner: number, words: string[]): ExampleText => ({ terms: words, words, owner });
  const examples = [
    text(0, ['pagar', 'impuesto', 'predial']),
    text(0, ['predial', 'descuento']),
    text(0, ['factura', 'predial', 'internet']),
    text(1, ['vacuna', 'perro']),
    text(1, ['vacuna', 'gato', 'rabia']),
  ];
  const index = new ExampleIndex(examples, 2);

  function sum(vectors: SparseVector[]): Map<number, number> {
    const out = new Map<number, number>();
    for (const v of vectors) v.ids.forEach((id, i) => out.set(id, (out.get(id) ?? 0) + (v.values[i] as number)));
    return out;
  }

  it('gives the similarities of the remaining examples, and the centroid without the held-out one', () => {
    const held = 0;
    const query = index.exampleVectors(held);
    const similarity = index.similarities(query, held).get(0);
    const others = [1, 2].map((e) => index.exampleVectors(e));
    expect(similarity.maxWord).toBeCloseTo(Math.max(...others.map((o) => dot(query.words, o.words))), 10);
    expect(similarity.maxChar).toBeCloseTo(Math.max(...others.map((o) => dot(query.chars, o.chars))), 10);
    const centroid = sum(others.map((o) => o.words));
    const norm = Math.sqrt([...centroid.values()].reduce((s, v) => s + v * v, 0));
    let expected = 0;
    query.words.ids.forEach((id, i) => (expected += (query.words.values[i] as number) * (centroid.get(id) ?? 0)));
    expect(similarity.centroidWord).toBeCloseTo(expected / norm, 10);
    // Nothing of the held-out example leaks: it would be a perfect match of itself.
    expect(similarity.maxWord).toBeLessThan(0.99);
  });

  it("takes a question back out of an entry's BM25F document as if it had never been indexed", () => {
    const options = { fields: { questions: { weight: 1, b: 0 } }, k1: 1.2, bigramWeight: 0.5 };
    const withIt = new Bm25fIndex(
      [
        {
          fields: {
            questions: [
              ['pagar', 'predial'],
              ['pagar', 'cuotas'],
            ],
          },
        },
        { fields: { questions: [['cuotas', 'predial']] } },
      ],
      options,
    );
    const without = new Bm25fIndex(
      [{ fields: { questions: [['pagar', 'predial']] } }, { fields: { questions: [['cuotas', 'predial']] } }],
      options,
    );
    const query: QueryTerm[] = [
      { term: 'pagar', weight: 1 },
      { term: 'predial', weight: 1 },
      { term: 'pagar_predial', weight: 1 },
    ];
    const scores = new Float64Array(2);
    const matched = new Float64Array(2);
    withIt.score(query, scores, matched);
    const vanished = withIt.withoutSegment(query, scores, matched, 0, 'questions', ['pagar', 'cuotas']);
    const expected = new Float64Array(2);
    const expectedMatched = new Float64Array(2);
    without.score(query, expected, expectedMatched);
    expect(scores[0]).toBeCloseTo(expected[0] as number, 10);
    expect(matched[0]).toBeCloseTo(expectedMatched[0] as number, 10);
    expect([...vanished]).toEqual([]);
    // A term only the held-out question had is no longer matched.
    const only: QueryTerm[] = [{ term: 'cuotas', weight: 1 }];
    const s = new Float64Array(2);
    const m = new Float64Array(2);
    withIt.score(only, s, m);
    expect([...withIt.withoutSegment(only, s, m, 0, 'questions', ['pagar', 'cuotas'])]).toEqual(['cuotas']);
    expect(s[0]).toBeCloseTo(0, 10);
  });
});
