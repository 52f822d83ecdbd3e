import { bigramOf } from './bm25f-index.js';
import { charNgrams } from './char-ngrams.js';
import type { SparseVector } from './vector-space.js';
import { dot, hashFeatures, VectorSpace } from './vector-space.js';

/** One example text (a question, a title, an out-of-scope message) as the two spaces see it. */
export interface ExampleText {
  /** Stemmed content terms, in order. */
  terms: string[];
  /** Content words as written (normalised), for character n-grams. */
  words: string[];
  /** Which class it illustrates: an entry, or an out-of-scope topic (numbered after the entries). */
  owner: number;
}

export interface QueryVectors {
  words: SparseVector;
  chars: SparseVector;
}

/** A message's similarity to the owners it shares a feature with. */
export interface Similarities {
  owners: readonly number[];
  /** A cheap ranking value (nearest example in both spaces), for picking candidates. */
  closeness(owner: number): number;
  get(owner: number): OwnerSimilarity;
}

/** How similar a message is to one class's examples, in both spaces. */
export interface OwnerSimilarity {
  maxWord: number;
  maxChar: number;
  /** Largest share of one example's words (stems and pairs) that the message contains. */
  maxCoverage: number;
  /** Cosine with the mean of the class's examples: several examples agreeing count more than one. */
  centroidWord: number;
  centroidChar: number;
}

/** Numbers kept per owner while scoring a query. */
const STATS = 5;

/**
 * Stems plus pairs of stems one or two apart: "pagar el impuesto predial" and "pago del predial" share the pair
 * pagar–predial, which plain bigrams would miss.
 */
function wordFeatures(terms: readonly string[]): string[] {
  const out = [...terms];
  for (let i = 0; i + 1 < terms.length; i += 1) {
    const a = terms[i] as string;
    for (const b of terms.slice(i + 1, i + 3)) if (a !== b) out.push(bigramOf(a, b));
  }
  return out;
}

/**
 * Per owner, the squared norm of the sum S of its example vectors; per example e, what leaving it out changes in that:
 * |S − e|² − |S|² = |e|² − 2 S·e. Computed from the dot products within each owner's examples (a handful each), which
 * needs no sum vectors at all.
 */
function centroids(vectors: readonly SparseVector[], owners: Int32Array, ownerCount: number) {
  const byOwner = Array.from({ length: ownerCount }, () => [] as number[]);
  owners.forEach((owner, e) => byOwner[owner]?.push(e));
  const sumNorm2 = new Float64Array(ownerCount);
  const leaveOut = new Float64Array(vectors.length);
  byOwner.forEach((members, owner) => {
    const withSum = members.map(() => 0);
    members.forEach((a, i) => {
      for (let j = i; j < members.length; j += 1) {
        const d = dot(vectors[a] as SparseVector, vectors[members[j] as number] as SparseVector);
        withSum[i] = (withSum[i] as number) + d;
        if (j !== i) withSum[j] = (withSum[j] as number) + d;
        sumNorm2[owner] = (sumNorm2[owner] as number) + (j === i ? d : 2 * d);
      }
    });
    members.forEach((e, i) => {
      const self = dot(vectors[e] as SparseVector, vectors[e] as SparseVector);
      leaveOut[e] = self - 2 * (withSum[i] as number);
    });
  });
  return { sumNorm2, leaveOut };
}

/**
 * Nearest-example similarity (word stems and bigrams; character n-grams) between a message and every class's examples.
 * Leaving one example out is exact and free (skip it, correct its class's centroid), which is what lets the decision
 * model train at load time on the knowledge base's own questions as if they were new messages.
 */
export class ExampleIndex {
  readonly owners: Int32Array;
  readonly ownerCount: number;
  private readonly wordSpace: VectorSpace;
  private readonly charSpace: VectorSpace;
  private readonly wordCentroids: ReturnType<typeof centroids>;
  private readonly charCentroids: ReturnType<typeof centroids>;
  private readonly wordDots: Float64Array;
  private readonly charDots: Float64Array;
  private readonly covered: Float64Array;
  /** Scratch per owner (STATS numbers: max word, max char, sum word, sum char, max coverage) and whether seen. */
  private readonly stats: Float64Array;
  private readonly seenOwners: Uint8Array;
  private lastOwners: number[] = [];

  constructor(examples: readonly ExampleText[], ownerCount: number) {
    this.owners = Int32Array.from(examples.map((e) => e.owner));
    this.ownerCount = ownerCount;
    this.wordSpace = new VectorSpace(examples.map((e) => hashFeatures(wordFeatures(e.terms))));
    this.charSpace = new VectorSpace(examples.map((e) => charNgrams(e.words)));
    this.wordCentroids = centroids(this.wordSpace.vectors, this.owners, ownerCount);
    this.charCentroids = centroids(this.charSpace.vectors, this.owners, ownerCount);
    this.wordDots = new Float64Array(examples.length);
    this.charDots = new Float64Array(examples.length);
    this.covered = new Float64Array(examples.length);
    this.stats = new Float64Array(ownerCount * STATS);
    this.seenOwners = new Uint8Array(ownerCount);
  }

  get size(): number {
    return this.owners.length;
  }

  /** A message's vectors; `termWeights` lowers guessed terms (corrections, synonyms). */
  vectorsOf(terms: readonly string[], termWeights: readonly number[], words: readonly string[]): QueryVectors {
    const features = wordFeatures(terms);
    const weights = features.map((_, i) => termWeights[i] ?? 1);
    return {
      words: this.wordSpace.vectorOf(hashFeatures(features), weights),
      chars: this.charSpace.vectorOf(charNgrams(words)),
    };
  }

  /** The stored vectors of example e, to use it as a held-out query. */
  exampleVectors(e: number): QueryVectors {
    return { words: this.wordSpace.vectors[e] as SparseVector, chars: this.charSpace.vectors[e] as SparseVector };
  }

  /**
   * Similarity of the query to every owner that shares a feature with it. `exclude` is an example left out (the query
   * itself, when training); its owner's centroid is computed without it. The result reads scratch arrays of the index:
   * it is valid until the next call.
   */
  similarities(query: QueryVectors, exclude = -1): Similarities {
    const { stats, seenOwners } = this;
    for (const owner of this.lastOwners) seenOwners[owner] = 0;
    const touched = this.wordSpace.dots(query.words, this.wordDots);
    this.wordSpace.coverages(query.words, this.covered);
    this.charSpace.dots(query.chars, this.charDots, touched);
    const owners: number[] = [];
    for (const e of touched) {
      const w = this.wordDots[e] as number;
      const c = this.charDots[e] as number;
      const v = this.covered[e] as number;
      // An example touched in both spaces is listed twice; the first visit takes it.
      if (w === 0 && c === 0) continue;
      this.wordDots[e] = 0;
      this.charDots[e] = 0;
      this.covered[e] = 0;
      if (e === exclude) continue;
      const owner = this.owners[e] as number;
      const at = owner * STATS;
      if (seenOwners[owner] === 0) {
        seenOwners[owner] = 1;
        owners.push(owner);
        stats[at] = w;
        stats[at + 1] = c;
        stats[at + 2] = w;
        stats[at + 3] = c;
        stats[at + 4] = v;
        continue;
      }
      if (w > (stats[at] as number)) stats[at] = w;
      if (c > (stats[at + 1] as number)) stats[at + 1] = c;
      stats[at + 2] = (stats[at + 2] as number) + w;
      stats[at + 3] = (stats[at + 3] as number) + c;
      if (v > (stats[at + 4] as number)) stats[at + 4] = v;
    }
    this.lastOwners = owners;
    const excludedOwner = exclude >= 0 ? (this.owners[exclude] as number) : -1;
    const norm = (which: ReturnType<typeof centroids>, owner: number): number => {
      let n2 = which.sumNorm2[owner] as number;
      if (owner === excludedOwner) n2 += which.leaveOut[exclude] as number;
      return n2 > 1e-12 ? Math.sqrt(n2) : 0;
    };
    return {
      owners,
      closeness: (owner) => {
        if (seenOwners[owner] === 0) return 0;
        const at = owner * STATS;
        return (stats[at] as number) + (stats[at + 1] as number);
      },
      get: (owner) => {
        if (seenOwners[owner] === 0)
          return { maxWord: 0, maxChar: 0, maxCoverage: 0, centroidWord: 0, centroidChar: 0 };
        const at = owner * STATS;
        const nw = norm(this.wordCentroids, owner);
        const nc = norm(this.charCentroids, owner);
        return {
          maxWord: stats[at] as number,
          maxChar: stats[at + 1] as number,
          maxCoverage: Math.min(1, stats[at + 4] as number),
          centroidWord: nw > 0 ? (stats[at + 2] as number) / nw : 0,
          centroidChar: nc > 0 ? (stats[at + 3] as number) / nc : 0,
        };
      },
    };
  }
}
