import { normalizeText } from './normalize.js';
import { isStopword, splitWords } from './spanish-terms.js';

/**
 * Editors write example questions in full, correct sentences; citizens write fragments with typos, wrapped in
 * greetings and personal context. Training the decision model only on the editors' form would teach it that any typo
 * or unknown word means "out of scope", so each held-out question is also shown in a roughened form: some words
 * dropped, a misspelling or two, and everyday words around it. The same roughening is applied to the out-of-scope
 * examples, so roughness itself says nothing about the class.
 */

const OPENERS = [
  'buenas',
  'hola buenas tardes',
  'buenos dias',
  'una pregunta',
  'disculpe',
  'hola me colabora',
  'senorita una consulta',
  'buenas noches',
  'oiga',
  'hola',
];

/** Who a citizen's story is about, what happened, and how they close: everyday words no entry should depend on. */
const PEOPLE = [
  'mi mama',
  'mi papa',
  'mi hijo',
  'mi hija',
  'mi esposa',
  'mi esposo',
  'mi abuela',
  'mi hermano',
  'yo',
  'un vecino',
];
const SITUATIONS = [
  'tiene 70 años',
  'esta enfermo',
  'trabaja todo el dia',
  'vive en la vereda',
  'no sabe leer',
  'se vino de otra ciudad',
  'me dijo que preguntara aca',
  'ya fue y no le dijeron nada',
  'lo necesita para el lunes',
  'llego hace poco',
  'no tiene tiempo de ir',
  'esta esperando desde hace un mes',
];
const CLOSINGS = ['gracias', 'es urgente', 'que hago', 'ayudenme', 'por favor', 'muchas gracias', 'quedo atento'];

const CONFUSIONS: readonly [string, string][] = [
  ['b', 'v'],
  ['v', 'b'],
  ['s', 'c'],
  ['c', 's'],
  ['z', 's'],
  ['ll', 'y'],
  ['y', 'll'],
  ['h', ''],
  ['qu', 'k'],
  ['g', 'j'],
];

function misspell(word: string, random: () => number): string {
  const kind = random();
  const at = 1 + Math.floor(random() * (word.length - 1));
  if (kind < 0.3) return word.slice(0, at) + word.slice(at + 1);
  if (kind < 0.5 && at + 1 < word.length) return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  if (kind < 0.6) return word.slice(0, at) + word[at] + word.slice(at);
  const options = CONFUSIONS.filter(([from]) => word.includes(from));
  const pick = options[Math.floor(random() * options.length)];
  return pick === undefined ? word.slice(0, at) + word.slice(at + 1) : word.replace(pick[0], pick[1]);
}

export function colloquialVariant(text: string, random: () => number): string {
  const words = splitWords(normalizeText(text));
  const content = words.filter((w) => !isStopword(w)).length;
  let keptContent = 0;
  const out: string[] = [];
  words.forEach((word, i) => {
    const isContent = !isStopword(word);
    const remaining = words.slice(i + 1).filter((w) => !isStopword(w)).length;
    // Keep at least one content word; drop about a quarter of the rest.
    const mustKeep = isContent && keptContent === 0 && remaining === 0;
    if (isContent && !mustKeep && content > 1 && random() < 0.25) return;
    if (!isContent && random() < 0.3) return;
    if (isContent) keptContent += 1;
    out.push(isContent && word.length >= 5 && random() < 0.2 ? misspell(word, random) : word);
  });
  const pick = (list: readonly string[]): string => list[Math.floor(random() * list.length)] as string;
  if (random() < 0.4) out.unshift(`${pick(PEOPLE)} ${pick(SITUATIONS)}`);
  if (random() < 0.35) out.unshift(pick(OPENERS));
  if (random() < 0.3) out.push(pick(CLOSINGS));
  return out.join(' ');
}
