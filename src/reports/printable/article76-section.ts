import type { Recommendation } from '../../cases/recommendations/case-recommendations.js';
import type { PqrsdReport, ReferralRow } from '../../cases/report/pqrsd-report.js';
import { html, type SafeHtml } from './html-escape.js';
import { formatDateEs, formatNumber } from './print-format.js';
import { countTable, printTable } from './print-table.js';

/**
 * What Función Pública's guidance adds to the Ley 1474 de 2011 art. 76 report beyond the counts: the recurring
 * subjects, the quejas and denuncias referred to disciplinary or control bodies, and the follow-up of Control Interno's
 * earlier recommendations.
 */
export function article76Section(report: PqrsdReport, recommendations: readonly Recommendation[]): SafeHtml {
  const { byTopic, referrals } = report.article76;
  return html`<section id="seccion-art76">
    <h2>Temas recurrentes, remisiones y seguimiento</h2>
    ${countTable({
      id: 'por-tema',
      caption: 'Temas recurrentes',
      keyLabel: 'Tema',
      counts: byTopic,
      total: report.totals.received,
    })}
    <p id="remisiones-total">
      Quejas y denuncias remitidas a organismos disciplinarios o de control: ${formatNumber(referrals.count)}.
    </p>
    ${printTable<ReferralRow>({
      id: 'remisiones',
      caption: 'Quejas y denuncias remitidas',
      columns: [
        { label: 'Radicado', cell: (r) => r.radicado },
        { label: 'Tipo', cell: (r) => r.typeLabel },
        { label: 'Remitida a', cell: (r) => r.body },
        { label: 'Fecha', cell: (r) => formatDateEs(r.referredOn) },
      ],
      rows: referrals.cases,
      empty: 'ninguna.',
    })}
    ${printTable<Recommendation>({
      id: 'seguimiento-recomendaciones',
      caption: 'Seguimiento de recomendaciones anteriores',
      columns: [
        { label: 'Semestre', cell: (r) => r.period },
        { label: 'Recomendación', cell: (r) => r.text },
        { label: 'Estado', cell: (r) => r.statusLabel },
      ],
      rows: recommendations,
      empty: 'no hay recomendaciones anteriores registradas.',
    })}
  </section>`;
}
