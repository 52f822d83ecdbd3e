import { neutralizeFormula } from '../cases/report/report-formats.js';
import { writeCsv } from '../knowledge/csv.js';
import type { ReportTable } from './report-types.js';

/**
 * Excel opens a CSV without a byte-order mark in the machine's legacy code page, so "Atención" would read
 * "AtenciÃ³n"; with it, it reads UTF-8.
 */
export const UTF8_BOM = '\uFEFF';

/**
 * One table as CSV (RFC 4180, comma, CRLF, UTF-8 with BOM): a header row of the column labels, then the rows.
 * Text cells go through {@link neutralizeFormula} (questions and comments are typed by citizens); numbers are written
 * as numbers with a dot (66.7) and an empty cell stands for "no figure".
 */
export function tableToCsv(table: ReportTable): string {
  return UTF8_BOM + tableBody(table);
}

/** Several tables in one file, each preceded by a line with its title and followed by a blank line. */
export function tablesToCsv(tables: readonly ReportTable[]): string {
  return UTF8_BOM + tables.map((t) => writeCsv([[neutralizeFormula(t.title)]]) + tableBody(t)).join('\r\n');
}

function tableBody(table: ReportTable): string {
  return writeCsv([
    table.columns.map((c) => neutralizeFormula(c.label)),
    ...table.rows.map((row) => row.map(cellText)),
  ]);
}

function cellText(cell: string | number | null): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  return neutralizeFormula(cell);
}
