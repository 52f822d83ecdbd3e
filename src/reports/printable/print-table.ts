import type { ReportCount } from '../../cases/report/pqrsd-report.js';
import { SafeHtml, html } from './html-escape.js';
import type { HtmlValue } from './html-escape.js';
import { formatNumber, formatPercent } from './print-format.js';

const NUMERIC = new SafeHtml(' class="num"');
const NONE = new SafeHtml('');

export interface PrintColumn<Row> {
  label: string;
  /** Right-aligned figures. */
  numeric?: boolean;
  cell: (row: Row) => HtmlValue;
}

/**
 * A table that prints well: caption, repeated header, rows kept whole. `id` lets readers (and tests) find it; with no
 * rows, a sentence says so instead of an empty grid.
 */
export function printTable<Row>(table: {
  id: string;
  caption: string;
  columns: readonly PrintColumn<Row>[];
  rows: readonly Row[];
  footer?: readonly HtmlValue[];
  empty?: string;
}): SafeHtml {
  if (table.rows.length === 0) {
    return html`<p class="empty" id="${table.id}">
      ${table.caption}: ${table.empty ?? 'no hay datos en este periodo.'}
    </p>`;
  }
  const cls = (c: PrintColumn<Row> | undefined) => (c?.numeric ? NUMERIC : NONE);
  const headers = table.columns.map((c) => html`<th scope="col" ${cls(c)}>${c.label}</th>`);
  const body = table.rows.map(
    (row) =>
      html`<tr>
        ${table.columns.map((c, i) =>
          i === 0 ? html`<th scope="row">${c.cell(row)}</th>` : html`<td${cls(c)}>${c.cell(row)}</td>`,
        )}
      </tr>`,
  );
  const footer = table.footer
    ? html`<tfoot>
        <tr>
          ${table.footer.map((value, i) => {
            return i === 0 ? html`<th scope="row">${value}</th>` : html`<td${cls(table.columns[i])}>${value}</td>`;
          })}
        </tr>
      </tfoot>`
    : '';
  return html`<table id="${table.id}">
    <caption>
      ${table.caption}
    </caption>
    <thead>
      <tr>
        ${headers}
      </tr>
    </thead>
    <tbody>
      ${body}
    </tbody>
    ${footer}
  </table>`;
}

/** A breakdown (channel, dependency, territory) with its count and share of the total received. */
export function countTable(table: {
  id: string;
  caption: string;
  keyLabel: string;
  counts: readonly ReportCount[];
  total: number;
}): SafeHtml {
  return printTable<ReportCount>({
    id: table.id,
    caption: table.caption,
    columns: [
      { label: table.keyLabel, cell: (r) => r.label },
      { label: 'Solicitudes', numeric: true, cell: (r) => formatNumber(r.count) },
      {
        label: 'Porcentaje',
        numeric: true,
        cell: (r) => (table.total === 0 ? '—' : formatPercent(r.count / table.total)),
      },
    ],
    rows: table.counts,
    empty: 'no se recibieron solicitudes en este periodo.',
  });
}

/** "Sí"/"No": printed words, never a colour or a symbol alone. */
export function yesNo(value: boolean): string {
  return value ? 'Sí' : 'No';
}
