/** Lenguaje claro on a phone: what fits one WhatsApp screen without scrolling back. */
export const MAX_ANSWER_WORDS = 80;
export const MAX_SENTENCE_WORDS = 30;

/** A `{{…}}` placeholder counts as one word when its value is not known (an editor typing in the console). */
const placeholder = /\{\{[^}]*\}\}/g;

function words(text: string): string[] {
  return text
    .replace(placeholder, 'dato')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
}

/**
 * Sentences end at . ! ? or a line break, but only before a capital letter, a digit or ¿ ¡: so "7:30 a. m. a 4:30"
 * and "n.º 10-20" stay whole.
 */
function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[¿¡\p{Lu}\p{N}])|\n+/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Warnings, in Spanish, for an answer that reads badly on a phone: more than 80 words in all (answer and steps,
 * as the citizen reads them) or a sentence (each step counts as one) of more than 30 words. Pass the text with the
 * facts already filled in when they are known. Shared by `kb check` and the console editor.
 */
export function answerWarnings(text: string, steps: readonly string[] = []): string[] {
  const warnings: string[] = [];
  const total = words(text).length + steps.reduce((n, s) => n + words(s).length, 0);
  if (total > MAX_ANSWER_WORDS) {
    warnings.push(
      `La respuesta tiene ${total} palabras; en un celular se lee mejor con ${MAX_ANSWER_WORDS} o menos. Quite lo ` +
        'que no sea necesario o páselo a pasos.',
    );
  }
  const long = [...sentences(text), ...steps.map((s) => s.trim())].filter((s) => words(s).length > MAX_SENTENCE_WORDS);
  for (const sentence of long) {
    const start = sentence.split(/\s+/).slice(0, 6).join(' ');
    warnings.push(
      `La frase «${start}…» tiene ${words(sentence).length} palabras; divídala en frases de ${MAX_SENTENCE_WORDS} ` +
        'o menos.',
    );
  }
  return warnings;
}
