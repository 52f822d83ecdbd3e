import type { CountRow, DurationStats } from './report-types.js';

/**
 * Small arithmetic shared by the service and satisfaction reports, written so every figure can be redone by hand:
 * shares are rounded to 4 decimals (66.67 %), averages to 2, durations to whole seconds.
 */

/** `part / whole` rounded to 4 decimals; null when there is nothing to divide by (never NaN). */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : round(part / whole, 4);
}

export function average(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return round(values.reduce((a, b) => a + b, 0) / values.length, 2);
}

/**
 * Median (the middle value, or the mean of the two middle ones, rounded to whole seconds) and nearest-rank 90th
 * percentile (the value at position ceil(0.9·n) of the sorted list).
 */
export function durationStats(seconds: readonly number[]): DurationStats {
  if (seconds.length === 0) return { count: 0, medianSeconds: null, p90Seconds: null };
  const sorted = [...seconds].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  const median = sorted.length % 2 === 1 ? upper : Math.round(((sorted[mid - 1] ?? 0) + upper) / 2);
  const rank = Math.ceil(0.9 * sorted.length);
  return { count: sorted.length, medianSeconds: median, p90Seconds: sorted[rank - 1] ?? null };
}

/** Whole seconds from `start` to `end`; a clock that went backwards counts as 0 rather than a negative wait. */
export function secondsBetween(start: Date, end: Date): number {
  return Math.max(0, Math.round((end.getTime() - start.getTime()) / 1000));
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

const collator = new Intl.Collator('es-CO', { sensitivity: 'base' });

/** Spanish alphabetical comparison, for ties. */
export function compareLabels(a: string, b: string): number {
  return collator.compare(a, b);
}

/** Counts keys, most frequent first; ties in Spanish alphabetical order of their labels. */
export function tallyRows(keys: readonly string[], label: (key: string) => string): CountRow[] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts]
    .map(([key, count]) => ({ key, label: label(key), count }))
    .sort((a, b) => b.count - a.count || compareLabels(a.label, b.label));
}
