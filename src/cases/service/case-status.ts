/**
 * The legal states of a petition (docs/cases.md has the diagram and the article of each); the legal clock has its own
 * status. Which steps each state allows is in case-transitions.ts.
 */
export const caseStatuses = [
  'radicado',
  'en_tramite',
  'esperando_ciudadano',
  'trasladado',
  'respondido',
  'cerrado',
  'desistido',
  'en_reposicion',
  'retirado',
  'por_aclarar',
  'archivado',
  'rechazado',
  'en_insistencia',
  'ante_juez',
  'sin_competencia',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/** Plain-language labels: citizens read these in the chat, officials in the console. */
export const CASE_STATUS_LABELS: Readonly<Record<CaseStatus, string>> = {
  radicado: 'Radicado, pendiente de asignar a una dependencia',
  en_tramite: 'En trámite',
  esperando_ciudadano: 'Esperando que usted complete la información',
  trasladado: 'Trasladado a la entidad competente',
  respondido: 'Respondido',
  cerrado: 'Cerrado',
  desistido: 'Archivado porque no se completó la información a tiempo (desistimiento)',
  en_reposicion: 'Recurso de reposición contra el archivo, por decidir',
  retirado: 'Retirado por el ciudadano',
  por_aclarar: 'Devuelto para que usted aclare qué pide',
  archivado: 'Archivado porque no se aclaró a tiempo',
  rechazado: 'Rechazado por irrespetuoso',
  en_insistencia: 'Usted insistió en la información negada: la enviamos al juez administrativo',
  ante_juez: 'En el juez administrativo, que decide si la información es reservada',
  sin_competencia: 'Cerrado: ninguna autoridad es competente para lo que pide; le explicamos por qué',
};

/** Statuses in which the entity still owes an answer and the term runs (or is suspended). */
export const OPEN_STATUSES: readonly CaseStatus[] = ['radicado', 'en_tramite', 'esperando_ciudadano', 'por_aclarar'];

export function isCaseStatus(value: string): value is CaseStatus {
  return (caseStatuses as readonly string[]).includes(value);
}
