// Stand-ins for what another branch writes (src/knowledge/answer-readability.ts and the optional `steps` of an entry).
// TODO(merge): replace both with `answerWarnings(text, steps)` from src/knowledge/answer-readability.ts and the
// entry's own `steps` field once that branch is merged; the editor and the preview call only these two names.

/** The entry's steps, when it has some (an optional `steps: string[]` that rides in the entry's extra keys today). */
export function stepsOf(entry: object): string[] {
  const steps = (entry as Record<string, unknown>).steps;
  return Array.isArray(steps) ? steps.filter((s): s is string => typeof s === 'string' && s.trim() !== '') : [];
}

/** Plain-language warnings for an answer (lenguaje claro: short answers and sentences read well on a phone). */
export function answerWarnings(text: string, steps: readonly string[]): string[] {
  const words = (s: string) => s.split(/\s+/).filter((w) => w !== '').length;
  const warnings: string[] = [];
  const total = words(text) + steps.reduce((n, s) => n + words(s), 0);
  if (total > 80) warnings.push(`La respuesta tiene ${total} palabras; en un celular se lee mejor con 80 o menos.`);
  const long = text.split(/(?<=[.!?])\s+/).filter((sentence) => words(sentence) > 30).length;
  if (long > 0) {
    warnings.push(
      long === 1
        ? 'Una oración tiene más de 30 palabras; pártala en dos.'
        : `${long} oraciones tienen más de 30 palabras; pártalas.`,
    );
  }
  return warnings;
}
