import { phoneticFold } from './spanish-terms.js';

/**
 * Character 3- and 4-grams of each word, on the phonetically folded spelling and with word boundaries marked. They
 * carry what stems miss: a typo keeps most of a word's n-grams ("resgistrar" / "registrar"), and related forms share
 * them ("horas" / "horario", "atienden" / "atencion").
 */
export function charNgrams(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    const padded = `#${phoneticFold(word)}#`;
    for (let n = 3; n <= 4; n += 1) {
      for (let i = 0; i + n <= padded.length; i += 1) out.push(padded.slice(i, i + n));
    }
  }
  return out;
}
