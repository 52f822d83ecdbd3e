import type { PqrsdReport } from '../../cases/report/pqrsd-report.js';
import { UNASSIGNED_LABEL } from '../../cases/report/pqrsd-report.js';

export interface DependencyTimeliness {
  dependency: string;
  received: number;
  onTime: number;
  late: number;
  pending: number;
  averageBusinessDays: number | null;
}

/**
 * Timeliness per dependency, from the report's case rows, so Control Interno can see where answers are late.
 * Ordered by late answers, then received, then name; cases with no dependency are grouped as "Sin asignar".
 */
export function dependencyTimeliness(report: PqrsdReport): DependencyTimeliness[] {
  const groups = new Map<string, PqrsdReport['cases']>();
  for (const row of report.cases) {
    const key = row.dependency ?? UNASSIGNED_LABEL;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const collator = new Intl.Collator('es-CO', { sensitivity: 'base' });
  return [...groups]
    .map(([dependency, rows]) => {
      const days = rows.flatMap((r) => (r.businessDaysToAnswer === null ? [] : [r.businessDaysToAnswer]));
      return {
        dependency,
        received: rows.length,
        onTime: rows.filter((r) => r.outcome === 'a_tiempo').length,
        late: rows.filter((r) => r.outcome === 'tarde').length,
        pending: rows.filter((r) => r.outcome === 'pendiente').length,
        averageBusinessDays:
          days.length === 0 ? null : Math.round((days.reduce((a, b) => a + b, 0) / days.length) * 100) / 100,
      };
    })
    .sort((a, b) => b.late - a.late || b.received - a.received || collator.compare(a.dependency, b.dependency));
}
