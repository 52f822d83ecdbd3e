import type { ReportTable } from './report-types.js';

/**
 * Tables for a terminal: a title, then columns padded to their widest cell, numbers right-aligned so they line up
 * by their units. Empty tables say so rather than printing a lone header.
 */
export function tablesToText(tables: readonly ReportTable[]): string {
  return tables.map(tableToText).join('');
}

function tableToText(table: ReportTable): string {
  const lines = [table.title, '='.repeat(table.title.length)];
  if (table.rows.length === 0) return [...lines, '(sin datos en el periodo)', ''].join('\n') + '\n';
  const cells = table.rows.map((row) => row.map(cellText));
  const widths = table.columns.map((c, i) => Math.max(c.label.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = table.columns.map((_, i) => table.rows.every((r) => r[i] === null || typeof r[i] === 'number'));
  const line = (values: string[], header: boolean) =>
    values
      .map((v, i) => (numeric[i] && !header ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  lines.push(
    line(
      table.columns.map((c) => c.label),
      true,
    ),
  );
  lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of cells) lines.push(line(row, false));
  return lines.join('\n') + '\n\n';
}

function cellText(value: string | number | null): string {
  if (value === null) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(1);
  return value.replace(/\s+/g, ' ');
}
