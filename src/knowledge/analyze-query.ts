import { bigramOf } from './bm25f-index.js';
import type { QueryTerm } from './bm25f-index.js';
import { normalizeText } from './normalize.js';
import { isSmalltalkWord } from './smalltalk.js';
import { isStopword, splitWords, toTerm } from './spanish-terms.js';
import type { SynonymSet } from './synonyms.js';
import type { Vocabulary } from './term-vocabulary.js';

/** What the matcher sees of a message, exposed for `kb ask --json` and for tuning. */
export interface AnalyzedQuery {
  terms: QueryTerm[];
  /** The message's content words as typed (normalised), for character n-grams. */
  words: string[];
  /** Words of the official terms that synonyms added. */
  synonymWords: string[];
  /** Words no entry contains and that could not be corrected. */
  unknownWords: string[];
  corrections: Record<string, string>;
  synonyms: string[];
  /** Idf mass of everything the citizen wrote: the denominator of coverage. */
  mass: number;
  /** Share of that mass carried by unknown words. */
  unknownMass: number;
  smalltalkWords: number;
  knownContentWords: number;
}

export interface AnalysisWeights {
  /** A corrected misspelling counts less than a word typed right: the correction may be wrong. */
  fuzzyWeight: number;
  /** Words added by a synonym phrase. */
  synonymWeight: number;
  /** How much an unknown word (idf of a word no entry has) weighs in the coverage denominator. */
  unknownWordWeight: number;
}

export const DEFAULT_ANALYSIS_WEIGHTS: AnalysisWeights = {
  fuzzyWeight: 0.7,
  synonymWeight: 0.8,
  unknownWordWeight: 0.6,
};

export function analyzeQuery(
  question: string,
  vocabulary: Vocabulary,
  synonyms: SynonymSet,
  weights: AnalysisWeights = DEFAULT_ANALYSIS_WEIGHTS,
): AnalyzedQuery {
  const words = splitWords(normalizeText(question));
  const termWeights = new Map<string, number>();
  const add = (term: string, weight: number): void => {
    if (term === '') return;
    termWeights.set(term, Math.max(termWeights.get(term) ?? 0, weight));
  };
  const corrections: Record<string, string> = {};
  const unknownWords: string[] = [];
  const contentWords: string[] = [];
  const sequence: (string | null)[] = [];
  let smalltalkWords = 0;
  let knownContentWords = 0;
  let mass = 0;
  let unknownMass = 0;
  const unknownIdf = vocabulary.idf('\u0000') * weights.unknownWordWeight;
  const seen = new Set<string>();
  for (const word of words) {
    const smalltalk = isSmalltalkWord(word);
    if (smalltalk) smalltalkWords += 1;
    if (isStopword(word)) continue;
    contentWords.push(word);
    const term = toTerm(word);
    const known = vocabulary.has(term) ? term : vocabulary.correct(term);
    if (known !== undefined) {
      const weight = known === term ? 1 : weights.fuzzyWeight;
      if (known !== term) corrections[word] = known;
      if (!smalltalk) knownContentWords += 1;
      add(known, weight);
      sequence.push(known);
      if (!seen.has(known)) mass += vocabulary.idf(known) * weight;
      seen.add(known);
      continue;
    }
    if (!smalltalk && !/^\d+$/.test(word)) {
      unknownWords.push(word);
      mass += unknownIdf;
      unknownMass += unknownIdf;
    }
    sequence.push(null);
  }
  for (let i = 0; i + 1 < sequence.length; i += 1) {
    const a = sequence[i];
    const b = sequence[i + 1];
    if (a && b && a !== b) add(bigramOf(a, b), 1);
  }
  const found = synonyms.matches(words);
  const synonymWords: string[] = [];
  for (const { expansion, phraseWords } of found) {
    const expansionWords = splitWords(expansion).filter((w) => !isStopword(w));
    synonymWords.push(...expansionWords);
    const terms = expansionWords.map(toTerm);
    // A synonym says what the citizen's words mean; it must not multiply them: one word ("reclamo") expanding to a
    // four-word term carries the weight of one word, spread over the four.
    const weight = weights.synonymWeight * Math.min(1, phraseWords / Math.max(1, terms.length));
    terms.forEach((term, i) => {
      add(term, weight);
      const next = terms[i + 1];
      if (next !== undefined) add(bigramOf(term, next), weight);
    });
  }
  return {
    terms: [...termWeights].map(([term, weight]) => ({ term, weight })),
    words: contentWords,
    synonymWords,
    unknownWords,
    corrections,
    synonyms: found.map((m) => m.expansion),
    mass,
    unknownMass,
    smalltalkWords,
    knownContentWords: knownContentWords + found.length,
  };
}
