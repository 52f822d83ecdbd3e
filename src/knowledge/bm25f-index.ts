/**
 * BM25F over the fields of an entry. Field weights say how much a word means where it appears: in a title or a tag it
 * names the trámite; in the answer it may only be a passing requirement ("cédula", "factura"). Term weights per
 * document are computed once at build time, so a query is a few posting-list walks.
 */

export interface FieldSpec {
  weight: number;
  /** Length normalisation (BM25 b): long answers should not win just by mentioning more words. */
  b: number;
}

export interface IndexDocument {
  /** Term sequences per field; each inner array is one segment (a question, a title), bigrams never cross segments. */
  fields: Record<string, string[][]>;
}

interface Posting {
  docs: number[];
  weights: number[];
}

export interface QueryTerm {
  term: string;
  weight: number;
}

export interface Bm25fOptions {
  fields: Record<string, FieldSpec>;
  k1: number;
  /** Weight of adjacent word pairs ("pico placa", "paz salvo"), which separate entries sharing single words. */
  bigramWeight: number;
}

export function bigramOf(a: string, b: string): string {
  return `${a}_${b}`;
}

export class Bm25fIndex {
  private readonly postings = new Map<string, Posting>();
  readonly documentCount: number;
  /** Document frequency of every single term, for spelling correction and idf. */
  readonly termFrequencies = new Map<string, number>();
  /** Per field, each document's length normalisation, to take one segment back out (`withoutSegment`). */
  private readonly norms: Record<string, Float64Array> = {};

  constructor(
    documents: readonly IndexDocument[],
    private readonly options: Bm25fOptions,
  ) {
    this.documentCount = documents.length;
    const fieldNames = Object.keys(options.fields);
    const averageLength: Record<string, number> = {};
    for (const field of fieldNames) {
      let total = 0;
      for (const doc of documents) total += (doc.fields[field] ?? []).reduce((sum, seg) => sum + seg.length, 0);
      averageLength[field] = Math.max(1, total / Math.max(1, documents.length));
    }
    for (const field of fieldNames) this.norms[field] = new Float64Array(documents.length);
    documents.forEach((doc, docIndex) => {
      const pseudoFrequency = new Map<string, number>();
      for (const field of fieldNames) {
        const spec = options.fields[field] as FieldSpec;
        const segments = doc.fields[field] ?? [];
        const length = segments.reduce((sum, seg) => sum + seg.length, 0);
        const norm = 1 - spec.b + spec.b * (length / (averageLength[field] as number));
        (this.norms[field] as Float64Array)[docIndex] = norm;
        const add = (term: string, amount: number): void => {
          pseudoFrequency.set(term, (pseudoFrequency.get(term) ?? 0) + (amount * spec.weight) / norm);
        };
        for (const segment of segments) {
          segment.forEach((term, i) => {
            add(term, 1);
            const next = segment[i + 1];
            if (next !== undefined && next !== term) add(bigramOf(term, next), 1);
          });
        }
      }
      for (const [term, tf] of pseudoFrequency) {
        let posting = this.postings.get(term);
        if (posting === undefined) {
          posting = { docs: [], weights: [] };
          this.postings.set(term, posting);
        }
        posting.docs.push(docIndex);
        posting.weights.push((tf * (options.k1 + 1)) / (options.k1 + tf));
        if (!term.includes('_')) this.termFrequencies.set(term, (this.termFrequencies.get(term) ?? 0) + 1);
      }
    });
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  /** Whether document `doc` contains `term` in any field. */
  contains(term: string, doc: number): boolean {
    const posting = this.postings.get(term);
    return posting !== undefined && binarySearch(posting.docs, doc) >= 0;
  }

  idf(term: string): number {
    const df = this.postings.get(term)?.docs.length ?? 0;
    const n = this.documentCount;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /**
   * Scores every document that shares a term with the query. `matched[d]` accumulates the idf mass of the query's
   * single terms found in document d, which the confidence model uses as coverage.
   */
  score(query: readonly QueryTerm[], scores: Float64Array, matched: Float64Array): number[] {
    const touched: number[] = [];
    for (const { term, weight } of query) {
      const posting = this.postings.get(term);
      if (posting === undefined) continue;
      const isBigram = term.includes('_');
      const mass = isBigram ? 0 : this.idf(term) * weight;
      const idf = this.idf(term) * weight * (isBigram ? this.options.bigramWeight : 1);
      const { docs, weights } = posting;
      for (let i = 0; i < docs.length; i += 1) {
        const doc = docs[i] as number;
        if (scores[doc] === 0) touched.push(doc);
        scores[doc] = (scores[doc] as number) + idf * (weights[i] as number);
        matched[doc] = (matched[doc] as number) + mass;
      }
    }
    return touched;
  }

  /**
   * Corrects the scores `score` accumulated for `doc` as if `segment` (one example question) were not in its `field`,
   * and returns the query terms that `doc` no longer contains without it:
   * the decision model trains on each question as a message the index has never seen, without rebuilding the index.
   * Exact but for the field's length normalisation and the idf, which one question barely moves.
   */
  withoutSegment(
    query: readonly QueryTerm[],
    scores: Float64Array,
    matched: Float64Array,
    doc: number,
    field: string,
    segment: readonly string[],
  ): Set<string> {
    const vanished = new Set<string>();
    const spec = this.options.fields[field];
    const norm = this.norms[field]?.[doc];
    if (spec === undefined || norm === undefined) return vanished;
    const own = new Map<string, number>();
    segment.forEach((term, i) => {
      own.set(term, (own.get(term) ?? 0) + spec.weight / norm);
      const next = segment[i + 1];
      if (next !== undefined && next !== term) {
        const bigram = bigramOf(term, next);
        own.set(bigram, (own.get(bigram) ?? 0) + spec.weight / norm);
      }
    });
    const k1 = this.options.k1;
    for (const { term, weight } of query) {
      const removed = own.get(term);
      const posting = this.postings.get(term);
      if (removed === undefined || posting === undefined) continue;
      const at = binarySearch(posting.docs, doc);
      if (at < 0) continue;
      const w = posting.weights[at] as number;
      const tf = (w * k1) / (k1 + 1 - w);
      const left = tf - removed;
      const w2 = left > 1e-9 ? (left * (k1 + 1)) / (k1 + left) : 0;
      const isBigram = term.includes('_');
      const idf = this.idf(term) * weight * (isBigram ? this.options.bigramWeight : 1);
      scores[doc] = (scores[doc] as number) + idf * (w2 - w);
      if (!isBigram && w2 === 0) {
        matched[doc] = (matched[doc] as number) - this.idf(term) * weight;
        vanished.add(term);
      }
    }
    return vanished;
  }
}

function binarySearch(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid] as number;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
