import { z } from 'zod';
import type { MatchResult } from './match-result.js';

export interface EvalQuestion {
  q: string;
  /** The entry that answers it, or null when the knowledge base does not cover it. */
  id: string | null;
}

export interface EvalMetrics {
  inScopeTop1: number;
  top3: number;
  oosRejection: number;
  overall: number;
  p50Ms: number;
  p99Ms: number;
  n: number;
}

const EvalLine = z.object({ q: z.string(), id: z.string().min(1).nullable() });
const OutOfScopeLine = z
  .object({ q: z.string(), id: z.null().optional() })
  .transform(({ q }): EvalQuestion => ({ q, id: null }));

type ParsedQuestions = { ok: true; questions: EvalQuestion[] } | { ok: false; error: string };

function parseLines(text: string, line: z.ZodType<EvalQuestion>, shape: string): ParsedQuestions {
  const questions: EvalQuestion[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const raw = (lines[i] as string).trim();
    if (raw === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return { ok: false, error: `Línea ${i + 1}: no es un objeto JSON válido.` };
    }
    const parsed = line.safeParse(value);
    if (!parsed.success) return { ok: false, error: `Línea ${i + 1}: debe tener ${shape}.` };
    questions.push(parsed.data);
  }
  return { ok: true, questions };
}

/** Reads the `{ "q": ..., "id": ... }` JSON Lines format of the evaluation sets, naming the bad line if any. */
export function parseEvalQuestions(text: string): ParsedQuestions {
  return parseLines(text, EvalLine, '"q" (texto) e "id" (texto o null)');
}

/** Reads an out-of-scope set: the same JSON Lines, where "id" is null or absent. */
export function parseOutOfScopeQuestions(text: string): ParsedQuestions {
  return parseLines(text, OutOfScopeLine, '"q" (texto) e "id" null o ausente');
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] as number;
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/**
 * Scoring rules, as in shared/eval/README.md:
 * - "no sé" is `kind: 'unknown'`. An out-of-scope message is right only when rejected that way; a clarify question
 *   offering entries to an out-of-scope message counts as wrong (it pretends the base covers it).
 * - For in-scope messages, the first answer is `best` for `answer` and the first candidate for `clarify` (the option
 *   we list first); `unknown` is never right. top3 looks at the first three candidates of answer and clarify results.
 */
export function evaluateMatcher(
  matcher: { match(question: string): MatchResult },
  questions: readonly EvalQuestion[],
): EvalMetrics {
  let inScope = 0;
  let top1 = 0;
  let top3 = 0;
  let outOfScope = 0;
  let rejected = 0;
  const latencies: number[] = [];
  for (const { q, id } of questions) {
    const started = performance.now();
    const result = matcher.match(q);
    latencies.push(performance.now() - started);
    if (id === null) {
      outOfScope += 1;
      if (result.kind === 'unknown') rejected += 1;
      continue;
    }
    inScope += 1;
    if (result.kind === 'unknown') continue;
    const first = result.kind === 'answer' ? result.best.id : result.candidates[0]?.id;
    if (first === id) top1 += 1;
    if (result.candidates.slice(0, 3).some((c) => c.id === id)) top3 += 1;
  }
  latencies.sort((a, b) => a - b);
  const n = questions.length;
  return {
    inScopeTop1: inScope === 0 ? 0 : round(top1 / inScope, 4),
    top3: inScope === 0 ? 0 : round(top3 / inScope, 4),
    oosRejection: outOfScope === 0 ? 0 : round(rejected / outOfScope, 4),
    overall: n === 0 ? 0 : round((top1 + rejected) / n, 4),
    p50Ms: round(percentile(latencies, 0.5), 3),
    p99Ms: round(percentile(latencies, 0.99), 3),
    n,
  };
}
