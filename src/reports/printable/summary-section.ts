import type { PqrsdReport } from '../../cases/report/pqrsd-report.js';
import { html } from './html-escape.js';
import type { SafeHtml } from './html-escape.js';
import { formatNumber, formatPercent } from './print-format.js';

/** The figures both legal reports open with (received, answered, on time, average days), plus each page's own. */
export function summarySection(report: PqrsdReport, extra: SafeHtml | null = null): SafeHtml {
  const { totals, timeliness } = report;
  const judged = timeliness.onTime + timeliness.late;
  return html`<section id="resumen">
    <h2>Resumen</h2>
    <ul class="figures">
      <li><span class="value">${formatNumber(totals.received)}</span> solicitudes recibidas</li>
      <li><span class="value">${formatNumber(totals.answered)}</span> respondidas</li>
      <li>
        <span class="value">${timeliness.onTimeShare === null ? '—' : formatPercent(timeliness.onTimeShare)}</span>
        respondidas a tiempo<span class="detail"
          >${judged === 0 ? 'ninguna respondida ni vencida' : `${formatNumber(timeliness.onTime)} de ${formatNumber(judged)} respondidas o vencidas`}</span
        >
      </li>
      <li>
        <span class="value"
          >${timeliness.averageBusinessDays === null ? '—' : formatNumber(timeliness.averageBusinessDays)}</span
        >
        días hábiles en promedio para responder
      </li>
      ${extra}
    </ul>
  </section>`;
}
