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
    documents.forEach((doc, docIndex) => {
      const pseudoFrequency = new Map<string, number>();
      for (const field of fieldNames) {
        const spec = options.fields[field] as FieldSpec;
        const segments = doc.fields[field] ?? [];
        const length = segments.reduce((sum, seg) => sum + seg.length, 0);
        const norm = 1 - spec.b + spec.b * (length / (averageLength[field] as number));
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
}
