import type { PqrsdReport, TypeBreakdown } from '../../cases/report/pqrsd-report.js';
import { formatDateEs, formatNumber, formatPercent, joinEs, plural } from './print-format.js';

/** Plural Spanish names of the case types, for sentences ("3 quejas"); an unknown type keeps its label. */
const TYPE_PLURALS: Readonly<Record<string, readonly [string, string]>> = {
  peticion: ['petición', 'peticiones'],
  queja: ['queja', 'quejas'],
  reclamo: ['reclamo', 'reclamos'],
  sugerencia: ['sugerencia', 'sugerencias'],
  denuncia: ['denuncia', 'denuncias'],
  solicitud_informacion: ['solicitud de información o documentos', 'solicitudes de información o documentos'],
  consulta: ['consulta', 'consultas'],
  felicitacion: ['felicitación', 'felicitaciones'],
  informacion_autoridad: ['solicitud de otra autoridad', 'solicitudes de otras autoridades'],
  habeas_data_consulta: ['consulta de datos personales', 'consultas de datos personales'],
  habeas_data_reclamo: ['reclamo sobre datos personales', 'reclamos sobre datos personales'],
};

/** "3 quejas", "1 sugerencia". */
export function typeCount(type: Pick<TypeBreakdown, 'type' | 'label'>, count: number): string {
  const names = TYPE_PLURALS[type.type];
  return names ? plural(count, names[0], names[1]) : `${formatNumber(count)} de tipo «${type.label}»`;
}

/** Plural name of a type with its article, to start a sentence: "Las quejas", "Los reclamos". */
export function typePluralWithArticle(type: Pick<TypeBreakdown, 'type' | 'label'>): string {
  const names = TYPE_PLURALS[type.type];
  if (!names) return `Las solicitudes de tipo «${type.label}»`;
  return `${type.type === 'reclamo' ? 'Los' : 'Las'} ${names[1]}`;
}

/** Singular or plural form of a verb phrase after a count. */
export function agree(count: number, singular: string, pluralForm: string): string {
  return count === 1 ? singular : pluralForm;
}

/**
 * The short analysis of the transparency report (Decreto 1081 de 2015 art. 2.1.1.6.2), written from the figures so
 * it always matches the tables: what came in, how much was answered on time, how long answers took, and the
 * information-request items.
 */
export function transparencyAnalysis(report: PqrsdReport): string[] {
  const { totals, timeliness, period } = report;
  const range = `Entre el ${formatDateEs(period.from)} y el ${formatDateEs(period.to)}`;
  if (totals.received === 0) return [`${range} no se recibieron solicitudes.`];

  const out: string[] = [];
  const kinds = report.byType.filter((t) => t.received > 0).map((t) => typeCount(t, t.received));
  out.push(
    `${range} se ${agree(totals.received, 'recibió', 'recibieron')} ${plural(totals.received, 'solicitud', 'solicitudes')}: ${joinEs(kinds)}.`,
  );
  out.push(timelinessSentence(report));
  if (timeliness.averageBusinessDays !== null) {
    out.push(
      `En promedio, cada respuesta tomó ${plural(timeliness.averageBusinessDays, 'día hábil', 'días hábiles')}; la mitad de las respuestas se dio en ${plural(timeliness.medianBusinessDays ?? 0, 'día hábil', 'días hábiles')} o menos.`,
    );
  }
  const pending = countOutcome(report, 'pendiente');
  if (pending > 0) {
    out.push(
      `${plural(pending, 'solicitud sigue', 'solicitudes siguen')} en trámite dentro del plazo a la fecha de corte (${formatDateEs(period.today)}).`,
    );
  }
  if (report.transfers.count > 0) {
    out.push(
      `${plural(report.transfers.count, 'solicitud se trasladó', 'solicitudes se trasladaron')} a la entidad competente porque el asunto no era de competencia de esta entidad.`,
    );
  }
  out.push(informationSentence(report));
  return out;
}

/** "Se respondieron a tiempo 5 de las 9 solicitudes … (55,6 %)." */
export function timelinessSentence(report: PqrsdReport): string {
  const { onTime, late, lateAnswered, overdueUnanswered, onTimeShare } = report.timeliness;
  if (onTimeShare === null) {
    return 'Todavía no hay solicitudes respondidas ni con el plazo vencido, así que no se puede medir la oportunidad.';
  }
  const judged = onTime + late;
  let sentence = `Se ${agree(onTime, 'respondió', 'respondieron')} a tiempo ${formatNumber(onTime)} de ${judged === 1 ? 'la única solicitud' : `las ${formatNumber(judged)} solicitudes`} que ya se respondieron o cuyo plazo venció (${formatPercent(onTimeShare)}).`;
  if (late > 0) {
    const parts: string[] = [];
    if (lateAnswered > 0) {
      parts.push(
        `${formatNumber(lateAnswered)} se ${agree(lateAnswered, 'respondió', 'respondieron')} después del vencimiento`,
      );
    }
    if (overdueUnanswered > 0) {
      parts.push(
        `${formatNumber(overdueUnanswered)} ${agree(overdueUnanswered, 'sigue', 'siguen')} sin respuesta con el plazo vencido`,
      );
    }
    sentence += ` De ${late === 1 ? 'la tardía' : `las ${formatNumber(late)} tardías`}, ${joinEs(parts)}.`;
  }
  return sentence;
}

function informationSentence(report: PqrsdReport): string {
  const info = report.informationRequests;
  if (info.received === 0) return 'No se recibieron solicitudes de acceso a la información pública.';
  const parts = [`${formatNumber(info.answered)} ${agree(info.answered, 'se respondió', 'se respondieron')}`];
  if (info.transferred > 0) {
    parts.push(
      `${formatNumber(info.transferred)} ${agree(info.transferred, 'se trasladó', 'se trasladaron')} a otra entidad`,
    );
  }
  parts.push(
    info.denied === 0
      ? 'en ninguna se negó el acceso'
      : `en ${formatNumber(info.denied)} se negó el acceso a la información`,
  );
  return `De ${info.received === 1 ? 'la única solicitud' : `las ${formatNumber(info.received)} solicitudes`} de acceso a la información pública, ${joinEs(parts)}.`;
}

function countOutcome(report: PqrsdReport, key: string): number {
  return report.byOutcome.find((o) => o.key === key)?.count ?? 0;
}
