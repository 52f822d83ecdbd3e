import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { normalizeText } from './normalize.js';
import { phoneticFold, splitWords } from './spanish-terms.js';

/**
 * An entity's colloquial vocabulary: each `term` is how the knowledge base names a thing ("predial"), each phrase is
 * how citizens say it ("impuesto de la casa"). Kept as data so editors can add a line when a question goes unanswered.
 */
export const SynonymRule = z.object({
  term: z.string().trim().min(1, 'falta el término oficial'),
  phrases: z.array(z.string().trim().min(1, 'hay una frase vacía')).min(1, 'debe tener al menos una frase'),
});
export type SynonymRule = z.infer<typeof SynonymRule>;

export const SynonymList = z.array(SynonymRule);
export type SynonymList = z.infer<typeof SynonymList>;

/** The YAML file maps each official term to the list of ways people say it. */
const SynonymYaml = z.record(z.string().trim().min(1), z.array(z.union([z.string(), z.number()])).min(1)).nullable();

export type SynonymParseResult = { ok: true; list: SynonymList } | { ok: false; errors: string[] };

export function parseSynonymsYaml(text: string): SynonymParseResult {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    return { ok: false, errors: [`El archivo de sinónimos no es YAML válido: ${(error as Error).message}`] };
  }
  const parsed = SynonymYaml.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      errors: parsed.error.issues.map((issue) => {
        const where = issue.path.length > 0 ? `En «${String(issue.path[0])}»: ` : '';
        return `${where}cada término debe ir seguido de una lista de frases, una por línea y empezando con «- ».`;
      }),
    };
  }
  const list = Object.entries(parsed.data ?? {}).map(([term, phrases]) => ({
    term,
    phrases: phrases.map(String).filter((p) => p.trim() !== ''),
  }));
  return { ok: true, list: list.filter((rule) => rule.phrases.length > 0) };
}

export function stringifySynonymsYaml(list: SynonymList): string {
  return list.map((rule) => `${rule.term}:\n${rule.phrases.map((p) => `  - ${p}`).join('\n')}\n`).join('');
}

/**
 * Only grammar words are skipped inside phrases. The ranking stopword list also drops verbs like "debo", which would
 * shrink "certificado de que no debo" to the single, everywhere-present word "certificado".
 */
const PHRASE_FILLERS = new Set(
  'a al con de del el en la las lo los me mi mis para por que se su sus te tu un una unos unas y o le les nos ya es'.split(
    ' ',
  ),
);

function isFiller(word: string): boolean {
  return PHRASE_FILLERS.has(word);
}

/**
 * Singular and plural meet ("multas" / "multa", "papeles" / "papel"), and so do a verb's singular and plural ("abre" /
 * "abren", "atiende" / "atienden"), without the stemmer's over-eager cuts.
 */
function wordKey(word: string): string {
  let base = word;
  if (/[lrndzjs]es$/.test(base) && base.length > 4) base = base.slice(0, -2);
  else if (/[aeiou]s$/.test(base) && base.length > 3) base = base.slice(0, -1);
  else if (/[aeiou]n$/.test(base) && !base.endsWith('ion') && base.length > 4) base = base.slice(0, -1);
  return phoneticFold(base);
}

interface CompiledPhrase {
  keys: string[];
  expansion: string;
}

/** How many content words may sit between two words of a phrase ("el papel que me dice donde vivo"). */
const MAX_GAP = 2;

/**
 * Synonyms compiled for matching: phrases are indexed by their first content word so a message is only compared
 * with the phrases that can start at each of its words.
 */
export class SynonymSet {
  private readonly byFirstKey = new Map<string, CompiledPhrase[]>();
  readonly size: number;

  constructor(readonly list: SynonymList) {
    let size = 0;
    for (const rule of list) {
      const expansion = normalizeText(rule.term);
      for (const phrase of rule.phrases) {
        const keys = splitWords(normalizeText(phrase))
          .filter((w) => !isFiller(w))
          .map(wordKey);
        const first = keys[0];
        if (first === undefined) continue;
        const bucket = this.byFirstKey.get(first) ?? [];
        bucket.push({ keys, expansion });
        this.byFirstKey.set(first, bucket);
        size += 1;
      }
    }
    this.size = size;
  }

  /** Official terms whose phrases occur in the (normalised) words, each once. */
  expansions(words: readonly string[]): string[] {
    return this.matches(words).map((m) => m.expansion);
  }

  /** Like `expansions`, with how many content words the longest matching phrase of each term had. */
  matches(words: readonly string[]): { expansion: string; phraseWords: number }[] {
    const content = words.filter((w) => !isFiller(w)).map(wordKey);
    const found = new Map<string, number>();
    content.forEach((key, start) => {
      for (const phrase of this.byFirstKey.get(key) ?? []) {
        if ((found.get(phrase.expansion) ?? 0) >= phrase.keys.length) continue;
        let at = start;
        let ok = true;
        for (const next of phrase.keys.slice(1)) {
          const limit = Math.min(content.length, at + 2 + MAX_GAP);
          let hit = -1;
          for (let i = at + 1; i < limit; i += 1) {
            if (content[i] === next) {
              hit = i;
              break;
            }
          }
          if (hit < 0) {
            ok = false;
            break;
          }
          at = hit;
        }
        if (ok) found.set(phrase.expansion, phrase.keys.length);
      }
    });
    return [...found].map(([expansion, phraseWords]) => ({ expansion, phraseWords }));
  }
}

/**
 * Adds, after the text, the official term of every colloquial phrase it contains: "pagar el impuesto de la casa"
 * becomes "pagar el impuesto de la casa predial". Appending rather than replacing keeps the citizen's own words, which
 * may still matter for ranking.
 */
export function applySynonyms(normalized: string, synonyms: SynonymSet | SynonymList): string {
  const set = synonyms instanceof SynonymSet ? synonyms : new SynonymSet(synonyms);
  const extra = set.expansions(splitWords(normalized));
  return extra.length === 0 ? normalized : `${normalized} ${extra.join(' ')}`;
}
