import { phoneticFold } from './spanish-terms.js';
import { hashFeature } from './vector-space.js';

const cache = new Map<string, Int32Array>();
const CACHE_LIMIT = 100_000;

/** One word's n-gram hashes; words repeat across thousands of texts, so they are computed once. */
function wordNgrams(word: string): Int32Array {
  const cached = cache.get(word);
  if (cached !== undefined) return cached;
  const padded = `#${phoneticFold(word)}#`;
  const out: number[] = [];
  for (let n = 3; n <= 4; n += 1) {
    for (let i = 0; i + n <= padded.length; i += 1) out.push(hashFeature(padded, i, i + n));
  }
  const hashes = Int32Array.from(out);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, hashes);
  return hashes;
}

/**
 * Hashes of the character 3- and 4-grams of each word, on the phonetically folded spelling and with word boundaries
 * marked. They carry what stems miss: a typo keeps most of a word's n-grams ("resgistrar" / "registrar"), and
 * related forms share them ("horas" / "horario", "atienden" / "atencion").
 */
export function charNgrams(words: readonly string[]): Int32Array {
  const parts = words.map(wordNgrams);
  const out = new Int32Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
