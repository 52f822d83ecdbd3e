import type { AnalyzedQuery } from './analyze-query.js';
import { candidateFeatures, noneFeatures } from './choice-features.js';
import { choiceProbabilities, outOfScopeProbability } from './choice-model.js';
import { decide, DEFAULT_DECISION_COSTS } from './decide.js';
import type { DecisionCosts } from './decide.js';
import type { KbEntry } from './kb-entry.js';
import type { CandidateEvidence } from './knowledge-index.js';
import { KnowledgeModel } from './knowledge-model.js';
import type { KnowledgeModelOptions } from './knowledge-model.js';
import type { MatchCandidate, MatchResult } from './match-result.js';
import { SynonymSet } from './synonyms.js';
import type { SynonymList } from './synonyms.js';

export type { AnalyzedQuery } from './analyze-query.js';

export interface MatcherOptions extends KnowledgeModelOptions {
  costs?: Partial<DecisionCosts>;
  /** How many candidates a result lists. */
  maxCandidates?: number;
}

/** A candidate with the evidence behind its probability, for `kb ask --json`. */
export interface RankedCandidate extends MatchCandidate {
  evidence: CandidateEvidence;
}

/** Everything the decision saw, for `kb ask --json` and for follow-ups. */
export interface Ranking {
  /** Candidate entries, most probable first. */
  candidates: RankedCandidate[];
  /** Probability that no entry answers the message. */
  outOfScope: number;
  /** The out-of-scope topics that were candidates, most probable first, with their share of that probability. */
  topics: { topic: number; name: string; probability: number }[];
  query: AnalyzedQuery;
}

/**
 * Matches a citizen's message to a knowledge-base entry, or decides that none answers it. Candidates come from BM25F
 * over entry profiles and from the nearest example questions; a choice model trained at load time on the base's own
 * questions (held out one at a time) and on out-of-scope examples turns their evidence into probabilities, and the
 * action (answer, ask which, or "no sé") is the one with the lowest expected cost (see decide.ts).
 */
export class KnowledgeMatcher {
  readonly model: KnowledgeModel;
  readonly synonyms: SynonymSet;
  private readonly costs: DecisionCosts;
  private readonly maxCandidates: number;
  private readonly sourceOptions: MatcherOptions;

  constructor(
    source: readonly KbEntry[] | KnowledgeModel,
    synonyms: SynonymList | SynonymSet = [],
    options: MatcherOptions = {},
  ) {
    this.model = source instanceof KnowledgeModel ? source : new KnowledgeModel(source, options);
    this.synonyms = synonyms instanceof SynonymSet ? synonyms : new SynonymSet(synonyms);
    this.sourceOptions = options;
    this.costs = { ...DEFAULT_DECISION_COSTS, ...options.costs };
    this.maxCandidates = options.maxCandidates ?? 5;
  }

  /** Same knowledge base, other synonyms: reuses the index and the trained model, so an editor's change applies at once. */
  withSynonyms(list: SynonymList | SynonymSet): KnowledgeMatcher {
    return new KnowledgeMatcher(this.model, list, this.sourceOptions);
  }

  analyze(question: string): AnalyzedQuery {
    return this.model.index.analyze(question, this.synonyms);
  }

  /** Every candidate entry with its probability, best first. */
  rank(question: string | AnalyzedQuery): Ranking {
    const { index, choice } = this.model;
    const query = typeof question === 'string' ? this.analyze(question) : question;
    const evidence = index.evidence(query, index.vectorsOf(query));
    const features = evidence.map(candidateFeatures);
    const isTopic = Uint8Array.from(evidence, (c) => (c.topic === undefined ? 0 : 1));
    const p = choiceProbabilities(choice, features, noneFeatures(query, index.wordScore(query)));
    const candidates: RankedCandidate[] = [];
    const topics: Ranking['topics'] = [];
    evidence.forEach((c, i) => {
      const probability = p.candidates[i] as number;
      if (c.topic !== undefined) {
        topics.push({ topic: c.topic, name: index.topics[c.topic]?.topic ?? '', probability });
        return;
      }
      const doc = index.documents[c.owner] as { id: string; title: string };
      const score = (features[i] as Float64Array).reduce((sum, x, j) => sum + x * (choice.candidate[j] as number), 0);
      candidates.push({ id: doc.id, title: doc.title, score, confidence: probability, evidence: c });
    });
    candidates.sort((a, b) => b.confidence - a.confidence);
    topics.sort((a, b) => b.probability - a.probability);
    return { candidates, outOfScope: outOfScopeProbability(p, isTopic), topics, query };
  }

  match(question: string): MatchResult {
    const query = this.analyze(question);
    if (query.terms.length === 0 && query.unknownWords.length === 0) {
      return { kind: 'unknown', reason: query.smalltalkWords > 0 ? 'smalltalk' : 'empty', candidates: [] };
    }
    return this.decideOn(this.rank(query));
  }

  /** The action for a ranking (also used on follow-ups, whose ranking is built differently). */
  decideOn(ranking: Ranking): MatchResult {
    const candidates: MatchCandidate[] = ranking.candidates
      .slice(0, this.maxCandidates)
      .map(({ id, title, score, confidence }) => ({ id, title, score, confidence }));
    const decision = decide(
      candidates.map((c) => c.confidence),
      ranking.outOfScope,
      this.costs,
    );
    const best = candidates[0];
    if (decision.kind === 'answer' && best !== undefined) {
      return { kind: 'answer', best, candidates, outOfScope: ranking.outOfScope };
    }
    if (decision.kind === 'clarify') {
      return { kind: 'clarify', candidates, offered: decision.options, outOfScope: ranking.outOfScope };
    }
    const analysis = ranking.query;
    const smalltalk = analysis.knownContentWords === 0 && analysis.smalltalkWords > 0;
    const redirect = this.redirectFor(ranking);
    return {
      kind: 'unknown',
      reason: smalltalk ? 'smalltalk' : 'low-confidence',
      candidates,
      outOfScope: ranking.outOfScope,
      ...(redirect !== undefined ? { redirect } : {}),
    };
  }

  /**
   * Who handles an out-of-scope message: the entity of its topic, when that topic alone is more likely than not among
   * the topics that say what a message is about (a `mixed` heap of unrelated messages is left out of that count).
   */
  private redirectFor(ranking: Ranking): string | undefined {
    const topics = this.model.index.topics;
    const mixed = ranking.topics.filter((t) => topics[t.topic]?.mixed).reduce((sum, t) => sum + t.probability, 0);
    const best = ranking.topics.find((t) => !topics[t.topic]?.mixed);
    if (best === undefined || best.probability < 0.5 * (1 - mixed)) return undefined;
    return topics[best.topic]?.entity;
  }
}
