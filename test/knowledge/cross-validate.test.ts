import { describe, expect, it } from 'vitest';
import { crossValidate } from '../../src/knowledge/cross-validate.js';
import type { EvalQuestion } from '../../src/knowledge/evaluate.js';
import type { KbEntry } from '../../src/knowledge/kb-entry.js';
import type { MatchResult } from '../../src/knowledge/match-result.js';
import type { OutOfScopeTopic } from '../../src/knowledge/out-of-scope-examples.js';

const entries: KbEntry[] = ['a', 'b', 'c', 'd'].map((id) => ({
  id,
  title: `Entrada ${id}`,
  category: 'prueba',
  questions: [1, 2, 3, 4, 5].map((n) => `pregunta ${n} de ${id}`),
  answer: `Respuesta ${id}.`,
  tags: [],
}));
const questions: EvalQuestion[] = [
  ...['a', 'b', 'c', 'd'].flatMap((id) => [1, 2].map((n) => ({ q: `mensaje ${n} sobre ${id}`, id }))),
  ...[1, 2, 3, 4, 5].map((n) => ({ q: `mensaje ${n} fuera de alcance`, id: null })),
];
const topics: OutOfScopeTopic[] = [1, 2, 3, 4, 5, 6].map((t) => ({
  topic: `tema ${t}`,
  examples: [1, 2, 3].map((n) => `ejemplo ${n} del tema ${t}`),
}));

interface Fold {
  entries: KbEntry[];
  outOfScope: OutOfScopeTopic[];
  tested: (EvalQuestion & { source: string })[];
}

/** Runs a cross-validation with a matcher that answers by looking its training data up, recording what it saw. */
function run(seed: number, wholeTopics = false) {
  const folds: Fold[] = [];
  const report = crossValidate(
    { entries, questions, outOfScope: topics },
    (trained, outOfScope) => {
      folds.push({ entries: trained, outOfScope, tested: [] });
      return {
        match: (q: string): MatchResult => {
          const owner = trained.find((e) => e.questions.includes(q));
          const candidate = { id: owner?.id ?? 'a', title: '', score: 0, confidence: 1 };
          return owner === undefined
            ? { kind: 'unknown', reason: 'low-confidence', candidates: [] }
            : { kind: 'answer', best: candidate, candidates: [candidate] };
        },
      };
    },
    {
      folds: 3,
      seed,
      wholeTopics,
      onResult: (message) => folds[message.fold]?.tested.push(message),
    },
  );
  return { report, folds };
}

describe('crossValidate', () => {
  it('never scores a message the matcher was built on', () => {
    const { report, folds } = run(1);
    expect(folds).toHaveLength(3);
    for (const fold of folds) {
      const trainedTexts = new Set([
        ...fold.entries.flatMap((e) => e.questions),
        ...fold.outOfScope.flatMap((t) => t.examples),
      ]);
      expect(fold.tested.length).toBeGreaterThan(0);
      for (const message of fold.tested) expect(trainedTexts.has(message.q)).toBe(false);
    }
    // A matcher that only knows its training messages gets none of the held-out in-scope ones right.
    expect(report.mean.inScopeTop1).toBe(0);
    expect(report.mean.oosRejection).toBe(1);
  });

  it('holds every message out exactly once, spreading each entry and each out-of-scope topic over the folds', () => {
    const { folds } = run(7);
    const tested = folds.flatMap((f) => f.tested.map((m) => m.q)).sort();
    const all = [
      ...entries.flatMap((e) => e.questions),
      ...questions.map((q) => q.q),
      ...topics.flatMap((t) => t.examples),
    ].sort();
    expect(tested).toEqual(all);
    for (const entry of entries) {
      const own = [...entry.questions, ...questions.filter((q) => q.id === entry.id).map((q) => q.q)];
      const perFold = folds.map((f) => f.tested.filter((m) => own.includes(m.q)).length);
      // 7 messages over 3 folds: stratified means 2 or 3 in each.
      expect(Math.max(...perFold) - Math.min(...perFold)).toBeLessThanOrEqual(1);
    }
    for (const topic of topics) {
      // 3 examples over 3 folds: one in each, and the topic keeps its other two for training.
      expect(folds.map((f) => f.tested.filter((m) => topic.examples.includes(m.q)).length)).toEqual([1, 1, 1]);
      for (const fold of folds) {
        expect(fold.outOfScope.find((t) => t.topic === topic.topic)?.examples).toHaveLength(2);
      }
    }
    // Dev out-of-scope lines not held out are trained on as an out-of-scope topic of their own.
    for (const fold of folds) {
      const labelled = fold.outOfScope.find((t) => t.topic === 'preguntas etiquetadas fuera de alcance');
      const heldOut = fold.tested.filter((m) => m.source === 'questions' && m.id === null).map((m) => m.q);
      expect(labelled?.examples.sort()).toEqual(
        questions
          .filter((q) => q.id === null && !heldOut.includes(q.q))
          .map((q) => q.q)
          .sort(),
      );
    }
  });

  it('with wholeTopics, holds each out-of-scope topic out whole, with none of its examples in training', () => {
    const { folds, report } = run(7, true);
    expect(report.wholeTopics).toBe(true);
    for (const topic of topics) {
      const where = folds.map((f) => f.tested.filter((m) => topic.examples.includes(m.q)).length);
      expect(where.filter((n) => n > 0)).toEqual([topic.examples.length]);
      const heldIn = where.findIndex((n) => n > 0);
      expect(folds[heldIn]?.outOfScope.some((t) => t.topic === topic.topic)).toBe(false);
    }
  });

  it('is reproducible for a seed and reports every fold, the mean and the figures per source', () => {
    const first = run(3).report;
    const again = run(3).report;
    const strip = (r: typeof first) => r.folds.map((f) => ({ ...f, p50Ms: 0, p99Ms: 0, sources: {} }));
    expect(strip(again)).toEqual(strip(first));
    expect(first.folds.map((f) => f.fold)).toEqual([1, 2, 3]);
    expect(first.mean.sources.kb).toMatchObject({ inScope: expect.any(Number), outOfScope: 0 });
    expect(first.mean.sources.outOfScope).toMatchObject({ inScope: 0, oosRejection: 1 });
    expect(first.mean.sources.questions?.outOfScope).toBeGreaterThan(0);
  });
});

describe('crossValidate with further labelled sets', () => {
  // A held-out set whose in-scope lines editors also copied into their entries, and one of whose out-of-scope lines
  // is also a built-in example: each message must be tested once, under its set, and never trained on in its fold.
  const heldOut: EvalQuestion[] = [
    ...['a', 'b', 'c', 'd'].flatMap((id) => [1, 2, 3].map((n) => ({ q: `ciudadano ${n} sobre ${id}`, id }))),
    ...[1, 2, 3, 4].map((n) => ({ q: `ciudadano ${n} fuera de alcance`, id: null })),
    { q: 'ejemplo 1 del tema 1', id: null },
  ];
  const copied = entries.map((e) => ({
    ...e,
    questions: [...e.questions, ...heldOut.filter((h) => h.id === e.id).map((h) => h.q)],
  }));

  function runWithSource() {
    const folds: Fold[] = [];
    const report = crossValidate(
      { entries: copied, questions, sources: [{ name: 'heldout', questions: heldOut }], outOfScope: topics },
      (trained, outOfScope) => {
        folds.push({ entries: trained, outOfScope, tested: [] });
        return { match: (): MatchResult => ({ kind: 'unknown', reason: 'low-confidence', candidates: [] }) };
      },
      { folds: 3, seed: 5, onResult: (message) => folds[message.fold]?.tested.push(message) },
    );
    return { report, folds };
  }

  it('tests every message once, under its set, and trains on it only in the other folds, where its copy belongs', () => {
    const { report, folds } = runWithSource();
    const tested = folds.flatMap((f) => f.tested);
    const all = new Set([
      ...copied.flatMap((e) => e.questions),
      ...questions.map((q) => q.q),
      ...topics.flatMap((t) => t.examples),
      ...heldOut.map((h) => h.q),
    ]);
    expect(tested.map((m) => m.q).sort()).toEqual([...all].sort());
    for (const h of heldOut) expect(tested.find((m) => m.q === h.q)?.source).toBe('heldout');
    for (const fold of folds) {
      const trained = new Set([
        ...fold.entries.flatMap((e) => e.questions),
        ...fold.outOfScope.flatMap((t) => t.examples),
      ]);
      for (const m of fold.tested) expect(trained.has(m.q)).toBe(false);
      // The held-out copy of a built-in example goes back to its topic when it is not held out.
      if (!fold.tested.some((m) => m.q === 'ejemplo 1 del tema 1')) {
        expect(fold.outOfScope.find((t) => t.topic === 'tema 1')?.examples).toContain('ejemplo 1 del tema 1');
      }
    }
    // Each entry's three held-out lines are spread over the three folds.
    for (const id of ['a', 'b', 'c', 'd']) {
      const perFold = folds.map((f) => f.tested.filter((m) => m.source === 'heldout' && m.id === id).length);
      expect(perFold).toEqual([1, 1, 1]);
    }
    expect(report.folds.every((f) => f.sources.heldout !== undefined)).toBe(true);
    expect(report.mean.sources.heldout).toMatchObject({ inScope: 4, outOfScope: 2, inScopeTop1: 0, oosRejection: 1 });
    expect(report.mean.sources.kb?.inScope).toBe(7);
  });
});
