export interface MatchCandidate {
  id: string;
  title: string;
  /** The decision model's score (a logit); only comparable within one knowledge base. */
  score: number;
  /** Probability, in [0, 1], that this entry is what the citizen asked for (calibrated on held-out questions). */
  confidence: number;
}

export type UnknownReason = 'low-confidence' | 'smalltalk' | 'empty';

export type MatchResult =
  | {
      kind: 'answer';
      best: MatchCandidate;
      candidates: MatchCandidate[];
      /** Probability that no entry answers the message. */
      outOfScope?: number;
    }
  /** Two or three entries are about equally likely: ask the citizen which one they mean. */
  | {
      kind: 'clarify';
      candidates: MatchCandidate[];
      /** How many of the first candidates are worth offering (the rest are listed for information only). */
      offered?: number;
      outOfScope?: number;
    }
  | {
      kind: 'unknown';
      reason: UnknownReason;
      candidates: MatchCandidate[];
      /** When the question belongs to another entity (Registraduría, DIAN...), who handles it, in Spanish. */
      redirect?: string;
      outOfScope?: number;
    };
