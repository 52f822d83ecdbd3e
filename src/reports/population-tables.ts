import type { PopulationReport } from './population-report.js';
import { percentCell } from './report-tables.js';
import type { ReportTable } from './report-types.js';

/**
 * One table per population field, for the dashboard, the CSV downloads and `ventanilla report poblacion`. Cells are
 * already suppressed ("<5", "reservado"); the total row comes from the same suppression, never from adding rows.
 */
export function populationTables(r: PopulationReport): ReportTable[] {
  return r.breakdowns.map((b) => ({
    id: `poblacion-${b.field}`,
    title: `PQRSD y satisfacción por ${b.label.toLowerCase()} (grupos de menos de ${r.threshold} personas: "<${r.threshold}")`,
    columns: [
      { key: 'group', label: b.label },
      { key: 'cases', label: 'PQRSD radicadas' },
      { key: 'csatResponses', label: 'Respuestas de satisfacción' },
      { key: 'csat', label: 'Satisfechos (%)' },
    ],
    rows: [
      ...b.rows.map((row) => [row.label, row.cases, row.csatResponses, percentCell(row.csatShare)]),
      ['Total', b.totalCases, b.totalCsatResponses, null],
    ],
  }));
}
