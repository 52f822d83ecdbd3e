/**
 * Typo tolerance against the knowledge base's own vocabulary ("resgistrar", "avaluo" → "avalu", "umano"). Uses
 * symmetric deletions (SymSpell): every vocabulary term is stored under each one-letter deletion of itself, so a
 * lookup costs a handful of hash probes instead of a scan of the vocabulary, which keeps a 5,000-entry base fast.
 */

/** Optimal string alignment distance (Damerau-Levenshtein where a transposition counts as one edit). */
export function osaDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols);
  for (let i = 0; i < rows; i += 1) d[i * cols] = i;
  for (let j = 0; j < cols; j += 1) d[j] = j;
  for (let i = 1; i < rows; i += 1) {
    let rowMin = Infinity;
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(
        (d[(i - 1) * cols + j] as number) + 1,
        (d[i * cols + j - 1] as number) + 1,
        (d[(i - 1) * cols + j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, (d[(i - 2) * cols + j - 2] as number) + 1);
      }
      d[i * cols + j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
  }
  return d[rows * cols - 1] as number;
}

function deletions(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i += 1) out.push(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Shortest stem we try to correct: below this almost every stem is one edit away from another ("kier"/"kien"). */
const MIN_LENGTH = 5;
/** From this length two edits are allowed ("nesecitamos", "certificacion"). */
const TWO_EDITS_FROM = 7;

export class SpellingIndex {
  private readonly frequency = new Map<string, number>();
  private readonly byDeletion = new Map<string, string[]>();
  private readonly cache = new Map<string, string | null>();

  constructor(vocabulary: Iterable<[term: string, frequency: number]>) {
    for (const [term, frequency] of vocabulary) {
      if (term.length < MIN_LENGTH - 1 || term.includes('_') || /\d/.test(term)) continue;
      this.frequency.set(term, frequency);
      for (const key of deletions(term)) {
        const bucket = this.byDeletion.get(key);
        if (bucket === undefined) this.byDeletion.set(key, [term]);
        else if (bucket[bucket.length - 1] !== term) bucket.push(term);
      }
    }
  }

  has(term: string): boolean {
    return this.frequency.has(term);
  }

  /** The closest known term, preferring fewer edits and then the more frequent term; undefined if none is close. */
  correct(term: string): string | undefined {
    if (term.length < MIN_LENGTH || /\d/.test(term)) return undefined;
    if (this.frequency.has(term)) return term;
    const cached = this.cache.get(term);
    if (cached !== undefined) return cached ?? undefined;
    const maxEdits = term.length >= TWO_EDITS_FROM ? 2 : 1;
    const probes = new Set<string>([term, ...deletions(term)]);
    if (maxEdits === 2) for (const d of deletions(term)) for (const dd of deletions(d)) probes.add(dd);
    const candidates = new Set<string>();
    for (const probe of probes) {
      if (this.frequency.has(probe)) candidates.add(probe);
      for (const known of this.byDeletion.get(probe) ?? []) candidates.add(known);
    }
    let best: string | undefined;
    let bestDistance = maxEdits + 1;
    let bestFrequency = -1;
    for (const candidate of candidates) {
      // People rarely mistype the first letter (silent h and b/v are already folded), and allowing it pairs
      // unrelated words.
      if (candidate[0] !== term[0]) continue;
      const distance = osaDistance(term, candidate, maxEdits);
      const frequency = this.frequency.get(candidate) ?? 0;
      if (distance < bestDistance || (distance === bestDistance && frequency > bestFrequency)) {
        best = candidate;
        bestDistance = distance;
        bestFrequency = frequency;
      }
    }
    const result = bestDistance <= maxEdits ? best : undefined;
    if (this.cache.size > 20_000) this.cache.clear();
    this.cache.set(term, result ?? null);
    return result;
  }
}
