/**
 * Turns ranking evidence into a probability that the top entry is right. Raw BM25 scores grow with the size of the
 * knowledge base and the length of the message, so the model only sees scale-free features:
 * - coverage: share of the message's informative words (idf mass) that the entry contains;
 * - strength: score per unit of the message's idf mass;
 * - lead: relative distance to the next entry.
 * Coefficients come from a logistic regression fitted on the even lines of shared/eval/dev.jsonl (label: the top
 * entry is right; out-of-scope messages are negatives); the answer threshold (0.4, in matcher.ts) was chosen on the
 * same half. The odd lines were held out to check that they generalise.
 */
export interface ConfidenceFeatures {
  coverage: number;
  strength: number;
  lead: number;
}

export interface ConfidenceModel {
  intercept: number;
  coverage: number;
  strength: number;
  lead: number;
}

export const DEFAULT_CONFIDENCE_MODEL: ConfidenceModel = {
  intercept: -0.726,
  coverage: 0.255,
  strength: 1.624,
  lead: 0.426,
};

export function confidenceOf(features: ConfidenceFeatures, model: ConfidenceModel = DEFAULT_CONFIDENCE_MODEL): number {
  const z =
    model.intercept +
    model.coverage * features.coverage +
    model.strength * features.strength +
    model.lead * features.lead;
  return 1 / (1 + Math.exp(-z));
}
