import { normalizeText } from '../lib/normalize-text.js';
import { channelLabel } from '../cases/report/pqrsd-report.js';
import { toBogotaDate } from '../cases/local-date.js';
import type { LocalDate } from '../cases/local-date.js';
import {
  csatQuestionOf,
  defaultScaleLabels,
  officePageTrigger,
  optionValue,
  scaleOptionLabel,
  type SurveyDefinition,
  type SurveyQuestion,
} from '../surveys/survey-definitions.js';
import { average, compareLabels, share } from './report-math.js';
import type { CommentRow, CountRow, QuestionRow, SatisfactionReport, SurveyGroupRow } from './report-types.js';

/** One survey run as the report sees it: who sent it and why, never who answered. */
export interface SatisfactionRun {
  surveyId: string;
  channel: string;
  /** bot_end | agent_close | case_answered */
  trigger: string;
  agentId: string | null;
  /** The agent's name (staff, so shown); null when the agent no longer exists. */
  agentName: string | null;
  /** The office whose survey page was answered (settings.oficinas id); null for chat surveys. */
  office?: string | null;
  /** sent | answered | skipped | expired */
  status: string;
  sentAt: Date;
  answers: readonly SatisfactionAnswer[];
}

export interface SatisfactionAnswer {
  questionId: string;
  value: string;
  score: number | null;
  createdAt: Date;
}

export interface SatisfactionReportOptions {
  from: LocalDate;
  to: LocalDate;
  entityName?: string | null;
  /** The entity's surveys (encuestas.yaml): titles, question texts and order, option labels, the CSAT question. */
  definitions: readonly SurveyDefinition[];
  /**
   * The entity's offices (settings.oficinas): each is listed in the breakdown by office, zeros included, and their
   * channels (presencial, telefono) in the breakdown by channel; the office-page moment is listed too.
   */
  offices?: readonly { id: string; name: string; channel: string }[];
  /** Only comments containing this (case and accents ignored): the supervisor's search. */
  commentsMatching?: string;
}

export const TRIGGER_LABELS: Readonly<Record<string, string>> = {
  bot_end: 'Fin de conversación con el bot',
  agent_close: 'Cierre por un asesor',
  case_answered: 'Respuesta a una PQRSD',
  [officePageTrigger]: 'Encuesta en la oficina (código QR o enlace)',
};
const TRIGGERS = ['bot_end', 'agent_close', 'case_answered'];

/** The label of an office no longer in the entity's settings: its answers still count. */
export const unknownOfficeLabel = (id: string) => `${id} (oficina ya no configurada)`;

/** The label of an agent whose staff record was deleted: the runs still count. */
export const UNKNOWN_AGENT_LABEL = 'Asesor ya no registrado';

/** A CSAT answer is "satisfied" from this score up (4 - Bueno, 5 - Muy bueno). */
export const SATISFIED_FROM = 4;
const MAX_COMMENTS = 200;

/**
 * Builds the satisfaction report for the surveys sent on the Colombian days `from` to `to`, both included. Answers
 * belong to the period of their run, whatever day they came in, and every answer counts even when the run later
 * expired or was left. Pure.
 * @throws RangeError (Spanish) when `from` is after `to`.
 */
export function buildSatisfactionReport(
  runs: readonly SatisfactionRun[],
  options: SatisfactionReportOptions,
): SatisfactionReport {
  const { from, to, definitions } = options;
  if (from > to) throw new RangeError(`La fecha inicial (${from}) es posterior a la fecha final (${to}).`);
  const inScope = runs.filter((r) => {
    const day = toBogotaDate(r.sentAt);
    return day >= from && day <= to;
  });
  const surveys = new Map(definitions.map((s) => [s.id, s]));
  const csatIdOf = new Map(definitions.map((s) => [s.id, csatQuestionOf(s)?.id]));
  const csatScores = (rs: readonly SatisfactionRun[]) =>
    rs.flatMap((r) => {
      const questionId = csatIdOf.get(r.surveyId);
      const answer = questionId === undefined ? undefined : r.answers.find((a) => a.questionId === questionId);
      return answer?.score == null ? [] : [answer.score];
    });

  const group = (key: string, label: string, rs: readonly SatisfactionRun[]): SurveyGroupRow => {
    const scores = csatScores(rs);
    return {
      key,
      label,
      sent: rs.length,
      answered: rs.filter((r) => r.status === 'answered').length,
      csatResponses: scores.length,
      csatShare: share(scores.filter((s) => s >= SATISFIED_FROM).length, scores.length),
    };
  };
  const groups = (
    keyOf: (r: SatisfactionRun) => string | null,
    labelOf: (key: string, r: SatisfactionRun) => string,
  ) => {
    const byKey = new Map<string, SatisfactionRun[]>();
    for (const r of inScope) {
      const key = keyOf(r);
      if (key !== null) byKey.set(key, [...(byKey.get(key) ?? []), r]);
    }
    return [...byKey]
      .map(([key, rs]) => group(key, labelOf(key, rs[0] as SatisfactionRun), rs))
      .sort((a, b) => b.sent - a.sent || compareLabels(a.label, b.label));
  };

  const offices = options.offices ?? [];
  /** Listed with zeros: an office or channel with no answers is itself a finding. */
  const withZeros = (rows: SurveyGroupRow[], wanted: readonly { key: string; label: string }[]) => {
    const missing = wanted.filter((w) => !rows.some((r) => r.key === w.key)).map((w) => group(w.key, w.label, []));
    return [...rows, ...missing].sort((a, b) => b.sent - a.sent || compareLabels(a.label, b.label));
  };
  const officeName = new Map(offices.map((o) => [o.id, o.name]));
  const moments = [...TRIGGERS, ...(offices.length > 0 ? [officePageTrigger] : [])];

  const scores = csatScores(inScope);
  const satisfied = scores.filter((s) => s >= SATISFIED_FROM).length;
  const sent = inScope.length;
  const answered = inScope.filter((r) => r.status === 'answered').length;
  const unknownTriggers = [...new Set(inScope.map((r) => r.trigger))].filter((t) => !moments.includes(t)).sort();

  return {
    entityName: options.entityName ?? null,
    period: { from, to },
    runs: {
      sent,
      answered,
      skipped: inScope.filter((r) => r.status === 'skipped').length,
      expired: inScope.filter((r) => r.status === 'expired').length,
      pending: inScope.filter((r) => r.status === 'sent').length,
      responseRate: share(answered, sent),
    },
    // Every moment is listed, with zeros, so "no surveys after agents closed" shows as such rather than vanishing.
    byTrigger: [...moments, ...unknownTriggers].map((t) =>
      group(
        t,
        TRIGGER_LABELS[t] ?? t,
        inScope.filter((r) => r.trigger === t),
      ),
    ),
    byChannel: withZeros(
      groups(
        (r) => r.channel,
        (key) => channelLabel(key),
      ),
      [...new Set(offices.map((o) => o.channel))].map((c) => ({ key: c, label: channelLabel(c) })),
    ),
    byOffice: withZeros(
      groups(
        (r) => r.office ?? null,
        (key) => officeName.get(key) ?? unknownOfficeLabel(key),
      ),
      offices.map((o) => ({ key: o.id, label: o.name })),
    ),
    byAgent: groups(
      (r) => (r.trigger === 'agent_close' ? r.agentId : null),
      (_key, r) => r.agentName ?? UNKNOWN_AGENT_LABEL,
    ),
    csat: {
      responses: scores.length,
      satisfied,
      share: share(satisfied, scores.length),
      averageScore: average(scores),
    },
    questions: questionRows(inScope, definitions, csatIdOf),
    comments: commentRows(inScope, surveys, options.commentsMatching),
  };
}

function questionRows(
  runs: readonly SatisfactionRun[],
  definitions: readonly SurveyDefinition[],
  csatIdOf: ReadonlyMap<string, string | undefined>,
): QuestionRow[] {
  const answersOf = (surveyId: string, questionId: string) =>
    runs.filter((r) => r.surveyId === surveyId).flatMap((r) => r.answers.filter((a) => a.questionId === questionId));
  const rows: QuestionRow[] = [];
  const defined = new Set(definitions.map((s) => s.id));
  // Defined surveys in the file's order, then surveys that were sent but are no longer in the file.
  const removed = [...new Set(runs.map((r) => r.surveyId))].filter((id) => !defined.has(id)).sort();
  for (const survey of [...definitions, ...removed.map((id) => ({ id, titulo: id, preguntas: [] }))]) {
    const known = new Set(survey.preguntas.map((q) => q.id));
    for (const q of survey.preguntas) {
      rows.push(definedQuestionRow(survey, q, answersOf(survey.id, q.id), csatIdOf.get(survey.id) === q.id));
    }
    // Answers to a question since renamed or removed still happened: shown under their stored id.
    const stray = [
      ...new Set(runs.filter((r) => r.surveyId === survey.id).flatMap((r) => r.answers.map((a) => a.questionId))),
    ]
      .filter((id) => !known.has(id))
      .sort();
    for (const questionId of stray) {
      const answers = answersOf(survey.id, questionId);
      rows.push({
        surveyId: survey.id,
        surveyTitle: survey.titulo,
        questionId,
        text: questionId,
        type: 'opciones',
        isCsat: false,
        responses: answers.length,
        averageScore: average(answers.flatMap((a) => (a.score === null ? [] : [a.score]))),
        distribution: distribution([], answers),
      });
    }
  }
  return rows;
}

function definedQuestionRow(
  survey: Pick<SurveyDefinition, 'id' | 'titulo'>,
  q: SurveyQuestion,
  answers: readonly SatisfactionAnswer[],
  isCsat: boolean,
): QuestionRow {
  const comment = q.tipo === 'texto';
  return {
    surveyId: survey.id,
    surveyTitle: survey.titulo,
    questionId: q.id,
    text: q.texto,
    type: q.tipo,
    isCsat,
    responses: answers.length,
    averageScore: comment ? null : average(answers.flatMap((a) => (a.score === null ? [] : [a.score]))),
    distribution: comment ? [] : distribution(choices(q), answers),
  };
}

/** The question's answers in the order the citizen saw them, zeros included. */
function choices(q: SurveyQuestion): { key: string; label: string }[] {
  switch (q.tipo) {
    case 'escala':
      return (q.etiquetas ?? defaultScaleLabels).map((name, i) => ({
        key: String(i + 1),
        label: scaleOptionLabel(i + 1, name),
      }));
    case 'si_no':
      return [
        { key: 'si', label: 'Sí' },
        { key: 'no', label: 'No' },
      ];
    case 'opciones':
      return q.opciones.map((o) => ({ key: o.valor ?? optionValue(o.texto), label: o.texto }));
    case 'texto':
      return [];
  }
}

/** Counts per choice; a stored value that is no longer a choice (an option removed later) follows, as stored. */
function distribution(
  known: readonly { key: string; label: string }[],
  answers: readonly SatisfactionAnswer[],
): CountRow[] {
  const counts = new Map<string, number>();
  for (const a of answers) counts.set(a.value, (counts.get(a.value) ?? 0) + 1);
  const knownKeys = new Set(known.map((c) => c.key));
  const extra = [...counts.keys()].filter((k) => !knownKeys.has(k)).sort();
  return [
    ...known.map((c) => ({ key: c.key, label: c.label, count: counts.get(c.key) ?? 0 })),
    ...extra.map((k) => ({ key: k, label: k, count: counts.get(k) ?? 0 })),
  ];
}

function commentRows(
  runs: readonly SatisfactionRun[],
  surveys: ReadonlyMap<string, SurveyDefinition>,
  matching?: string,
): CommentRow[] {
  const wanted = matching === undefined ? '' : normalizeText(matching);
  const rows: (CommentRow & { at: number })[] = [];
  for (const r of runs) {
    const survey = surveys.get(r.surveyId);
    if (!survey) continue;
    const commentIds = new Set(survey.preguntas.filter((q) => q.tipo === 'texto').map((q) => q.id));
    for (const a of r.answers) {
      if (!commentIds.has(a.questionId)) continue;
      if (wanted !== '' && !normalizeText(a.value).includes(wanted)) continue;
      rows.push({
        at: a.createdAt.getTime(),
        answeredAt: a.createdAt.toISOString(),
        surveyTitle: survey.titulo,
        channel: r.channel,
        text: a.value,
      });
    }
  }
  return rows
    .sort((a, b) => b.at - a.at)
    .slice(0, MAX_COMMENTS)
    .map(({ at: _at, ...row }) => row);
}
