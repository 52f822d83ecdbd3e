import type { AnalyzedQuery } from './analyze-query.js';
import type { CandidateEvidence } from './knowledge-index.js';

/** Names of the candidate features, in order (for `kb ask --json` and the docs). */
export const CANDIDATE_FEATURES = [
  'maxWord',
  'maxChar',
  'maxCoverage',
  'centroidWord',
  'centroidChar',
  'strength',
  'coverage',
  'logScore',
  'matchedMass',
  'titleCoverage',
  'rarestMatch',
  'isOutOfScopeTopic',
] as const;

/**
 * Which weights must not be negative, candidate features then residual ones: more similarity, coverage or rarity can
 * only count for an option, and more unknown, small-talk or out-of-scope words only for "none".
 */
export const NON_NEGATIVE = [
  ...CANDIDATE_FEATURES.map((name) => name !== 'isOutOfScopeTopic'),
  false,
  true,
  true,
  true,
  true,
  false,
];

/** Names of the residual out-of-scope option's features, in order; the first is its intercept. */
export const NONE_FEATURES = [
  'intercept',
  'unknownShare',
  'noKnownWord',
  'smalltalkShare',
  'outOfScopeWords',
  'logContentWords',
] as const;

export function candidateFeatures(c: CandidateEvidence): Float64Array {
  const s = c.similarity;
  return Float64Array.of(
    s.maxWord,
    s.maxChar,
    s.maxCoverage,
    s.centroidWord,
    s.centroidChar,
    Math.min(c.strength, 4),
    c.coverage,
    Math.log1p(c.score),
    c.matchedMass,
    c.titleCoverage,
    c.rarestMatch,
    c.topic === undefined ? 0 : 1,
  );
}

/** `wordScore` is the message's out-of-scope word evidence (KnowledgeIndex.wordScore). */
export function noneFeatures(a: AnalyzedQuery, wordScore: number): Float64Array {
  const words = a.smalltalkWords + a.knownContentWords + a.unknownWords.length;
  return Float64Array.of(
    1,
    a.mass > 0 ? a.unknownMass / a.mass : 0,
    a.knownContentWords === 0 ? 1 : 0,
    words > 0 ? a.smalltalkWords / words : 0,
    wordScore,
    Math.log1p(a.words.length),
  );
}
