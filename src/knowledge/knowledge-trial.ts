import type { KnowledgeMatcher } from './matcher.js';

/** What the assistant would do with a question, as the console's "Probar" shows it. */
export interface TrialOutcome {
  decision: 'answer' | 'clarify' | 'unknown';
  /** Why it would not answer (unknown): low-confidence | smalltalk | empty. */
  reason?: string;
  /** Another entity handles it (Registraduría, DIAN…). */
  redirect?: string;
  /** The entry it would answer with. */
  answer?: { id: string; title: string };
  /** Entries it would offer to choose from (clarify). */
  offered?: { id: string; title: string }[];
  /** The likeliest entries with their probability (0-1), best first. */
  ranked: { id: string; title: string; confidence: number }[];
}

const RANKED = 8;

export function tryQuestion(matcher: KnowledgeMatcher, question: string): TrialOutcome {
  const result = matcher.match(question);
  const ranked = result.candidates
    .slice(0, RANKED)
    .map((c) => ({ id: c.id, title: c.title, confidence: Math.round(c.confidence * 1000) / 1000 }));
  if (result.kind === 'answer') {
    return { decision: 'answer', answer: { id: result.best.id, title: result.best.title }, ranked };
  }
  if (result.kind === 'clarify') {
    const offered = result.candidates.slice(0, result.offered ?? 2).map((c) => ({ id: c.id, title: c.title }));
    return { decision: 'clarify', offered, ranked };
  }
  return {
    decision: 'unknown',
    reason: result.reason,
    ...(result.redirect !== undefined ? { redirect: result.redirect } : {}),
    ranked,
  };
}
