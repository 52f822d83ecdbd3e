import type { ConfidenceModel } from './confidence.js';
import { confidenceOf, DEFAULT_CONFIDENCE_MODEL } from './confidence.js';
import { bigramOf } from './bm25f-index.js';
import type { Bm25fOptions, QueryTerm } from './bm25f-index.js';
import type { KbEntry } from './kb-entry.js';
import { DEFAULT_INDEX_OPTIONS, KnowledgeIndex } from './knowledge-index.js';
import type { MatchCandidate, MatchResult } from './match-result.js';
import { normalizeText } from './normalize.js';
import { DEFAULT_OFF_TOPICS } from './off-topic.js';
import type { OffTopicTopic } from './off-topic.js';
import { isSmalltalkWord } from './smalltalk.js';
import { isStopword, splitWords, toTerm } from './spanish-terms.js';
import { SynonymSet } from './synonyms.js';
import type { SynonymList } from './synonyms.js';

export interface MatcherOptions {
  index?: Bm25fOptions;
  offTopics?: readonly OffTopicTopic[];
  confidenceModel?: ConfidenceModel;
  /** Minimum confidence to answer; below it the assistant says it does not know. */
  threshold?: number;
  /** Second score / first score from which two entries are too close to pick one: ask instead. */
  clarifyRatio?: number;
  /** A corrected misspelling counts less than a word typed right: the correction may be wrong. */
  fuzzyWeight?: number;
  /** Words added by a synonym phrase. */
  synonymWeight?: number;
  /** How much an unknown word (idf of a word no entry has) weighs in the coverage denominator. */
  unknownWordWeight?: number;
  maxCandidates?: number;
}

const DEFAULTS = {
  threshold: 0.4,
  clarifyRatio: 0.97,
  fuzzyWeight: 0.7,
  synonymWeight: 0.8,
  unknownWordWeight: 0.6,
  maxCandidates: 5,
};

/** What the ranking sees of a message, exposed for `kb ask --json` and for tuning. */
export interface AnalyzedQuery {
  terms: QueryTerm[];
  /** Words no entry contains and that could not be corrected. */
  unknownWords: string[];
  corrections: Record<string, string>;
  synonyms: string[];
  /** Idf mass of everything the citizen wrote: the denominator of coverage. */
  mass: number;
  smalltalkWords: number;
  knownContentWords: number;
}

export interface RankedCandidate extends MatchCandidate {
  coverage: number;
  strength: number;
  lead: number;
}

export class KnowledgeMatcher {
  readonly knowledge: KnowledgeIndex;
  readonly synonyms: SynonymSet;
  private readonly options: typeof DEFAULTS & { confidenceModel: ConfidenceModel };
  private readonly sourceOptions: MatcherOptions;
  private scores: Float64Array;
  private matched: Float64Array;

  constructor(
    source: readonly KbEntry[] | KnowledgeIndex,
    synonyms: SynonymList | SynonymSet = [],
    options: MatcherOptions = {},
  ) {
    this.knowledge =
      source instanceof KnowledgeIndex
        ? source
        : new KnowledgeIndex(source, options.offTopics ?? DEFAULT_OFF_TOPICS, options.index ?? DEFAULT_INDEX_OPTIONS);
    this.synonyms = synonyms instanceof SynonymSet ? synonyms : new SynonymSet(synonyms);
    this.sourceOptions = options;
    this.options = {
      threshold: options.threshold ?? DEFAULTS.threshold,
      clarifyRatio: options.clarifyRatio ?? DEFAULTS.clarifyRatio,
      fuzzyWeight: options.fuzzyWeight ?? DEFAULTS.fuzzyWeight,
      synonymWeight: options.synonymWeight ?? DEFAULTS.synonymWeight,
      unknownWordWeight: options.unknownWordWeight ?? DEFAULTS.unknownWordWeight,
      maxCandidates: options.maxCandidates ?? DEFAULTS.maxCandidates,
      confidenceModel: options.confidenceModel ?? DEFAULT_CONFIDENCE_MODEL,
    };
    const n = this.knowledge.documents.length;
    this.scores = new Float64Array(n);
    this.matched = new Float64Array(n);
  }

  /** Same knowledge base, other synonyms: reuses the index, so an editor's change applies at once. */
  withSynonyms(list: SynonymList | SynonymSet): KnowledgeMatcher {
    return new KnowledgeMatcher(this.knowledge, list, this.sourceOptions);
  }

  analyze(question: string): AnalyzedQuery {
    const { index, spelling } = this.knowledge;
    const words = splitWords(normalizeText(question));
    const weights = new Map<string, number>();
    const add = (term: string, weight: number): void => {
      if (term === '') return;
      weights.set(term, Math.max(weights.get(term) ?? 0, weight));
    };
    const corrections: Record<string, string> = {};
    const unknownWords: string[] = [];
    const sequence: (string | null)[] = [];
    let smalltalkWords = 0;
    let knownContentWords = 0;
    let mass = 0;
    const unknownIdf = index.idf('\u0000') * this.options.unknownWordWeight;
    const seen = new Set<string>();
    for (const word of words) {
      const smalltalk = isSmalltalkWord(word);
      if (smalltalk) smalltalkWords += 1;
      if (isStopword(word)) continue;
      const term = toTerm(word);
      if (index.has(term)) {
        if (!smalltalk) knownContentWords += 1;
        add(term, 1);
        sequence.push(term);
        if (!seen.has(term)) mass += index.idf(term);
        seen.add(term);
        continue;
      }
      const corrected = spelling.correct(term);
      if (corrected !== undefined) {
        if (!smalltalk) knownContentWords += 1;
        corrections[word] = corrected;
        add(corrected, this.options.fuzzyWeight);
        sequence.push(corrected);
        if (!seen.has(corrected)) mass += index.idf(corrected) * this.options.fuzzyWeight;
        seen.add(corrected);
        continue;
      }
      if (!smalltalk && !/^\d+$/.test(word)) {
        unknownWords.push(word);
        mass += unknownIdf;
      }
      sequence.push(null);
    }
    for (let i = 0; i + 1 < sequence.length; i += 1) {
      const a = sequence[i];
      const b = sequence[i + 1];
      if (a && b && a !== b) add(bigramOf(a, b), 1);
    }
    const synonyms = this.synonyms.expansions(words);
    for (const expansion of synonyms) {
      const terms = splitWords(expansion)
        .filter((w) => !isStopword(w))
        .map(toTerm);
      terms.forEach((term, i) => {
        add(term, this.options.synonymWeight);
        const next = terms[i + 1];
        if (next !== undefined) add(bigramOf(term, next), this.options.synonymWeight);
      });
    }
    return {
      terms: [...weights].map(([term, weight]) => ({ term, weight })),
      unknownWords,
      corrections,
      synonyms,
      mass,
      smalltalkWords,
      knownContentWords: knownContentWords + synonyms.length,
    };
  }

  /** Every knowledge-base entry sharing a word with the question, best first, with the evidence behind its confidence. */
  rank(query: AnalyzedQuery): { candidates: RankedCandidate[]; offTopic?: { entity: string; score: number } } {
    const { index, documents } = this.knowledge;
    const { scores, matched } = this;
    const touched = index.score(query.terms, scores, matched);
    // Top-k by insertion: a common word can touch thousands of entries, and sorting them all dominated latency.
    const top: { doc: number; score: number }[] = [];
    const k = this.options.maxCandidates;
    let offTopic: { entity: string; score: number } | undefined;
    for (const doc of touched) {
      const meta = documents[doc];
      const score = scores[doc] as number;
      if (meta?.offTopicEntity !== undefined) {
        if (offTopic === undefined || score > offTopic.score) offTopic = { entity: meta.offTopicEntity, score };
        continue;
      }
      if (top.length === k && score <= (top[k - 1] as { score: number }).score) continue;
      let at = top.length;
      while (at > 0 && (top[at - 1] as { score: number }).score < score) at -= 1;
      top.splice(at, 0, { doc, score });
      if (top.length > k) top.pop();
    }
    const mass = Math.max(query.mass, 1e-9);
    const first = top[0]?.score ?? 0;
    const second = top[1]?.score ?? 0;
    const candidates = top.map(({ doc, score }, i) => {
      const coverage = Math.min(1, (matched[doc] as number) / mass);
      const strength = score / mass;
      const lead = i === 0 ? (first - second) / first : (score - first) / first;
      const meta = documents[doc] as { id: string; title: string };
      const confidence = confidenceOf({ coverage, strength, lead }, this.options.confidenceModel);
      return { id: meta.id, title: meta.title, score, confidence, coverage, strength, lead };
    });
    for (const doc of touched) {
      scores[doc] = 0;
      matched[doc] = 0;
    }
    return offTopic === undefined ? { candidates } : { candidates, offTopic };
  }

  match(question: string): MatchResult {
    const query = this.analyze(question);
    if (query.terms.length === 0 && query.unknownWords.length === 0) {
      return { kind: 'unknown', reason: query.smalltalkWords > 0 ? 'smalltalk' : 'empty', candidates: [] };
    }
    const { candidates: ranked, offTopic } = this.rank(query);
    const candidates = ranked.map(({ id, title, score, confidence }) => ({ id, title, score, confidence }));
    if (query.knownContentWords === 0 && query.smalltalkWords > 0) {
      return { kind: 'unknown', reason: 'smalltalk', candidates };
    }
    const best = candidates[0];
    if (offTopic !== undefined && (best === undefined || offTopic.score > best.score)) {
      return { kind: 'unknown', reason: 'smalltalk', candidates, redirect: offTopic.entity };
    }
    if (best === undefined || best.confidence < this.options.threshold) {
      return { kind: 'unknown', reason: 'low-confidence', candidates };
    }
    const runnerUp = candidates[1];
    if (
      runnerUp !== undefined &&
      runnerUp.confidence >= this.options.threshold &&
      runnerUp.score >= best.score * this.options.clarifyRatio
    ) {
      return { kind: 'clarify', candidates };
    }
    return { kind: 'answer', best, candidates };
  }
}
