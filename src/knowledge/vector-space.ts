/**
 * A TF-IDF vector space over hashed features, with an inverted index for cosine similarity against every stored
 * document at once. Features are hashed (FNV-1a) instead of kept in a dictionary, and postings live in flat typed
 * arrays: building a 5,000-entry knowledge base produces millions of character n-grams, and interning them in Maps
 * cost seconds.
 */

export interface SparseVector {
  ids: Int32Array;
  values: Float32Array;
}

/** 32-bit FNV-1a of `text[from, to)`. */
export function hashFeature(text: string, from = 0, to = text.length): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** Hashes of string features, the form a VectorSpace takes them in. */
export function hashFeatures(features: readonly string[]): Int32Array {
  const out = new Int32Array(features.length);
  for (let i = 0; i < features.length; i += 1) out[i] = hashFeature(features[i] as string);
  return out;
}

/** Distinct feature ids, sorted, with how often each occurs (weighted by `weights` when given). */
function countFeatures(
  hashes: Int32Array,
  mask: number,
  weights?: readonly number[],
): { ids: Int32Array; counts: Float64Array } {
  if (weights !== undefined) return countWeighted(hashes, mask, weights);
  // Documents (millions of features in a large base): a typed-array sort, no objects.
  const masked = hashes.map((h) => h & mask).sort();
  let distinct = 0;
  for (let i = 0; i < masked.length; i += 1) if (i === 0 || masked[i] !== masked[i - 1]) distinct += 1;
  const ids = new Int32Array(distinct);
  const counts = new Float64Array(distinct);
  let at = -1;
  for (let i = 0; i < masked.length; i += 1) {
    if (i === 0 || masked[i] !== masked[i - 1]) {
      at += 1;
      ids[at] = masked[i] as number;
    }
    counts[at] = (counts[at] as number) + 1;
  }
  return { ids, counts };
}

function countWeighted(
  hashes: Int32Array,
  mask: number,
  weights: readonly number[],
): { ids: Int32Array; counts: Float64Array } {
  const order = [...hashes].map((h, i) => ({ id: h & mask, weight: weights[i] ?? 1 }));
  order.sort((a, b) => a.id - b.id);
  const ids: number[] = [];
  const counts: number[] = [];
  for (const { id, weight } of order) {
    if (ids.length > 0 && ids[ids.length - 1] === id)
      counts[counts.length - 1] = (counts[counts.length - 1] as number) + weight;
    else {
      ids.push(id);
      counts.push(weight);
    }
  }
  return { ids: Int32Array.from(ids), counts: Float64Array.from(counts) };
}

export class VectorSpace {
  readonly size: number;
  readonly vectors: SparseVector[];
  /** Hash buckets: sized to the data (a few intents need far fewer than a 5,000-entry base), at most 2^20. */
  private readonly mask: number;
  private readonly documentFrequency: Int32Array;
  /** Postings in compressed-row form: feature f's documents are docs[offsets[f]] … docs[offsets[f + 1] − 1]. */
  private readonly offsets: Int32Array;
  private readonly docs: Int32Array;
  private readonly weights: Float32Array;
  /** Idf per feature (0 for features no document has). */
  private readonly idfs: Float32Array;
  /**
   * Features in more documents than this are skipped when scoring ("#de", "ion" in a 5,000-entry base): they carry
   * little weight and would make every query touch every document. Never below 1,000 documents, so small bases are
   * scored exactly.
   */
  private readonly commonLimit: number;

  /** `documents[i]` holds the feature hashes of document i (a feature may repeat: it is counted). */
  constructor(documents: readonly Int32Array[]) {
    this.size = documents.length;
    this.commonLimit = Math.max(1000, documents.length / 25);
    const occurrences = documents.reduce((sum, features) => sum + features.length, 0);
    const bits = Math.min(20, Math.max(12, Math.ceil(Math.log2(occurrences * 4 + 1))));
    const featureCount = 2 ** bits;
    this.mask = featureCount - 1;
    this.documentFrequency = new Int32Array(featureCount);
    this.offsets = new Int32Array(featureCount + 1);
    const counted = documents.map((features) => countFeatures(features, this.mask));
    let total = 0;
    for (const { ids } of counted) {
      for (const id of ids) this.documentFrequency[id] = (this.documentFrequency[id] as number) + 1;
      total += ids.length;
    }
    for (let f = 0; f < featureCount; f += 1) {
      this.offsets[f + 1] = (this.offsets[f] as number) + (this.documentFrequency[f] as number);
    }
    this.docs = new Int32Array(total);
    this.weights = new Float32Array(total);
    this.idfs = new Float32Array(featureCount);
    for (let f = 0; f < featureCount; f += 1) {
      const df = this.documentFrequency[f] as number;
      if (df > 0) this.idfs[f] = Math.log((this.size + 1) / (df + 1)) + 1;
    }
    const fill = this.offsets.slice(0, featureCount);
    this.vectors = counted.map(({ ids, counts }, doc) => {
      const vector = this.weigh(ids, counts);
      for (let i = 0; i < ids.length; i += 1) {
        const id = ids[i] as number;
        const at = fill[id] as number;
        this.docs[at] = doc;
        this.weights[at] = vector.values[i] as number;
        fill[id] = at + 1;
      }
      return vector;
    });
  }

  idf(id: number): number {
    const known = this.idfs[id] as number;
    return known > 0 ? known : Math.log(this.size + 1) + 1;
  }

  /** Sublinear tf times idf, L2-normalised, so that a long message does not outweigh a short one. */
  private weigh(ids: Int32Array, counts: Float64Array): SparseVector {
    const values = new Float32Array(ids.length);
    let norm = 0;
    for (let i = 0; i < ids.length; i += 1) {
      const c = counts[i] as number;
      const w = (c === 1 ? 1 : 1 + Math.log(c)) * this.idf(ids[i] as number);
      values[i] = w;
      norm += w * w;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let i = 0; i < values.length; i += 1) values[i] = (values[i] as number) * scale;
    return { ids, values };
  }

  /** A query's vector; `weights` lowers features that are only guesses (spelling corrections, synonyms). */
  vectorOf(features: Int32Array, weights?: readonly number[]): SparseVector {
    const { ids, counts } = countFeatures(features, this.mask, weights);
    // A feature weighted below one occurrence must still count less than one occurrence.
    for (let i = 0; i < counts.length; i += 1)
      if ((counts[i] as number) < 1) counts[i] = Math.exp((counts[i] as number) - 1);
    return this.weigh(ids, counts);
  }

  /**
   * Adds the dot product of `query` with every stored document sharing a feature into `out`; returns the documents
   * touched (each once per call), so the caller can reset only those.
   */
  dots(query: SparseVector, out: Float64Array, touched: number[] = []): number[] {
    return this.accumulate(query, out, touched, false);
  }

  /**
   * Adds, per stored document, the share of its own (squared, unit) norm carried by the features it shares with
   * `query`: how much of the document the query covers, whatever else the query says.
   */
  coverages(query: SparseVector, out: Float64Array, touched: number[] = []): number[] {
    return this.accumulate(query, out, touched, true);
  }

  private accumulate(query: SparseVector, out: Float64Array, touched: number[], coverage: boolean): number[] {
    for (let i = 0; i < query.ids.length; i += 1) {
      const id = query.ids[i] as number;
      const from = this.offsets[id] as number;
      const to = this.offsets[id + 1] as number;
      if (to === from || to - from > this.commonLimit) continue;
      const q = query.values[i] as number;
      for (let j = from; j < to; j += 1) {
        const doc = this.docs[j] as number;
        const w = this.weights[j] as number;
        if (out[doc] === 0) touched.push(doc);
        out[doc] = (out[doc] as number) + (coverage ? w * w : q * w);
      }
    }
    return touched;
  }
}

/** Dot product of two sparse vectors with sorted ids. */
export function dot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i] as number;
    const y = b.ids[j] as number;
    if (x === y) {
      sum += (a.values[i] as number) * (b.values[j] as number);
      i += 1;
      j += 1;
    } else if (x < y) i += 1;
    else j += 1;
  }
  return sum;
}
