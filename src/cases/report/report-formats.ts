import { writeCsv } from '../../knowledge/csv.js';
import { formatLongDateEs } from '../local-date.js';
import type { PqrsdReport, ReportCount } from './pqrsd-report.js';

/** Column headings of the per-case CSV, in the order of {@link caseCsvCells}. */
export const CASE_CSV_HEADER = [
  'Radicado',
  'Tipo',
  'Canal',
  'Dependencia',
  'Estado',
  'Fecha de radicación',
  'Fecha de vencimiento',
  'Fecha de respuesta',
  'Días hábiles para responder',
  'Días calendario para responder',
  'Resultado',
  'Prorrogada',
  'Trasladada',
  'Traslado fuera de término',
  'Entidad a la que se trasladó',
  'Información negada',
] as const;

/**
 * The per-case table as CSV (RFC 4180, comma, CRLF, UTF-8 with a BOM so Excel reads the accents), one row per case and a Spanish header. Territory is left out on
 * purpose: with the radicado and dates, a barrio can point at a person in a small place; it is reported in aggregate.
 */
export function reportToCsv(report: PqrsdReport): string {
  const rows = report.cases.map((c) =>
    [
      c.radicado,
      c.typeLabel,
      c.channelLabel,
      c.dependency ?? '',
      c.statusLabel,
      c.receivedOn,
      c.dueDate,
      c.answeredOn ?? '',
      c.businessDaysToAnswer === null ? '' : String(c.businessDaysToAnswer),
      c.calendarDaysToAnswer === null ? '' : String(c.calendarDaysToAnswer),
      c.outcomeLabel,
      yesNo(c.extended),
      yesNo(c.transferred),
      c.transferLate === null ? '' : yesNo(c.transferLate),
      c.transferredTo ?? '',
      yesNo(c.denied),
    ].map(neutralizeFormula),
  );
  return '\uFEFF' + writeCsv([[...CASE_CSV_HEADER], ...rows]);
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one) as a formula; text typed
 * by officials, such as a dependency or a recipient entity, must not become one. The leading apostrophe is what
 * spreadsheets themselves use to mark text (OWASP, "CSV Injection").
 */
export function neutralizeFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** A plain-language Spanish summary for the terminal. */
export function reportToText(report: PqrsdReport): string {
  const { period, totals, timeliness } = report;
  const out: string[] = [];
  out.push(report.entityName ? `Informe de PQRSD: ${report.entityName}` : 'Informe de PQRSD');
  out.push(
    `Solicitudes radicadas del ${formatLongDateEs(period.from)} al ${formatLongDateEs(period.to)}. Fecha de corte: ${period.today}.`,
  );
  out.push('Ley 1712 de 2014, art. 11 literal h; Decreto 1081 de 2015, art. 2.1.1.6.2.');
  out.push('');
  if (totals.received === 0) {
    out.push('No se radicaron solicitudes en este periodo.');
    return out.join('\n') + '\n';
  }

  out.push(`Solicitudes recibidas: ${totals.received}`);
  out.push(`Respondidas: ${totals.answered}. Sin respuesta: ${totals.unanswered}. Con prórroga: ${totals.extended}.`);
  out.push('');
  out.push('Oportunidad de la respuesta');
  for (const o of report.byOutcome) out.push(`  ${o.label}: ${o.count}`);
  if (timeliness.late > 0) {
    const answered = timeliness.lateAnswered === 1 ? 'se respondió' : 'se respondieron';
    const overdue = timeliness.overdueUnanswered === 1 ? 'sigue vencida' : 'siguen vencidas';
    out.push(
      `  De las tardías, ${timeliness.lateAnswered} ${answered} después del vencimiento y ${timeliness.overdueUnanswered} ${overdue} sin respuesta.`,
    );
  }
  out.push(
    timeliness.onTimeShare === null
      ? '  Porcentaje a tiempo: no aplica todavía (ninguna se ha respondido ni ha vencido).'
      : `  Porcentaje a tiempo: ${percent(timeliness.onTimeShare)} de las respondidas o vencidas.`,
  );
  out.push(
    timeliness.averageBusinessDays === null
      ? '  Tiempo de respuesta: todavía no hay solicitudes respondidas.'
      : `  Tiempo de respuesta: ${days(timeliness.averageBusinessDays)} hábiles en promedio; mediana de ${days(timeliness.medianBusinessDays ?? 0)} hábiles (${days(timeliness.averageCalendarDays ?? 0)} calendario en promedio).`,
  );

  out.push('');
  out.push('Por tipo de solicitud');
  out.push(
    table(
      ['Tipo', 'Recibidas', 'Respondidas', 'A tiempo', 'Tarde', 'Pendientes', 'Días hábiles (promedio)'],
      report.byType
        .filter((t) => t.received > 0)
        .map((t) => [
          t.label,
          String(t.received),
          String(t.answered),
          String(t.onTime),
          String(t.late),
          String(t.pending),
          t.averageBusinessDays === null ? '-' : number(t.averageBusinessDays),
        ]),
    ),
  );
  const absent = report.byType.filter((t) => t.received === 0).map((t) => t.label);
  if (absent.length > 0) out.push(`Sin solicitudes de: ${absent.join(', ')}.`);

  section(out, 'Por canal', report.byChannel);
  section(out, 'Por dependencia', report.byDependency);
  section(
    out,
    'Por estado',
    report.byStatus.filter((s) => s.count > 0),
  );
  section(out, 'Por barrio', report.byTerritory.barrio);
  section(out, 'Por comuna', report.byTerritory.comuna);
  section(out, 'Por corregimiento', report.byTerritory.corregimiento);

  out.push('');
  const { transfers } = report;
  out.push(
    transfers.count === 0
      ? 'Traslados por competencia (Ley 1755 de 2015, art. 21): ninguno.'
      : `Traslados por competencia (Ley 1755 de 2015, art. 21): ${transfers.count}; ${transfers.late} después de los 5 días hábiles que da la ley.`,
  );

  const info = report.informationRequests;
  out.push('');
  out.push('Solicitudes de acceso a la información pública (Decreto 1081 de 2015, art. 2.1.1.6.2)');
  out.push(`  Recibidas: ${info.received}`);
  out.push(`  Trasladadas a otra entidad: ${info.transferred}`);
  out.push(`  Con acceso negado: ${info.denied}`);
  if (info.cases.length > 0) {
    out.push('  Tiempo de respuesta de cada una:');
    out.push(
      indent(
        table(
          ['Radicado', 'Radicada', 'Vence', 'Respondida', 'Días hábiles', 'Resultado'],
          info.cases.map((c) => [
            c.radicado,
            c.receivedOn,
            c.dueDate,
            c.answeredOn ?? '-',
            c.businessDaysToAnswer === null ? '-' : String(c.businessDaysToAnswer),
            c.denied ? `${c.outcomeLabel}, acceso negado` : c.outcomeLabel,
          ]),
        ),
        4,
      ),
    );
  }
  out.push('');
  out.push('El detalle de cada solicitud está en: ventanilla report pqrsd --format csv');
  return out.join('\n') + '\n';
}

function section(out: string[], title: string, counts: readonly ReportCount[]): void {
  out.push('');
  out.push(title);
  if (counts.length === 0) {
    out.push('  (sin datos)');
    return;
  }
  const labelWidth = Math.max(...counts.map((c) => c.label.length));
  const countWidth = Math.max(...counts.map((c) => String(c.count).length));
  for (const c of counts) out.push(`  ${c.label.padEnd(labelWidth)}  ${String(c.count).padStart(countWidth)}`);
}

const numberFormat = new Intl.NumberFormat('es-CO', { maximumFractionDigits: 1 });

function number(value: number): string {
  return numberFormat.format(value);
}

function days(value: number): string {
  return `${number(value)} ${value === 1 ? 'día' : 'días'}`;
}

function percent(share: number): string {
  return `${number(share * 100)} %`;
}

function yesNo(value: boolean): string {
  return value ? 'Sí' : 'No';
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
