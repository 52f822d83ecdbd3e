export interface MatchCandidate {
  id: string;
  title: string;
  /** Raw ranking score (BM25F); only comparable within one knowledge base. */
  score: number;
  /** Estimated probability, in [0, 1], that this entry is what the citizen asked for. */
  confidence: number;
}

export type UnknownReason = 'low-confidence' | 'smalltalk' | 'empty';

export type MatchResult =
  | { kind: 'answer'; best: MatchCandidate; candidates: MatchCandidate[] }
  /** Two entries are about equally likely: ask the citizen which one they mean. */
  | { kind: 'clarify'; candidates: MatchCandidate[] }
  | {
      kind: 'unknown';
      reason: UnknownReason;
      candidates: MatchCandidate[];
      /** When the question belongs to another entity (Registraduría, DIAN...), who handles it, in Spanish. */
      redirect?: string;
    };
