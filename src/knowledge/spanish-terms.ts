import stemmer from 'natural/lib/natural/stemmers/porter_stemmer_es.js';
import naturalStopwords from 'natural/lib/natural/util/stopwords_es.js';
import { normalizeText } from './normalize.js';

/**
 * Words that carry no meaning for finding a trámite: natural's Spanish list plus the verbs and fillers citizens wrap
 * every request in ("necesito", "quisiera", "me colabora"). Question words such as "cuanto" stay: they separate
 * "how much does it cost" from "how do I do it".
 */
const EXTRA_STOPWORDS = [
  'es',
  'son',
  'soy',
  'eres',
  'era',
  'fue',
  'ser',
  'sea',
  'estar',
  'esta',
  'estan',
  'estoy',
  'este',
  'estos',
  'estas',
  'esa',
  'esos',
  'esas',
  'esto',
  'aqui',
  'aca',
  'alli',
  'ahi',
  'hay',
  'habia',
  'tengo',
  'tiene',
  'tienen',
  'tenemos',
  'tener',
  'hacer',
  'hago',
  'hace',
  'hacen',
  'puedo',
  'puede',
  'pueden',
  'podemos',
  'podria',
  'quiero',
  'queremos',
  'quisiera',
  'necesito',
  'necesitamos',
  'necesita',
  'saber',
  'favor',
  'gracias',
  'hola',
  'buenas',
  'buenos',
  'buen',
  'tardes',
  'noches',
  'senor',
  'senora',
  'usted',
  'ustedes',
  'yo',
  'ellos',
  'ellas',
  'algo',
  'algun',
  'alguna',
  'alguno',
  'todo',
  'toda',
  'todos',
  'todas',
  'cual',
  'cuales',
  'que',
  'mis',
  'tus',
  'nuestro',
  'nuestra',
  'les',
  'entonces',
  'pues',
  'bueno',
  'ok',
  'vale',
  'listo',
  'tambien',
  'asi',
  'solo',
  'ahora',
  'ahorita',
  'aun',
  'todavia',
  'colabora',
  'colaboran',
  'colaborar',
  'voy',
  'va',
  'van',
  'vamos',
  'ir',
  'dice',
  'dicen',
  'dijeron',
  'mas',
  'muy',
  'bien',
  'le',
  'lo',
  'la',
  'el',
  'hola',
  'porfavor',
  'cuentame',
  'digame',
  'dime',
  'sr',
  'senorita',
  'tu',
  'su',
  'mucho',
  'mucha',
  'muchas',
  'muchos',
  'tan',
  'tanto',
  'he',
  'ha',
  'han',
  'hemos',
  'sido',
  'estado',
  'era',
  'seria',
  'tal',
  'vez',
  'quiere',
  'quieren',
  'queria',
  'quisieramos',
  'necesitaba',
  'puedes',
  'podrian',
  'debo',
  'debe',
  'igual',
  'entonces',
  'osea',
  'o',
  'sea',
  'e',
  'u',
  'y',
];

export const STOPWORDS: ReadonlySet<string> = new Set(
  [...naturalStopwords.words.map((word) => normalizeText(word)), ...EXTRA_STOPWORDS].filter((w) => !/^\d$/.test(w)),
);

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/**
 * Folds spellings that sound the same in Colombian Spanish, because that is how people misspell: "nesecito",
 * "umano", "yevo", "bacuna", "kasa". Applied to stems on both sides, so it only has to be consistent, not pretty.
 */
export function phoneticFold(stem: string): string {
  return stem
    .replace(/ch/g, '§')
    .replace(/h/g, '')
    .replace(/§/g, 'ch')
    .replace(/ll/g, 'y')
    .replace(/y$/, 'i')
    .replace(/v/g, 'b')
    .replace(/w/g, 'u')
    .replace(/z/g, 's')
    .replace(/sc(?=[ei])/g, 's')
    .replace(/c(?=[ei])/g, 's')
    .replace(/qu(?=[ei])/g, 'k')
    .replace(/q/g, 'k')
    .replace(/c/g, 'k')
    .replace(/gu(?=[ei])/g, '¤')
    .replace(/g(?=[ei])/g, 'j')
    .replace(/¤/g, 'g')
    .replace(/([a-z])\1+/g, '$1');
}

const termCache = new Map<string, string>();
const TERM_CACHE_LIMIT = 50_000;

/**
 * Stem and fold one normalised word. The Porter stemmer only knows accented suffixes ("-ción"), and normalised text
 * has lost its accents, so the accent is put back where it is unambiguous before stemming.
 */
export function toTerm(word: string): string {
  const cached = termCache.get(word);
  if (cached !== undefined) return cached;
  const accented = word.replace(/([cs])ion$/, '$1ión');
  const term = /^\d+$/.test(word) ? word : phoneticFold(stemmer.stem(accented));
  if (termCache.size >= TERM_CACHE_LIMIT) termCache.clear();
  termCache.set(word, term);
  return term;
}

export function splitWords(normalized: string): string[] {
  return normalized === '' ? [] : normalized.split(' ');
}

/** Content terms of a text, in order: normalise, drop stopwords, stem and fold. */
export function analyze(text: string): string[] {
  return splitWords(normalizeText(text))
    .filter((word) => !isStopword(word))
    .map(toTerm)
    .filter((term) => term !== '');
}
