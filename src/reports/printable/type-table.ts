import type { PqrsdReport, TypeBreakdown } from '../../cases/report/pqrsd-report.js';
import { CASE_TYPES, caseTypes } from '../../cases/terms.js';
import type { CaseType } from '../../cases/terms.js';
import type { SafeHtml } from './html-escape.js';
import { formatNumber } from './print-format.js';
import { printTable } from './print-table.js';

/** Every legal type with its counts, average time and legal term; zeros included, as the builder lists them. */
export function typeTable(report: PqrsdReport): SafeHtml {
  const { totals, timeliness } = report;
  const pending = report.byType.reduce((n, t) => n + t.pending, 0);
  return printTable<TypeBreakdown>({
    id: 'por-tipo',
    caption: 'Solicitudes por tipo',
    columns: [
      { label: 'Tipo', cell: (t) => t.label },
      { label: 'Recibidas', numeric: true, cell: (t) => formatNumber(t.received) },
      { label: 'Respondidas', numeric: true, cell: (t) => formatNumber(t.answered) },
      { label: 'A tiempo', numeric: true, cell: (t) => formatNumber(t.onTime) },
      { label: 'Tarde', numeric: true, cell: (t) => formatNumber(t.late) },
      { label: 'En trámite en término', numeric: true, cell: (t) => formatNumber(t.pending) },
      {
        label: 'Tiempo promedio de respuesta (días hábiles)',
        numeric: true,
        cell: (t) => (t.averageBusinessDays === null ? '—' : formatNumber(t.averageBusinessDays)),
      },
      { label: 'Término legal (días hábiles)', numeric: true, cell: (t) => legalTerm(t.type) },
    ],
    rows: report.byType,
    footer: [
      'Total',
      formatNumber(totals.received),
      formatNumber(totals.answered),
      formatNumber(timeliness.onTime),
      formatNumber(timeliness.late),
      formatNumber(pending),
      timeliness.averageBusinessDays === null ? '—' : formatNumber(timeliness.averageBusinessDays),
      '',
    ],
  });
}

/** The legal ceiling of a type's term (Ley 1755 de 2015 art. 14); an entity may promise less. */
export function legalTermDays(type: string): number | null {
  return (caseTypes as readonly string[]).includes(type) ? CASE_TYPES[type as CaseType].defaultTermDays : null;
}

function legalTerm(type: string): string {
  const days = legalTermDays(type);
  return days === null ? '—' : formatNumber(days);
}
