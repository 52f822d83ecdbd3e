import { analyzeQuery, DEFAULT_ANALYSIS_WEIGHTS } from './analyze-query.js';
import type { AnalysisWeights, AnalyzedQuery } from './analyze-query.js';
import { Bm25fIndex } from './bm25f-index.js';
import type { Bm25fOptions, IndexDocument } from './bm25f-index.js';
import { ExampleIndex } from './example-index.js';
import type { ExampleText, OwnerSimilarity, QueryVectors } from './example-index.js';
import type { KbEntry } from './kb-entry.js';
import { normalizeText } from './normalize.js';
import type { OutOfScopeTopic } from './out-of-scope-examples.js';
import { analyze, isStopword, splitWords, toTerm } from './spanish-terms.js';
import type { SynonymSet } from './synonyms.js';
import { TermVocabulary } from './term-vocabulary.js';
import { WordEvidence } from './word-evidence.js';
import type { Vocabulary } from './term-vocabulary.js';

/** BM25F fields of an entry and what a word found in each says about it. */
export const DEFAULT_INDEX_OPTIONS: Bm25fOptions = {
  fields: {
    title: { weight: 2, b: 0.3 },
    questions: { weight: 1, b: 0.3 },
    tags: { weight: 1.5, b: 0.3 },
    answer: { weight: 1, b: 0.8 },
  },
  k1: 2.2,
  bigramWeight: 0.5,
};

/** How many entries, and how many out-of-scope topics, each retriever proposes; the decision model weighs only these. */
const ENTRIES_PER_RETRIEVER = 8;
const TOPICS_PER_RETRIEVER = 3;

export interface IndexedDocument {
  id: string;
  title: string;
}

/** Everything the decision model is told about one candidate: an entry, or an out-of-scope topic. */
export interface CandidateEvidence {
  /** Entries first (0 … entries − 1), then out-of-scope topics. */
  owner: number;
  /** Set for an out-of-scope topic: its index in `topics`. */
  topic?: number;
  /** BM25F score. */
  score: number;
  /** The same, per unit of the message's idf mass. */
  strength: number;
  /** Idf mass of the message's terms that the option's texts contain. */
  matchedMass: number;
  /** Share of the message's idf mass that the option's texts contain. */
  coverage: number;
  /** Share of the title's idf mass that the message mentions: low when the title names something the message does not. */
  titleCoverage: number;
  /**
   * Idf of the rarest message term the option contains, over the idf of a term no option has: an entry that shares a
   * word only it uses ("sisben", "comparendo") is a different match from one sharing "certificado" with half the base.
   */
  rarestMatch: number;
  similarity: OwnerSimilarity;
}

/** What to leave out when the decision model trains on one of the index's own examples. */
export interface LeaveOut {
  /** The example itself (an entry's question or an out-of-scope example). */
  example?: number;
  /** A whole out-of-scope topic, to see how a message on a topic nobody wrote examples for looks. */
  topic?: number;
}

export function sentences(text: string): string[] {
  return text.split(/(?<=[.;:?!])\s+/).filter((s) => s.trim() !== '');
}

/** Content words and their terms, normalising the text once (a 5,000-entry base has some 50,000 texts). */
function exampleText(text: string, owner: number): ExampleText {
  const words = splitWords(normalizeText(text)).filter((w) => !isStopword(w));
  return { terms: words.map(toTerm).filter((t) => t !== ''), words, owner };
}

/** The k best items by value, by insertion: k is small and a common word can touch thousands of entries. */
class TopK {
  readonly items: number[] = [];
  private readonly values: number[] = [];

  constructor(private readonly k: number) {}

  offer(item: number, value: number): void {
    if (this.items.length === this.k && value <= (this.values[this.k - 1] as number)) return;
    let at = this.items.length;
    while (at > 0 && (this.values[at - 1] as number) < value) at -= 1;
    this.items.splice(at, 0, item);
    this.values.splice(at, 0, value);
    if (this.items.length > this.k) {
      this.items.pop();
      this.values.pop();
    }
  }
}

/**
 * The part of a matcher that depends only on the knowledge base and the out-of-scope examples: vocabulary with spelling
 * correction, BM25F over entries and topics, and the example index. Built once per knowledge base and shared by
 * matchers that differ only in synonyms.
 */
export class KnowledgeIndex {
  readonly documents: IndexedDocument[];
  readonly topics: readonly OutOfScopeTopic[];
  readonly vocabulary: TermVocabulary;
  readonly bm25: Bm25fIndex;
  readonly examples: ExampleIndex;
  readonly words: WordEvidence;
  /** Per owner (entries, then topics): its example texts as given, the example index and terms of each. */
  readonly ownerTexts: string[][];
  readonly ownerExamples: number[][];
  readonly ownerTerms: string[][][];
  /** Per owner, the distinct terms of its title. */
  private readonly titleTerms: string[][];
  private readonly scores: Float64Array;
  private readonly matched: Float64Array;

  constructor(
    entries: readonly KbEntry[],
    topics: readonly OutOfScopeTopic[],
    options: Bm25fOptions = DEFAULT_INDEX_OPTIONS,
    readonly analysisWeights: AnalysisWeights = DEFAULT_ANALYSIS_WEIGHTS,
  ) {
    this.topics = topics;
    this.documents = entries.map((e) => ({ id: e.id, title: e.title }));
    const docs: IndexDocument[] = [];
    const vocabularyTexts: string[][][] = [];
    const examples: ExampleText[] = [];
    this.ownerTexts = [];
    this.ownerExamples = [];
    this.ownerTerms = [];
    // Topic names are labels for people, not texts a message should echo: topics have no title here.
    const titles = entries.map((entry, e) => exampleText(entry.title, e));
    this.titleTerms = [...titles.map((t) => [...new Set(t.terms)]), ...topics.map(() => [])];
    const addExamples = (texts: readonly string[], owner: number): string[][] => {
      const ids: number[] = [];
      const terms: string[][] = [];
      for (const text of texts) {
        const example = exampleText(text, owner);
        ids.push(examples.length);
        terms.push(example.terms);
        examples.push(example);
      }
      this.ownerTexts.push([...texts]);
      this.ownerExamples.push(ids);
      this.ownerTerms.push(terms);
      return terms;
    };
    const inScopeTexts: string[][] = [];
    entries.forEach((entry, e) => {
      const title = (titles[e] as ExampleText).terms;
      const tags = entry.tags.map(analyze);
      const answer = sentences(entry.answer).map(analyze);
      const questions = addExamples(entry.questions, e);
      // Title and tags are examples too, but not held out in training: they are in the BM25F document for good.
      examples.push(titles[e] as ExampleText);
      if (entry.tags.length > 0) examples.push(exampleText(entry.tags.join(' '), e));
      docs.push({ fields: { title: [title], questions, tags, answer } });
      inScopeTexts.push(title, ...tags, ...questions);
      vocabularyTexts.push([title, tags.flat(), answer.flat(), ...questions]);
    });
    topics.forEach((topic, t) => {
      const questions = addExamples(topic.examples, entries.length + t);
      docs.push({ fields: { questions } });
      vocabularyTexts.push(questions);
    });
    this.vocabulary = new TermVocabulary(vocabularyTexts);
    this.words = new WordEvidence(inScopeTexts, this.ownerTerms.slice(entries.length).flat());
    this.bm25 = new Bm25fIndex(docs, options);
    this.examples = new ExampleIndex(examples, entries.length + topics.length);
    this.scores = new Float64Array(docs.length);
    this.matched = new Float64Array(docs.length);
  }

  analyze(question: string, synonyms: SynonymSet, vocabulary: Vocabulary = this.vocabulary): AnalyzedQuery {
    return analyzeQuery(question, vocabulary, synonyms, this.analysisWeights);
  }

  vectorsOf(query: AnalyzedQuery): QueryVectors {
    const terms = query.terms.filter((t) => !t.term.includes('_'));
    return this.examples.vectorsOf(
      terms.map((t) => t.term),
      terms.map((t) => t.weight),
      [...query.words, ...query.synonymWords],
    );
  }

  /** The example texts of an owner, for training: its texts, their example ids and terms. */
  ownerOf(example: number): number {
    return this.examples.owners[example] as number;
  }

  /** The message's out-of-scope word evidence (see WordEvidence), without what `leaveOut` leaves out. */
  wordScore(query: AnalyzedQuery, leaveOut: LeaveOut = {}): number {
    const terms = query.terms.filter((t) => !t.term.includes('_')).map((t) => t.term);
    const entryCount = this.documents.length;
    const inScope: string[][] = [];
    const outOfScope: string[][] = [];
    if (leaveOut.topic !== undefined) outOfScope.push(...(this.ownerTerms[entryCount + leaveOut.topic] ?? []));
    else if (leaveOut.example !== undefined) {
      const owner = this.ownerOf(leaveOut.example);
      const own = this.ownerTerms[owner]?.[this.ownerExamples[owner]?.indexOf(leaveOut.example) ?? -1];
      if (own !== undefined) (owner < entryCount ? inScope : outOfScope).push(own);
    }
    return this.words.score(terms, { inScope, outOfScope });
  }

  /**
   * Candidate entries and out-of-scope topics for a message (the best of BM25F and of the example index), with their
   * evidence. `leaveOut` is for training on the index's own examples.
   */
  evidence(query: AnalyzedQuery, vectors: QueryVectors, leaveOut: LeaveOut = {}): CandidateEvidence[] {
    const entryCount = this.documents.length;
    const excludedTopic = leaveOut.topic === undefined ? -1 : entryCount + leaveOut.topic;
    const similarities = this.examples.similarities(vectors, leaveOut.example ?? -1);
    const { scores, matched } = this;
    const touched = this.bm25.score(query.terms, scores, matched);
    let heldOwner = -1;
    let vanished = new Set<string>();
    if (leaveOut.example !== undefined) {
      heldOwner = this.ownerOf(leaveOut.example);
      const position = this.ownerExamples[heldOwner]?.indexOf(leaveOut.example) ?? -1;
      const terms = this.ownerTerms[heldOwner]?.[position];
      if (terms !== undefined)
        vanished = this.bm25.withoutSegment(query.terms, scores, matched, heldOwner, 'questions', terms);
    }
    const picked = new Set<number>();
    const pick = (owners: Iterable<number>, value: (o: number) => number): void => {
      const entries = new TopK(ENTRIES_PER_RETRIEVER);
      const topics = new TopK(TOPICS_PER_RETRIEVER);
      for (const o of owners) {
        if (o === excludedTopic) continue;
        (o < entryCount ? entries : topics).offer(o, value(o));
      }
      for (const o of entries.items) picked.add(o);
      for (const o of topics.items) picked.add(o);
    };
    pick(touched, (o) => scores[o] as number);
    pick(similarities.owners, (o) => similarities.closeness(o));
    const mass = Math.max(query.mass, 1e-9);
    const mentioned = new Set(query.terms.map((t) => t.term));
    const titleCoverage = (owner: number): number => {
      let total = 0;
      let found = 0;
      for (const term of this.titleTerms[owner] ?? []) {
        const idf = this.vocabulary.idf(term);
        total += idf;
        if (mentioned.has(term)) found += idf;
      }
      return total > 0 ? found / total : 0;
    };
    const singles = query.terms.filter((t) => !t.term.includes('_'));
    const unseenIdf = this.bm25.idf('\u0000');
    const rarestMatch = (owner: number): number => {
      let best = 0;
      for (const { term, weight } of singles) {
        if (owner === heldOwner && vanished.has(term)) continue;
        if (this.bm25.contains(term, owner)) best = Math.max(best, this.bm25.idf(term) * weight);
      }
      return best / unseenIdf;
    };
    const candidates = [...picked].map((owner) => ({
      owner,
      ...(owner >= entryCount ? { topic: owner - entryCount } : {}),
      score: Math.max(0, scores[owner] as number),
      strength: Math.max(0, scores[owner] as number) / mass,
      matchedMass: Math.max(0, matched[owner] as number),
      coverage: Math.min(1, Math.max(0, matched[owner] as number) / mass),
      titleCoverage: titleCoverage(owner),
      rarestMatch: rarestMatch(owner),
      similarity: similarities.get(owner),
    }));
    for (const d of touched) {
      scores[d] = 0;
      matched[d] = 0;
    }
    return candidates;
  }
}
