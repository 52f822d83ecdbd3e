/**
 * Folds text for loose comparison: lower case, no accents (ñ → n too: citizens often type "senor"), punctuation
 * turned into spaces, spaces collapsed.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}@]+/gu, ' ')
    .trim();
}
