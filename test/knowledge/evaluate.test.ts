import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { crossValidate } from '../../src/knowledge/cross-validate.js';
import { evaluateMatcher, parseEvalQuestions } from '../../src/knowledge/evaluate.js';
import type { EvalQuestion } from '../../src/knowledge/evaluate.js';
import { parseKbFile } from '../../src/knowledge/kb-file.js';
import { KnowledgeMatcher } from '../../src/knowledge/matcher.js';
import type { MatchResult } from '../../src/knowledge/match-result.js';
import { DEFAULT_OUT_OF_SCOPE } from '../../src/knowledge/out-of-scope-examples.js';
import { parseSynonymsYaml } from '../../src/knowledge/synonyms.js';

const evalDir = fileURLToPath(new URL('../../../shared/eval/', import.meta.url));
const synonymsFile = fileURLToPath(new URL('../../flows/knowledge/sinonimos.yaml', import.meta.url));
const hasEvalData = existsSync(`${evalDir}dev.jsonl`) && existsSync(`${evalDir}kb.json`);

describe('evaluateMatcher', () => {
  it('scores answers, clarify (first candidate) and "no sé" as documented', () => {
    const candidate = (id: string) => ({ id, title: id, score: 1, confidence: 0.9 });
    const results: Record<string, MatchResult> = {
      a: { kind: 'answer', best: candidate('x'), candidates: [candidate('x')] },
      b: { kind: 'clarify', candidates: [candidate('z'), candidate('y')] },
      c: { kind: 'unknown', reason: 'low-confidence', candidates: [] },
      d: { kind: 'clarify', candidates: [candidate('x')] },
    };
    const questions: EvalQuestion[] = [
      { q: 'a', id: 'x' },
      { q: 'b', id: 'y' },
      { q: 'c', id: null },
      { q: 'd', id: null },
    ];
    const metrics = evaluateMatcher({ match: (q) => results[q] as MatchResult }, questions);
    expect(metrics).toMatchObject({ inScopeTop1: 0.5, top3: 1, oosRejection: 0.5, overall: 0.5, n: 4 });
    expect(Object.keys(metrics).sort()).toEqual([
      'inScopeTop1',
      'n',
      'oosRejection',
      'overall',
      'p50Ms',
      'p99Ms',
      'top3',
    ]);
  });

  it('names the bad line of a questions file', () => {
    expect(parseEvalQuestions('{"q":"a","id":null}\n{"q":1}\n')).toEqual({
      ok: false,
      error: 'Línea 2: debe tener "q" (texto) e "id" (texto o null).',
    });
  });
});

describe.skipIf(!hasEvalData)('targets on messages the matcher never saw (../shared/eval)', () => {
  if (!hasEvalData) console.error(`Sin datos de evaluación en ${evalDir}: se omiten las metas.`);

  // Latency is measured by bench/kb-matcher.bench.ts: test workers share the CPU, so timings here are noise.
  it('5-fold cross-validation (seed 1): inScopeTop1 >= 0.92, top3 >= 0.97, oosRejection >= 0.90', () => {
    const kb = parseKbFile(readFileSync(`${evalDir}kb.json`, 'utf8'), 'json');
    const synonyms = parseSynonymsYaml(readFileSync(synonymsFile, 'utf8'));
    const questions = parseEvalQuestions(readFileSync(`${evalDir}dev.jsonl`, 'utf8'));
    if (!kb.ok || !synonyms.ok || !questions.ok) throw new Error('no se pudieron leer los datos de evaluación');
    const report = crossValidate(
      { entries: kb.entries, questions: questions.questions, outOfScope: DEFAULT_OUT_OF_SCOPE },
      (entries, outOfScope) => new KnowledgeMatcher(entries, synonyms.list, { outOfScope }),
      { folds: 5, seed: 1 },
    );
    expect(report.mean.inScopeTop1).toBeGreaterThanOrEqual(0.92);
    expect(report.mean.top3).toBeGreaterThanOrEqual(0.97);
    expect(report.mean.oosRejection).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});
