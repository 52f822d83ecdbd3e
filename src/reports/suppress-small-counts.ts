import { z } from 'zod';

/** Below this many people a cell is not shown (docs/reports.md, "Grupos de población"). */
export const DEFAULT_SMALL_COUNT_THRESHOLD = 5;

/** A complementary suppression: a cell large enough to show, hidden so a "<5" cannot be worked out from the total. */
export const RESERVED_CELL = 'reservado';

export type CountCell = number | string;

const ReportSettings = z
  .strictObject({
    /** Cells of the population breakdowns with fewer people than this (and more than 0) show "<n". 3 to 50. */
    conteoMinimo: z.number().int().min(3).max(50).default(DEFAULT_SMALL_COUNT_THRESHOLD),
  })
  .default({ conteoMinimo: DEFAULT_SMALL_COUNT_THRESHOLD });

/** `settings.reportes` in the entity file; a bad value stops the start with what to fix, like the other settings. */
export function parseSmallCountThreshold(entitySettings: unknown): number {
  const root = (entitySettings ?? {}) as Record<string, unknown>;
  const parsed = ReportSettings.safeParse(root.reportes);
  if (parsed.success) return parsed.data.conteoMinimo;
  const detail = parsed.error.issues.map((i) => `reportes.${i.path.join('.')}: ${i.message}`).join('; ');
  throw new Error(`La configuración de informes (settings.reportes) no es válida: ${detail}`);
}

/**
 * Small-count suppression of one breakdown whose cells add up to a shown total, so nobody in a small group can be
 * singled out:
 * - primary: a cell with 1 to threshold-1 people shows "<threshold" (0 is shown: it names nobody); so does the total.
 * - complementary: when exactly one cell is primary-suppressed and the total is shown, the total minus the others would
 *   give it back, so the smallest other non-zero cell (the first of equals) is shown as "reservado" too.
 */
export function suppressSmallCounts(
  counts: readonly number[],
  threshold: number,
): { cells: CountCell[]; total: CountCell } {
  const small = (n: number) => n > 0 && n < threshold;
  const total = counts.reduce((a, b) => a + b, 0);
  const cells: CountCell[] = counts.map((n) => (small(n) ? `<${threshold}` : n));
  const primary = counts.filter(small).length;
  if (primary === 1 && !small(total)) {
    let pick = -1;
    counts.forEach((n, i) => {
      if (n > 0 && !small(n) && (pick < 0 || n < (counts[pick] ?? Infinity))) pick = i;
    });
    if (pick >= 0) cells[pick] = RESERVED_CELL;
  }
  return { cells, total: small(total) ? `<${threshold}` : total };
}
