import { distance } from '../lib/closest-name.js';
import { normalizeText } from '../lib/normalize-text.js';

/** What a menu or option question offers, as far as matching is concerned. */
export interface MatchableOption {
  label: string;
  aliases: string[];
  /** Payload the option's button carries. */
  value: string;
}

const ordinalWords: Record<string, number> = {
  uno: 1,
  primera: 1,
  primero: 1,
  dos: 2,
  segunda: 2,
  segundo: 2,
  tres: 3,
  tercera: 3,
  tercero: 3,
  cuatro: 4,
  cuarta: 4,
  cuarto: 4,
  cinco: 5,
  quinta: 5,
  quinto: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
};

function numberChosen(text: string): number | null {
  const m = /^(?:(?:la|el)\s+)?(?:opcion|numero|op)?\s*(\d{1,2}|[a-z]+)$/.exec(text);
  if (!m?.[1]) return null;
  const n = /^\d+$/.test(m[1]) ? Number(m[1]) : ordinalWords[m[1]];
  return n ?? null;
}

function containsWords(haystack: string, needle: string): boolean {
  return ` ${haystack} `.includes(` ${needle} `);
}

/** Two words the same but for a slip of the finger: one edit in short words, two in long ones; never for tiny words. */
function closeWords(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.min(a.length, b.length) < 4) return false;
  return distance(a, b) <= (Math.max(a.length, b.length) >= 8 ? 2 : 1);
}

/** Replies longer than this that merely contain an option's name are probably saying something else. */
const maxWordsForContainedName = 4;

/** How sure a match is: `loose` when the reply is a longer message that merely mentions an option's name. */
export interface OptionMatch<T> {
  option: T;
  index: number;
  loose: boolean;
  /** Found only because the reply contains the option's name among other words (the last rule). */
  contained: boolean;
}

/**
 * Finds the option a reply picks, or null. In order: the button payload; the option number ("2", "opción 2", "dos");
 * the label or an alias typed loosely (case and accents ignored) or with a typo ("tramits"); a reply whose words all
 * appear, give or take a typo, in exactly one label ("tramite" → "Consultar trámites y servicios"); a reply that
 * contains exactly one label or alias. Ambiguous replies match nothing, so the citizen is asked again rather than sent
 * the wrong way. The last rule is `loose` for replies of more than four words: "cual es la dirección de la comisaría"
 * names the option "dirección" but asks something else, which the understanding step prefers to answer.
 */
export function matchOptionDetailed<T extends MatchableOption>(
  options: readonly T[],
  text: string | undefined,
  payload?: string,
): OptionMatch<T> | null {
  const found = (index: number, loose = false, contained = false): OptionMatch<T> | null => {
    const option = options[index];
    return option === undefined ? null : { option, index, loose, contained };
  };
  const only = (indexes: number[], loose = false, contained = false) =>
    indexes.length === 1 ? found(indexes[0] as number, loose, contained) : null;
  if (payload !== undefined) {
    const byPayload = options.findIndex((o) => o.value === payload);
    if (byPayload >= 0) return found(byPayload);
  }
  const reply = normalizeText(text ?? payload ?? '');
  if (reply === '') return null;
  const n = numberChosen(reply);
  if (n !== null) return found(n - 1);
  const names = options.map((o) => [o.label, ...o.aliases].map(normalizeText).filter((s) => s !== ''));
  const indexesWhere = (test: (names: string[]) => boolean): number[] =>
    names.flatMap((list, i) => (test(list) ? [i] : []));
  const exact = only(indexesWhere((list) => list.includes(reply)));
  if (exact) return exact;
  if (reply.length < 3) return null;
  const typo = only(indexesWhere((list) => list.some((name) => !name.includes(' ') && closeWords(reply, name))));
  if (typo) return typo;
  const words = reply.split(' ');
  const meaningful = words.filter((w) => w.length > 2);
  // Exact words first: a typo-tolerant comparison would make "radicado" ambiguous with "radicar".
  for (const same of [(a: string, b: string) => a === b, closeWords]) {
    if (meaningful.length === 0) break;
    const partial = only(
      indexesWhere((list) =>
        list.some((name) => {
          const nameWords = name.split(' ');
          return meaningful.every((w) => nameWords.some((nw) => same(w, nw)));
        }),
      ),
    );
    if (partial) return partial;
  }
  return only(
    indexesWhere((list) => list.some((name) => containsWords(reply, name))),
    words.length > maxWordsForContainedName,
    true,
  );
}

/** {@link matchOptionDetailed}'s option, loose or not. */
export function matchOption<T extends MatchableOption>(
  options: readonly T[],
  text: string | undefined,
  payload?: string,
): T | null {
  return matchOptionDetailed(options, text, payload)?.option ?? null;
}
