import { CHAT_ABBREVIATIONS } from './chat-abbreviations.js';

const DIACRITICS = /[\u0300-\u036f]/g;
// Three or more of the same letter is emphasis ("holaaaa", "urgenteeee"); two can be real Spanish ("leer", "carro").
const LETTER_RUNS = /([a-z])\1{2,}/g;
const LAUGHTER = /^(?:j+[aeiou]+){2,}j*$/;

/**
 * Turns what a citizen types into comparable plain words: lowercase, no accents (ñ becomes n: people drop it
 * anyway), no punctuation or emoji, emphasis collapsed, chat shorthand expanded. Editors' texts go through the same
 * function, so both sides meet on the same spelling.
 */
export function normalizeText(text: string): string {
  const plain = text
    .toLowerCase()
    .normalize('NFD')
    .replace(DIACRITICS, '')
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(LETTER_RUNS, '$1');
  const words: string[] = [];
  for (const word of plain.split(' ')) {
    if (word === '') continue;
    if (LAUGHTER.test(word)) {
      words.push('jaja');
      continue;
    }
    words.push(CHAT_ABBREVIATIONS[word] ?? word);
  }
  return words.join(' ');
}
