import type { InformationRequestRow, PqrsdReport, ReportCount } from '../../cases/report/pqrsd-report.js';
import { html } from './html-escape.js';
import type { SafeHtml } from './html-escape.js';
import { printDocument } from './print-document.js';
import { formatBusinessDays, formatDateEs, formatInstantEs, formatNumber } from './print-format.js';
import { countTable, printTable, yesNo } from './print-table.js';
import { transparencyAnalysis } from './report-analysis.js';
import { summarySection } from './summary-section.js';
import { typeTable } from './type-table.js';

export interface TransparencyReportMeta {
  /** Shown as the publisher; it wins over the report's own entity name. */
  entityName: string;
  generatedAt: Date;
}

export const TRANSPARENCY_REPORT_TITLE = 'Informe de solicitudes de acceso a la información y PQRSD';

/**
 * The PQRSD report an entity publishes on its website (Ley 1712 de 2014 art. 11 literal h; Decreto 1081 de 2015
 * art. 2.1.1.6.2), as a self-contained HTML page that prints to letter-size PDF. Built only from aggregate figures and
 * radicados: the report has no requester data, and nothing here would show it if it had.
 */
export function renderTransparencyReport(report: PqrsdReport, meta: TransparencyReportMeta): string {
  const { period } = report;
  const body = html`
    <header class="report-header">
      <p class="entity">${meta.entityName}</p>
      <h1>${TRANSPARENCY_REPORT_TITLE}</h1>
      <dl class="facts">
        <dt>Periodo</dt>
        <dd>Del ${formatDateEs(period.from)} al ${formatDateEs(period.to)}</dd>
        <dt>Fecha de corte</dt>
        <dd>${formatDateEs(period.today)}</dd>
        <dt>Elaborado el</dt>
        <dd>${formatInstantEs(meta.generatedAt)}</dd>
        <dt>Fundamento</dt>
        <dd>Ley 1712 de 2014, artículo 11, literal h; Decreto 1081 de 2015, artículo 2.1.1.6.2</dd>
      </dl>
    </header>
    ${summary(report)}
    <section id="analisis">
      <h2>Análisis</h2>
      ${transparencyAnalysis(report).map((p) => html`<p>${p}</p>`)}
    </section>
    <section id="seccion-tipos">
      <h2>Solicitudes por tipo y tiempos de respuesta</h2>
      ${typeTable(report)}
      ${countTable({ id: 'por-oportunidad', caption: 'Oportunidad de la respuesta', keyLabel: 'Resultado', counts: report.byOutcome, total: report.totals.received })}
    </section>
    ${informationSection(report)}
    <section id="seccion-canales">
      <h2>Canales por los que llegaron las solicitudes</h2>
      ${countTable({ id: 'por-canal', caption: 'Solicitudes por canal', keyLabel: 'Canal', counts: report.byChannel, total: report.totals.received })}
    </section>
    ${notes(report)}
    <p class="footer">
      ${meta.entityName}. ${TRANSPARENCY_REPORT_TITLE}, del ${formatDateEs(period.from)} al ${formatDateEs(period.to)}.
    </p>
  `;
  return printDocument({
    title: `${TRANSPARENCY_REPORT_TITLE}: ${meta.entityName}, ${formatDateEs(period.from)} al ${formatDateEs(period.to)}`,
    body,
  });
}

function summary(report: PqrsdReport): SafeHtml {
  return summarySection(report);
}

function informationSection(report: PqrsdReport): SafeHtml {
  const info = report.informationRequests;
  return html`<section id="seccion-informacion">
    <h2>Solicitudes de acceso a la información pública</h2>
    <p>Decreto 1081 de 2015, artículo 2.1.1.6.2.</p>
    <ul class="figures" id="informacion-cifras">
      <li><span class="value">${formatNumber(info.received)}</span> recibidas</li>
      <li><span class="value">${formatNumber(info.transferred)}</span> trasladadas a otra entidad</li>
      <li><span class="value">${formatNumber(info.denied)}</span> con acceso negado</li>
      <li>
        <span class="value">${formatNumber(info.answered)}</span> respondidas<span class="detail"
          >${info.averageBusinessDays === null ? 'sin respuestas todavía' : `${formatBusinessDays(info.averageBusinessDays)} en promedio`}</span
        >
      </li>
    </ul>
    ${printTable<InformationRequestRow>({
      id: 'informacion-por-radicado',
      caption: 'Tiempo de respuesta de cada solicitud de información',
      columns: [
        { label: 'Radicado', cell: (r) => r.radicado },
        { label: 'Recibida', cell: (r) => formatDateEs(r.receivedOn) },
        { label: 'Vence', cell: (r) => formatDateEs(r.dueDate) },
        { label: 'Respondida', cell: (r) => (r.answeredOn === null ? 'Sin respuesta' : formatDateEs(r.answeredOn)) },
        {
          label: 'Tiempo de respuesta (días hábiles)',
          numeric: true,
          cell: (r) => (r.businessDaysToAnswer === null ? '—' : formatNumber(r.businessDaysToAnswer)),
        },
        { label: 'Resultado', cell: (r) => r.outcomeLabel },
        { label: 'Acceso negado', cell: (r) => yesNo(r.denied) },
      ],
      rows: info.cases,
      empty: 'no se recibieron solicitudes de información en este periodo.',
    })}
  </section>`;
}

function notes(report: PqrsdReport): SafeHtml {
  const transferred = findCount(report.byOutcome, 'trasladado');
  return html`<section id="nota" class="note">
    <h2>Qué incluyen estas cifras</h2>
    <ul>
      <li>
        Todas las solicitudes radicadas en el sistema de atención de la entidad entre el
        ${formatDateEs(report.period.from)} y el ${formatDateEs(report.period.to)}, por cualquier canal, según la fecha
        de radicación en Colombia.
      </li>
      <li>
        Los días hábiles se cuentan desde el día siguiente a la radicación hasta el día de la respuesta, sin sábados,
        domingos, festivos ni días de cierre de la entidad, como se cuentan los términos de la Ley 1755 de 2015.
      </li>
      <li>
        «A tiempo» es una respuesta dada a más tardar el día del vencimiento, incluida la prórroga cuando la hubo.
        «Tarde» incluye las respondidas después del vencimiento y las que a la fecha de corte siguen sin respuesta con
        el plazo vencido.
      </li>
      <li>
        El porcentaje a tiempo se calcula sobre las solicitudes ya respondidas o vencidas. Las que siguen en trámite
        dentro del plazo, las trasladadas por competencia (${formatNumber(transferred)} en este periodo) y las
        desistidas no cuentan como tardías.
      </li>
      <li>
        Las solicitudes en trámite se cuentan a la fecha de corte, ${formatDateEs(report.period.today)}; las cifras
        pueden cambiar si el informe se genera otro día.
      </li>
      <li>
        El informe no contiene datos personales de quienes presentaron las solicitudes (Ley 1581 de 2012); el radicado
        solo identifica el trámite.
      </li>
    </ul>
  </section>`;
}

function findCount(counts: readonly ReportCount[], key: string): number {
  return counts.find((c) => c.key === key)?.count ?? 0;
}
