import { channelLabel } from '../cases/report/pqrsd-report.js';
import { CASE_CSV_HEADER } from '../cases/report/report-formats.js';
import type { PqrsdReport, ReportCount } from '../cases/report/pqrsd-report.js';
import { round } from './report-math.js';
import type {
  CountRow,
  DurationStats,
  ReportTable,
  SatisfactionReport,
  ServiceReport,
  SurveyGroupRow,
} from './report-types.js';

/**
 * The reports as tables: what the dashboard lists, what each CSV download holds and what `--format csv` prints.
 * Conventions, so a column means the same everywhere: shares are percentages with one decimal (66.7, not 0.667);
 * durations come twice, whole seconds and minutes with one decimal; yes/no is "Sí"/"No"; a figure that cannot be
 * computed (nothing to divide by) is an empty cell.
 */

type Cell = string | number | null;

/** 0.6667 → 66.7; null stays null. */
export function percentCell(value: number | null): number | null {
  return value === null ? null : round(value * 100, 1);
}

function minutes(seconds: number | null): number | null {
  return seconds === null ? null : round(seconds / 60, 1);
}

function yesNo(value: boolean): string {
  return value ? 'Sí' : 'No';
}

function columns(...labels: [key: string, label: string][]): ReportTable['columns'] {
  return labels.map(([key, label]) => ({ key, label }));
}

/** Count, and its share of the table's total (the denominator is the sum of the rows). */
function countTable(id: string, title: string, first: string, rows: readonly (CountRow | ReportCount)[]): ReportTable {
  const total = rows.reduce((n, r) => n + r.count, 0);
  return {
    id,
    title,
    columns: columns(['label', first], ['count', 'Cantidad'], ['percent', 'Porcentaje (%)']),
    rows: rows.map((r) => [r.label, r.count, total === 0 ? null : percentCell(r.count / total)]),
  };
}

function indicatorTable(id: string, title: string, rows: [string, Cell][]): ReportTable {
  return { id, title, columns: columns(['indicator', 'Indicador'], ['value', 'Valor']), rows };
}

function durationRow(label: string, d: DurationStats): Cell[] {
  return [label, d.count, d.medianSeconds, minutes(d.medianSeconds), d.p90Seconds, minutes(d.p90Seconds)];
}

/** Counters and phone: only when the report was read with them (loadServiceReport), so older callers keep their tables. */
function counterTables(r: ServiceReport): ReportTable[] {
  const c = r.counterAndPhone;
  if (!c) return [];
  return [
    indicatorTable('ventanilla-telefono-resumen', 'Atención en ventanilla y por teléfono', [
      ['Ciudadanos atendidos', c.total],
      ['Atenciones sin petición (registradas por funcionarios)', c.contacts],
      ['Peticiones radicadas en ventanilla o por teléfono', c.petitions],
    ]),
    countTable(
      'ventanilla-telefono-por-canal',
      'Atención en ventanilla y por teléfono, por canal',
      'Canal',
      c.byChannel,
    ),
    countTable(
      'ventanilla-telefono-por-oficina',
      'Atención en ventanilla y por teléfono, por oficina',
      'Oficina',
      c.byOffice,
    ),
    countTable('ventanilla-telefono-por-tema', 'Atenciones sin petición, por tema', 'Tema', c.byTopic),
  ];
}

export function serviceTables(r: ServiceReport): ReportTable[] {
  const c = r.conversations;
  const h = r.handoffs;
  return [
    indicatorTable('conversaciones-resumen', 'Conversaciones iniciadas por ciudadanos', [
      ['Conversaciones', c.total],
      ['Resueltas solo con el bot', c.botOnly],
      ['Con solicitud de asesor', c.withHandoff],
      ['Resueltas solo con el bot (%)', percentCell(c.botResolvedShare)],
      ['Pasaron a un asesor (%)', percentCell(c.handoffRate)],
    ]),
    countTable('conversaciones-por-canal', 'Conversaciones por canal', 'Canal', c.byChannel),
    indicatorTable('solicitudes-de-asesor', 'Solicitudes de atención por un asesor', [
      ['Solicitudes', h.requested],
      ['Atendidas por un asesor', h.attended],
      ['El ciudadano se fue de la fila', h.abandoned],
      ['Esperando en la fila', h.waiting],
      ['Cerradas sin asesor (fuera de horario)', h.closedUnattended],
      ['Atendidas (%)', percentCell(h.requested === 0 ? null : h.attended / h.requested)],
      ['Abandonadas (%)', percentCell(h.requested === 0 ? null : h.abandoned / h.requested)],
    ]),
    countTable('solicitudes-por-area', 'Solicitudes de asesor por área', 'Área', h.byArea),
    countTable('solicitudes-por-canal', 'Solicitudes de asesor por canal', 'Canal', h.byChannel),
    {
      id: 'tiempos-de-espera',
      title: 'Tiempos de espera (mediana y percentil 90)',
      columns: columns(
        ['measure', 'Medida'],
        ['count', 'Casos'],
        ['medianSeconds', 'Mediana (segundos)'],
        ['medianMinutes', 'Mediana (minutos)'],
        ['p90Seconds', 'Percentil 90 (segundos)'],
        ['p90Minutes', 'Percentil 90 (minutos)'],
      ),
      rows: [
        durationRow('Espera hasta que un asesor toma la conversación', h.waitToAgent),
        durationRow('Espera hasta la primera respuesta del asesor', h.firstResponse),
      ],
    },
    ...counterTables(r),
    {
      id: 'preguntas-sin-respuesta',
      title: 'Preguntas sin respuesta',
      columns: columns(
        ['question', 'Pregunta'],
        ['count', 'Veces'],
        ['reason', 'Motivo'],
        ['entryKey', 'Respuesta mostrada'],
        ['lastAskedOn', 'Última vez'],
        ['resolved', 'Revisada'],
      ),
      rows: r.unanswered.items.map((u) => [
        u.question,
        u.count,
        u.reasonLabel,
        u.entryKey,
        u.lastAskedOn,
        yesNo(u.resolved),
      ]),
    },
  ];
}

function groupTable(id: string, title: string, first: string, rows: readonly SurveyGroupRow[]): ReportTable {
  return {
    id,
    title,
    columns: columns(
      ['label', first],
      ['sent', 'Enviadas'],
      ['answered', 'Respondidas'],
      ['responseRate', 'Tasa de respuesta (%)'],
      ['csatResponses', 'Respuestas de satisfacción'],
      ['csat', 'Satisfacción CSAT (%)'],
    ),
    rows: rows.map((g) => [
      g.label,
      g.sent,
      g.answered,
      percentCell(g.sent === 0 ? null : g.answered / g.sent),
      g.csatResponses,
      percentCell(g.csatShare),
    ]),
  };
}

export function satisfactionTables(r: SatisfactionReport): ReportTable[] {
  return [
    indicatorTable('encuestas-resumen', 'Encuestas de satisfacción', [
      ['Enviadas', r.runs.sent],
      ['Respondidas', r.runs.answered],
      ['Omitidas', r.runs.skipped],
      ['Vencidas sin terminar', r.runs.expired],
      ['Esperando respuesta', r.runs.pending],
      ['Tasa de respuesta (%)', percentCell(r.runs.responseRate)],
      ['Respuestas a la pregunta de satisfacción', r.csat.responses],
      ['Satisfechos (4 o 5)', r.csat.satisfied],
      ['Satisfacción CSAT (%)', percentCell(r.csat.share)],
      ['Puntaje promedio de satisfacción (1 a 5)', r.csat.averageScore],
    ]),
    groupTable('encuestas-por-momento', 'Encuestas por momento de envío', 'Momento', r.byTrigger),
    groupTable('encuestas-por-canal', 'Encuestas por canal', 'Canal', r.byChannel),
    groupTable('encuestas-por-oficina', 'Encuestas por oficina o ventanilla (código QR)', 'Oficina', r.byOffice),
    groupTable('encuestas-por-asesor', 'Encuestas por asesor (cierre por un asesor)', 'Asesor', r.byAgent),
    {
      id: 'csat-por-pregunta',
      title: 'Resultados por pregunta',
      columns: columns(
        ['survey', 'Encuesta'],
        ['question', 'Pregunta'],
        ['type', 'Tipo'],
        ['isCsat', 'Pregunta de satisfacción (CSAT)'],
        ['responses', 'Respuestas'],
        ['averageScore', 'Puntaje promedio'],
        ['satisfied', 'Respuestas 4 o 5 (%)'],
      ),
      rows: r.questions.map((q) => [
        q.surveyTitle,
        q.text,
        QUESTION_TYPE_LABELS[q.type] ?? q.type,
        yesNo(q.isCsat),
        q.responses,
        q.averageScore,
        q.type === 'escala' ? percentCell(topTwoShare(q.distribution)) : null,
      ]),
    },
    {
      id: 'respuestas-por-opcion',
      title: 'Respuestas por opción',
      columns: columns(
        ['survey', 'Encuesta'],
        ['question', 'Pregunta'],
        ['answer', 'Respuesta'],
        ['count', 'Cantidad'],
        ['percent', 'Porcentaje (%)'],
      ),
      rows: r.questions.flatMap((q) =>
        q.distribution.map((d) => [
          q.surveyTitle,
          q.text,
          d.label,
          d.count,
          percentCell(q.responses === 0 ? null : d.count / q.responses),
        ]),
      ),
    },
    {
      id: 'comentarios',
      title: 'Comentarios de los ciudadanos',
      columns: columns(['answeredAt', 'Fecha'], ['survey', 'Encuesta'], ['channel', 'Canal'], ['text', 'Comentario']),
      rows: r.comments.map((c) => [c.answeredAt, c.surveyTitle, channelLabel(c.channel), c.text]),
    },
  ];
}

const QUESTION_TYPE_LABELS: Readonly<Record<string, string>> = {
  escala: 'Escala de 1 a 5',
  si_no: 'Sí o no',
  opciones: 'Opciones',
  texto: 'Comentario',
};

function topTwoShare(distribution: readonly CountRow[]): number | null {
  const total = distribution.reduce((n, d) => n + d.count, 0);
  const top = distribution.filter((d) => d.key === '4' || d.key === '5').reduce((n, d) => n + d.count, 0);
  return total === 0 ? null : top / total;
}

export function pqrsdTables(r: PqrsdReport): ReportTable[] {
  const t = r.timeliness;
  const info = r.informationRequests;
  const territory = (kind: string, rows: readonly ReportCount[]) => rows.map((x): Cell[] => [kind, x.label, x.count]);
  return [
    indicatorTable('pqrsd-resumen', 'Resumen de PQRSD', [
      ['Recibidas', r.totals.received],
      ['Respondidas', r.totals.answered],
      ['Sin respuesta', r.totals.unanswered],
      ['Con prórroga', r.totals.extended],
      ['Con acceso a la información negado', r.totals.denied],
      ['A tiempo', t.onTime],
      ['Tarde', t.late],
      ['Respondidas después del vencimiento', t.lateAnswered],
      ['Vencidas sin respuesta', t.overdueUnanswered],
      ['A tiempo (%)', percentCell(t.onTimeShare)],
      ['Días hábiles para responder (promedio)', t.averageBusinessDays],
      ['Días hábiles para responder (mediana)', t.medianBusinessDays],
      ['Días calendario para responder (promedio)', t.averageCalendarDays],
      ['Trasladadas por competencia', r.transfers.count],
      ['Traslados fuera de término', r.transfers.late],
    ]),
    countTable('pqrsd-por-resultado', 'PQRSD por oportunidad de la respuesta', 'Resultado', r.byOutcome),
    {
      id: 'pqrsd-por-tipo',
      title: 'PQRSD por tipo',
      columns: columns(
        ['type', 'Tipo'],
        ['received', 'Recibidas'],
        ['answered', 'Respondidas'],
        ['onTime', 'A tiempo'],
        ['late', 'Tarde'],
        ['pending', 'Pendientes'],
        ['averageBusinessDays', 'Días hábiles para responder (promedio)'],
      ),
      rows: r.byType.map((x) => [x.label, x.received, x.answered, x.onTime, x.late, x.pending, x.averageBusinessDays]),
    },
    countTable('pqrsd-por-canal', 'PQRSD por canal', 'Canal', r.byChannel),
    countTable('pqrsd-por-dependencia', 'PQRSD por dependencia', 'Dependencia', r.byDependency),
    countTable('pqrsd-por-estado', 'PQRSD por estado', 'Estado', r.byStatus),
    {
      id: 'pqrsd-por-territorio',
      title: 'PQRSD por territorio',
      columns: columns(['kind', 'Tipo de territorio'], ['name', 'Nombre'], ['count', 'Cantidad']),
      rows: [
        ...territory('Barrio', r.byTerritory.barrio),
        ...territory('Comuna', r.byTerritory.comuna),
        ...territory('Corregimiento', r.byTerritory.corregimiento),
      ],
    },
    indicatorTable(
      'pqrsd-acceso-a-la-informacion',
      'Solicitudes de acceso a la información pública (Decreto 1081 de 2015, art. 2.1.1.6.2)',
      [
        ['Recibidas', info.received],
        ['Trasladadas a otra entidad', info.transferred],
        ['Con acceso negado', info.denied],
        ['Respondidas', info.answered],
        ['Días hábiles para responder (promedio)', info.averageBusinessDays],
      ],
    ),
    {
      id: 'pqrsd-acceso-a-la-informacion-detalle',
      title: 'Tiempo de respuesta de cada solicitud de acceso a la información',
      columns: columns(
        ['radicado', 'Radicado'],
        ['receivedOn', 'Fecha de radicación'],
        ['dueDate', 'Fecha de vencimiento'],
        ['answeredOn', 'Fecha de respuesta'],
        ['businessDays', 'Días hábiles para responder'],
        ['calendarDays', 'Días calendario para responder'],
        ['outcome', 'Resultado'],
        ['transferred', 'Trasladada'],
        ['denied', 'Acceso negado'],
      ),
      rows: info.cases.map((x) => [
        x.radicado,
        x.receivedOn,
        x.dueDate,
        x.answeredOn,
        x.businessDaysToAnswer,
        x.calendarDaysToAnswer,
        x.outcomeLabel,
        yesNo(x.transferred),
        yesNo(x.denied),
      ]),
    },
    {
      // The same columns as `report pqrsd --format csv`; territory stays out of per-case rows (see report-formats.ts).
      id: 'pqrsd-casos',
      title: 'Detalle de cada PQRSD',
      columns: CASE_CSV_HEADER.map((label, i) => ({ key: CASE_KEYS[i] ?? `c${i}`, label })),
      rows: r.cases.map((x) => [
        x.radicado,
        x.typeLabel,
        x.channelLabel,
        x.dependency,
        x.statusLabel,
        x.receivedOn,
        x.dueDate,
        x.answeredOn,
        x.businessDaysToAnswer,
        x.calendarDaysToAnswer,
        x.outcomeLabel,
        yesNo(x.extended),
        yesNo(x.transferred),
        x.transferLate === null ? null : yesNo(x.transferLate),
        x.transferredTo,
        yesNo(x.denied),
      ]),
    },
  ];
}

const CASE_KEYS = [
  'radicado',
  'type',
  'channel',
  'dependency',
  'status',
  'receivedOn',
  'dueDate',
  'answeredOn',
  'businessDays',
  'calendarDays',
  'outcome',
  'extended',
  'transferred',
  'transferLate',
  'transferredTo',
  'denied',
];

export function openCasesTable(rows: readonly CountRow[]): ReportTable {
  return countTable('casos-abiertos-por-semaforo', 'Casos abiertos por semáforo de vencimiento', 'Semáforo', rows);
}
