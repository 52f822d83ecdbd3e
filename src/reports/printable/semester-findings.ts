import type { PqrsdReport } from '../../cases/report/pqrsd-report.js';
import { UNASSIGNED_LABEL } from '../../cases/report/pqrsd-report.js';
import type { SatisfactionReport } from '../report-types.js';
import { dependencyTimeliness } from './dependency-timeliness.js';
import { formatNumber, formatPercent, joinEs, plural } from './print-format.js';
import { agree, timelinessSentence, typePluralWithArticle } from './report-analysis.js';
import { legalTermDays } from './type-table.js';

/**
 * The automatic "hallazgos" of the semester report: plain sentences drawn from the figures, pointing Control Interno
 * at what needs attention (late answers and where they happen, terms exceeded, overdue cases, late transfers).
 * They state facts only; the judgement is left to Control Interno's observations.
 */
export function semesterFindings(report: PqrsdReport, satisfaction?: SatisfactionReport): string[] {
  const { totals, timeliness, transfers } = report;
  if (totals.received === 0) return ['No se recibieron solicitudes en el semestre.'];
  const out: string[] = [timelinessSentence(report)];

  if (timeliness.late > 0) {
    const byDependency = dependencyTimeliness(report);
    const most = Math.max(...byDependency.map((d) => d.late));
    const top = byDependency.filter((d) => d.late === most).map((d) => d.dependency);
    out.push(
      top.length === 1
        ? `La dependencia con más respuestas tardías fue ${top[0] ?? ''}: ${formatNumber(most)} de ${timeliness.late === 1 ? 'la tardía' : `las ${formatNumber(timeliness.late)} tardías`}.`
        : `Las dependencias con más respuestas tardías fueron ${joinEs(top)}, con ${formatNumber(most)} cada una (de ${formatNumber(timeliness.late)} tardías en total).`,
    );
  } else if (timeliness.onTimeShare !== null) {
    out.push('No hubo respuestas tardías ni solicitudes vencidas sin respuesta en el semestre.');
  }

  for (const type of report.byType) {
    const term = legalTermDays(type.type);
    if (term === null || type.averageBusinessDays === null || type.averageBusinessDays <= term) continue;
    out.push(
      `${typePluralWithArticle(type)} tardaron en promedio ${plural(type.averageBusinessDays, 'día hábil', 'días hábiles')} en responderse, más que el término legal de ${formatNumber(term)}.`,
    );
  }

  if (timeliness.overdueUnanswered > 0) {
    out.push(
      `${plural(timeliness.overdueUnanswered, 'solicitud sigue', 'solicitudes siguen')} sin respuesta con el plazo vencido a la fecha de corte (ver «Solicitudes abiertas a la fecha de corte»).`,
    );
  }
  if (transfers.late > 0) {
    out.push(
      `${formatNumber(transfers.late)} de ${transfers.count === 1 ? 'el único traslado' : `los ${formatNumber(transfers.count)} traslados`} por competencia se ${agree(transfers.late, 'hizo', 'hicieron')} después de los 5 días hábiles que da la Ley 1755 de 2015 (art. 21).`,
    );
  }
  if (totals.denied > 0) {
    out.push(`Se negó el acceso a la información en ${plural(totals.denied, 'solicitud', 'solicitudes')}.`);
  }
  const unassigned = report.byDependency.find((d) => d.key === UNASSIGNED_LABEL)?.count ?? 0;
  if (unassigned > 0) {
    out.push(`${plural(unassigned, 'solicitud no tiene', 'solicitudes no tienen')} dependencia asignada.`);
  }
  if (satisfaction && satisfaction.csat.share !== null) {
    const { csat, runs } = satisfaction;
    out.push(
      `El ${formatPercent(csat.share ?? 0)} de las respuestas a la pregunta de satisfacción fueron 4 o 5 (${formatNumber(csat.satisfied)} de ${formatNumber(csat.responses)})${runs.responseRate === null ? '' : `; respondió la encuesta el ${formatPercent(runs.responseRate)} de las personas a quienes se envió`}.`,
    );
  }
  return out;
}
