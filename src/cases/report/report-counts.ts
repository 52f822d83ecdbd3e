/** One line of a breakdown. `key` is the stored value (or the fallback label when it was missing). */
export interface ReportCount {
  key: string;
  label: string;
  count: number;
}

/**
 * Counts values, most frequent first; ties in Spanish alphabetical order. Missing or blank values are counted under
 * `missing`, listed last so the real places and offices come first.
 */
export function tally(
  values: readonly (string | null)[],
  label: (key: string) => string,
  missing: string,
): ReportCount[] {
  const counts = new Map<string, number>();
  let missingCount = 0;
  for (const raw of values) {
    const value = blankToNull(raw);
    if (value === null) missingCount += 1;
    else counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const collator = new Intl.Collator('es-CO', { sensitivity: 'base' });
  const present = [...counts]
    .map(([key, n]) => ({ key, label: label(key), count: n }))
    .sort((a, b) => b.count - a.count || collator.compare(a.label, b.label));
  return missingCount > 0 ? [...present, { key: missing, label: missing, count: missingCount }] : present;
}

export function blankToNull(value: string | null): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

export function count<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  return items.reduce((n, item) => (predicate(item) ? n + 1 : n), 0);
}

export function average(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return round(values.reduce((a, b) => a + b, 0) / values.length, 2);
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : round(((sorted[mid - 1] ?? 0) + upper) / 2, 2);
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
