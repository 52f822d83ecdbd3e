import { CASE_TYPES, caseTypes, type CaseType } from '../terms.js';
import type { CaseStatus } from '../service/case-status.js';

/**
 * How a case stands for timeliness:
 * - a_tiempo: answered on or before the due date;
 * - tarde: answered after it, or still unanswered after it;
 * - pendiente: unanswered and the term has not run out (or is suspended waiting for the citizen, art. 17);
 * - trasladado: sent to the competent authority (art. 21), whose term it is now;
 * - desistido: archived because the citizen did not complete the petition (art. 17), also while a reposición against
 *   it is decided;
 * - retirado: withdrawn by the citizen (art. 18);
 * - archivado: not clarified in time, or rejected as disrespectful (art. 19);
 * - sin_competencia: no authority is competent, and the citizen was told so with the reasons (art. 21).
 */
export const reportOutcomes = [
  'a_tiempo',
  'tarde',
  'pendiente',
  'trasladado',
  'desistido',
  'retirado',
  'archivado',
  'sin_competencia',
] as const;
export type ReportOutcome = (typeof reportOutcomes)[number];

export const OUTCOME_LABELS: Readonly<Record<ReportOutcome, string>> = {
  a_tiempo: 'A tiempo',
  tarde: 'Tarde',
  pendiente: 'Pendiente (en término)',
  trasladado: 'Trasladada por competencia',
  desistido: 'Desistida',
  retirado: 'Retirada por el ciudadano',
  archivado: 'Archivada sin aclarar o rechazada (art. 19)',
  sin_competencia: 'Sin autoridad competente (art. 21)',
};

/** Short labels for report tables; the citizen-facing sentences are CASE_STATUS_LABELS in case-status.ts. */
export const STATUS_LABELS: Readonly<Record<CaseStatus, string>> = {
  radicado: 'Radicada',
  en_tramite: 'En trámite',
  esperando_ciudadano: 'Esperando al ciudadano',
  trasladado: 'Trasladada',
  respondido: 'Respondida',
  cerrado: 'Cerrada',
  desistido: 'Desistida',
  en_reposicion: 'Desistida, con reposición por decidir',
  retirado: 'Retirada',
  por_aclarar: 'Devuelta para aclarar',
  archivado: 'Archivada sin aclarar',
  rechazado: 'Rechazada por irrespetuosa',
  en_insistencia: 'Negada, con insistencia por enviar al juez',
  ante_juez: 'Negada, insistencia ante el juez',
  sin_competencia: 'Sin autoridad competente (art. 21)',
};

const CHANNEL_LABELS: Readonly<Record<string, string>> = {
  web: 'Web (chat)',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  presencial: 'Presencial',
  correo: 'Correo electrónico',
  telefono: 'Teléfono',
};

/** What the report shows for a missing dependency or territory. */
export const UNASSIGNED_LABEL = 'Sin asignar';
export const NO_DATA_LABEL = 'Sin dato';

/** Spanish label of a case type; an unknown stored value is shown as stored. */
export function caseTypeLabel(type: string): string {
  return isCaseType(type) ? CASE_TYPES[type].label : type;
}

/** Spanish label of a case status; an unknown stored value is shown as stored. */
export function caseStatusLabel(status: string): string {
  return (STATUS_LABELS as Readonly<Record<string, string>>)[status] ?? status;
}

/** Spanish name of a channel; an unknown one is shown as stored. */
export function channelLabel(channel: string): string {
  return CHANNEL_LABELS[channel] ?? channel;
}

export function isCaseType(value: string): value is CaseType {
  return (caseTypes as readonly string[]).includes(value);
}
