/** The entry's steps, when it has some (`steps` of kb-entry.ts, kept among the entry's extra keys in the database). */
export function stepsOf(entry: object): string[] {
  const steps = (entry as Record<string, unknown>).steps;
  return Array.isArray(steps) ? steps.filter((s): s is string => typeof s === 'string' && s.trim() !== '') : [];
}
