import type { PqrsdReport, ReportCaseRow } from '../../cases/report/pqrsd-report.js';
import type { Recommendation } from '../../cases/recommendations/case-recommendations.js';
import type { SatisfactionReport, SurveyGroupRow } from '../report-types.js';
import { article76Section } from './article76-section.js';
import { dependencyTimeliness } from './dependency-timeliness.js';
import type { DependencyTimeliness } from './dependency-timeliness.js';
import { html } from './html-escape.js';
import type { SafeHtml } from './html-escape.js';
import { printDocument } from './print-document.js';
import { formatDateEs, formatInstantEs, formatNumber, formatPercent, plural } from './print-format.js';
import { countTable, printTable } from './print-table.js';
import { semester as semesterOfYear, semesterLabel } from './semester.js';
import { semesterFindings } from './semester-findings.js';
import { summarySection } from './summary-section.js';
import { typeTable } from './type-table.js';

export interface SemesterReportInput {
  /** Built for the semester's dates (or part of them, for a report before the semester ends). */
  report: PqrsdReport;
  /** Satisfaction figures of the same period; the section is left out when absent. */
  satisfaction?: SatisfactionReport;
  semester: { year: number; half: 1 | 2 };
  /** Control Interno's earlier recommendations and their status, followed up in this report. */
  recommendations?: readonly Recommendation[];
  entityName: string;
  generatedAt: Date;
}

export const SEMESTER_REPORT_TITLE = 'Informe semestral de PQRSD';

/** Blank ruled lines Control Interno fills in by hand on the printed copy. */
const OBSERVATION_LINES = 12;

/**
 * Control Interno's semester report on the PQRSD office to the entity's head (Ley 1474 de 2011 art. 76), as a
 * self-contained HTML page that prints to letter-size PDF, with blank space for the observations and the signatures.
 * @throws RangeError (Spanish) when the report covers dates outside the semester, since its figures would then be
 *   presented under the wrong period.
 */
export function renderSemesterReport(input: SemesterReportInput): string {
  const { report, satisfaction, entityName } = input;
  const semester = semesterOfYear(input.semester.year, input.semester.half);
  const { period } = report;
  if (period.from < semester.from || period.to > semester.to) {
    throw new RangeError(
      `El informe va del ${formatDateEs(period.from)} al ${formatDateEs(period.to)}, fuera del ${semesterLabel(semester)} (${formatDateEs(semester.from)} al ${formatDateEs(semester.to)}).`,
    );
  }
  const partial = period.from !== semester.from || period.to !== semester.to;
  const label = semesterLabel(semester);
  const body = html`
    <header class="report-header">
      <p class="entity">${entityName}</p>
      <h1>${SEMESTER_REPORT_TITLE}: ${capitalize(label)}</h1>
      <dl class="facts">
        <dt>Periodo</dt>
        <dd>
          Del ${formatDateEs(semester.from)} al
          ${formatDateEs(semester.to)}${partial ? html`. <strong>Informe parcial:</strong> incluye las solicitudes radicadas del ${formatDateEs(period.from)} al ${formatDateEs(period.to)}` : ''}
        </dd>
        <dt>Fecha de corte</dt>
        <dd>${formatDateEs(period.today)}</dd>
        <dt>Elaborado el</dt>
        <dd>${formatInstantEs(input.generatedAt)}</dd>
        <dt>Presenta</dt>
        <dd>Oficina de Control Interno</dd>
        <dt>Dirigido a</dt>
        <dd>Representante legal de la entidad</dd>
        <dt>Fundamento</dt>
        <dd>Ley 1474 de 2011, artículo 76</dd>
      </dl>
    </header>
    ${summary(report)}
    <section id="hallazgos">
      <h2>Hallazgos</h2>
      <p class="note">Escritos automáticamente a partir de las cifras de este informe.</p>
      <ul class="findings">
        ${semesterFindings(report, satisfaction).map((f) => html`<li>${f}</li>`)}
      </ul>
    </section>
    <section id="seccion-recibidas">
      <h2>Solicitudes recibidas</h2>
      ${typeTable(report)}
      <div class="columns">
        ${countTable({ id: 'por-canal', caption: 'Por canal', keyLabel: 'Canal', counts: report.byChannel, total: report.totals.received })}
        ${countTable({ id: 'por-dependencia', caption: 'Por dependencia', keyLabel: 'Dependencia', counts: report.byDependency, total: report.totals.received })}
      </div>
      <h3>Por territorio</h3>
      <div class="columns">
        ${countTable({ id: 'por-barrio', caption: 'Por barrio', keyLabel: 'Barrio', counts: report.byTerritory.barrio, total: report.totals.received })}
        ${countTable({ id: 'por-comuna', caption: 'Por comuna', keyLabel: 'Comuna', counts: report.byTerritory.comuna, total: report.totals.received })}
        ${countTable({ id: 'por-corregimiento', caption: 'Por corregimiento', keyLabel: 'Corregimiento', counts: report.byTerritory.corregimiento, total: report.totals.received })}
      </div>
    </section>
    <section id="seccion-oportunidad">
      <h2>Oportunidad de las respuestas</h2>
      ${countTable({ id: 'por-oportunidad', caption: 'Resultado de cada solicitud a la fecha de corte', keyLabel: 'Resultado', counts: report.byOutcome, total: report.totals.received })}
      ${dependencyTable(dependencyTimeliness(report))}
    </section>
    ${handlingSection(report)} ${openSection(report)} ${article76Section(report, input.recommendations ?? [])}
    ${
      satisfaction
        ? satisfactionSection(satisfaction)
        : html`<section id="seccion-satisfaccion">
            <h2>Satisfacción de los ciudadanos</h2>
            <p>Este informe no incluye la medición de satisfacción.</p>
          </section>`
    }
    <section id="observaciones" class="closing">
      <h2>Observaciones y recomendaciones de Control Interno</h2>
      <div class="blank-lines">${Array.from({ length: OBSERVATION_LINES }, () => html`<div class="line"></div>`)}</div>
    </section>
    <section id="firmas" class="signatures">
      ${signature('Jefe de la Oficina de Control Interno', 'Elaboró')}
      ${signature('Representante legal de la entidad', 'Recibió')}
    </section>
    <p class="footer">
      ${entityName}. ${SEMESTER_REPORT_TITLE}, ${label}. Las cifras se calcularon con las solicitudes registradas en el
      sistema de atención a la fecha de corte; las trasladadas por competencia, las desistidas y las que siguen en
      trámite dentro del plazo no cuentan como tardías.
    </p>
  `;
  return printDocument({ title: `${SEMESTER_REPORT_TITLE}: ${entityName}, ${label}`, body });
}

function summary(report: PqrsdReport): SafeHtml {
  const { timeliness } = report;
  return summarySection(
    report,
    html`<li>
      <span class="value">${formatNumber(openRows(report).length)}</span> abiertas a la fecha de corte<span
        class="detail"
        >${plural(timeliness.overdueUnanswered, 'vencida', 'vencidas')}</span
      >
    </li>`,
  );
}

function dependencyTable(rows: readonly DependencyTimeliness[]): SafeHtml {
  return printTable<DependencyTimeliness>({
    id: 'oportunidad-por-dependencia',
    caption: 'Oportunidad por dependencia',
    columns: [
      { label: 'Dependencia', cell: (r) => r.dependency },
      { label: 'Recibidas', numeric: true, cell: (r) => formatNumber(r.received) },
      { label: 'A tiempo', numeric: true, cell: (r) => formatNumber(r.onTime) },
      { label: 'Tarde', numeric: true, cell: (r) => formatNumber(r.late) },
      { label: 'En trámite en término', numeric: true, cell: (r) => formatNumber(r.pending) },
      {
        label: 'Tiempo promedio de respuesta (días hábiles)',
        numeric: true,
        cell: (r) => (r.averageBusinessDays === null ? '—' : formatNumber(r.averageBusinessDays)),
      },
    ],
    rows,
    empty: 'no se recibieron solicitudes en este periodo.',
  });
}

function handlingSection(report: PqrsdReport): SafeHtml {
  const { totals, transfers, informationRequests: info } = report;
  return html`<section id="seccion-tramite">
    <h2>Prórrogas, traslados e información negada</h2>
    <dl class="facts" id="tramite-cifras">
      <dt>Solicitudes con prórroga</dt>
      <dd>${formatNumber(totals.extended)}</dd>
      <dt>Traslados por competencia</dt>
      <dd>
        ${formatNumber(transfers.count)}: ${formatNumber(transfers.onTime)} a tiempo y ${formatNumber(transfers.late)}
        después de los 5 días hábiles (Ley 1755 de 2015, art. 21)
      </dd>
      <dt>Solicitudes con información negada</dt>
      <dd>${formatNumber(totals.denied)}</dd>
      <dt>Solicitudes de acceso a la información</dt>
      <dd>
        ${formatNumber(info.received)} recibidas, ${formatNumber(info.transferred)} trasladadas a otra entidad,
        ${formatNumber(info.denied)} con acceso negado
      </dd>
    </dl>
  </section>`;
}

/** Unanswered cases whose term is still running or already past: what the entity still owes at the cut date. */
function openRows(report: PqrsdReport): ReportCaseRow[] {
  return report.cases.filter((c) => c.answeredOn === null && (c.outcome === 'pendiente' || c.outcome === 'tarde'));
}

function openSection(report: PqrsdReport): SafeHtml {
  const open = openRows(report);
  const overdue = open.filter((c) => c.outcome === 'tarde');
  return html`<section id="seccion-abiertas">
    <h2>Solicitudes abiertas a la fecha de corte</h2>
    <p>
      A ${formatDateEs(report.period.today)}
      ${open.length === 1 ? 'sigue abierta 1 solicitud' : `siguen abiertas ${formatNumber(open.length)} solicitudes`}
      del periodo; ${overdue.length === 1 ? '1 tiene' : `${formatNumber(overdue.length)} tienen`} el plazo vencido.
    </p>
    ${printTable<ReportCaseRow>({
      id: 'abiertas-vencidas',
      caption: 'Solicitudes vencidas sin respuesta',
      columns: [
        { label: 'Radicado', cell: (r) => r.radicado },
        { label: 'Tipo', cell: (r) => r.typeLabel },
        { label: 'Dependencia', cell: (r) => r.dependency ?? 'Sin asignar' },
        { label: 'Recibida', cell: (r) => formatDateEs(r.receivedOn) },
        { label: 'Venció', cell: (r) => formatDateEs(r.dueDate) },
      ],
      rows: overdue,
      empty: 'ninguna.',
    })}
  </section>`;
}

function satisfactionSection(s: SatisfactionReport): SafeHtml {
  const { csat, runs } = s;
  return html`<section id="seccion-satisfaccion">
    <h2>Satisfacción de los ciudadanos</h2>
    <p>
      Encuestas enviadas del ${formatDateEs(s.period.from)} al ${formatDateEs(s.period.to)}. Se cuenta como satisfecha
      una respuesta de 4 o 5 a la pregunta de satisfacción (escala de 1 a 5).
    </p>
    <ul class="figures" id="satisfaccion-cifras">
      <li>
        <span class="value">${csat.share === null ? '—' : formatPercent(csat.share)}</span> satisfechos<span
          class="detail"
          >${formatNumber(csat.satisfied)} de ${formatNumber(csat.responses)} respuestas</span
        >
      </li>
      <li>
        <span class="value">${csat.averageScore === null ? '—' : formatNumber(csat.averageScore)}</span> calificación
        promedio (1 a 5)
      </li>
      <li>
        <span class="value">${runs.responseRate === null ? '—' : formatPercent(runs.responseRate)}</span> tasa de
        respuesta<span class="detail"
          >${formatNumber(runs.answered)} de ${formatNumber(runs.sent)} encuestas enviadas</span
        >
      </li>
    </ul>
    ${printTable<SurveyGroupRow>({
      id: 'satisfaccion-por-canal',
      caption: 'Satisfacción por canal',
      columns: [
        { label: 'Canal', cell: (r) => r.label },
        { label: 'Enviadas', numeric: true, cell: (r) => formatNumber(r.sent) },
        { label: 'Respondidas', numeric: true, cell: (r) => formatNumber(r.answered) },
        { label: 'Satisfechos', numeric: true, cell: (r) => (r.csatShare === null ? '—' : formatPercent(r.csatShare)) },
      ],
      rows: s.byChannel,
      empty: 'no se enviaron encuestas en este periodo.',
    })}
  </section>`;
}

function signature(role: string, action: string): SafeHtml {
  return html`<div class="signature">
    <div class="line">
      <p><strong>${action}:</strong> ${role}</p>
    </div>
    <p>Nombre: ______________________________</p>
    <p>Fecha: _______________________________</p>
  </div>`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
