import type { BusinessCalendar } from '../calendar/business-calendar.js';
import { daysBetween, toBogotaDate } from '../local-date.js';
import type { LocalDate } from '../local-date.js';
import { caseTypes } from '../terms.js';
import {
  caseStatusLabel,
  caseTypeLabel,
  channelLabel,
  NO_DATA_LABEL,
  OUTCOME_LABELS,
  reportOutcomes,
  UNASSIGNED_LABEL,
  type ReportOutcome,
} from './report-labels.js';
import { article76Sections, type Article76Sections } from './article76-sections.js';
import { average, blankToNull, count, median, round, tally, type ReportCount } from './report-counts.js';

// Callers read the report's labels through this module as well as its figures.
export * from './report-labels.js';
export type { ReportCount } from './report-counts.js';
export { UNCLASSIFIED_LABEL, type Article76Sections, type ReferralRow } from './article76-sections.js';
import { caseStatuses } from '../service/case-status.js';
import type { CaseType } from '../terms.js';

/**
 * One case as the report sees it: the columns of `PqrsdCase` the report needs and nothing about who filed it
 * (Ley 1581 de 2012: the report is published, so it is built from data that cannot identify the requester).
 */
export interface ReportCase {
  radicado: string;
  /** A {@link CaseType}; an unknown value is reported under its own name rather than dropped. */
  type: string;
  /** A legal state of case-status.ts. */
  status: string;
  channel: string;
  dependency: string | null;
  barrio: string | null;
  comuna: string | null;
  corregimiento: string | null;
  receivedAt: Date;
  /** Last business day to answer, extension included. */
  dueDate: LocalDate;
  answeredAt: Date | null;
  informationDenied: boolean;
  extended: boolean;
  /** Transfer by competence (Ley 1755 art. 21), as recorded on the case clock. */
  transfer: { transferredOn: LocalDate; recipient: string; late: boolean } | null;
  /**
   * Periods the term was suspended waiting for the citizen (a completion, art. 17, or a clarification, art. 19): from
   * the request to the citizen's answer. Their business days are not the entity's response time.
   */
  suspensions?: readonly { from: LocalDate; to: LocalDate }[];
  /** The subject category (Ley 1474 art. 76 report); null or absent: sin clasificar. */
  topic?: string | null;
  /** A queja or denuncia referred to a disciplinary or control body. */
  referral?: { body: string; at: Date } | null;
}

export interface PqrsdReportOptions {
  /** First receipt date included (Colombian calendar date). */
  from: LocalDate;
  /** Last receipt date included. */
  to: LocalDate;
  /** The cut-off date: unanswered cases past their due date on this day count as late. */
  today: LocalDate;
  /** The entity's business calendar, so response times are counted the way its terms are. */
  calendar: BusinessCalendar;
  entityName?: string;
}

export interface TypeBreakdown {
  type: string;
  label: string;
  received: number;
  answered: number;
  onTime: number;
  late: number;
  pending: number;
  averageBusinessDays: number | null;
}

/** One row of the per-case table. */
export interface ReportCaseRow {
  radicado: string;
  type: string;
  typeLabel: string;
  channel: string;
  channelLabel: string;
  dependency: string | null;
  status: string;
  statusLabel: string;
  receivedOn: LocalDate;
  dueDate: LocalDate;
  answeredOn: LocalDate | null;
  /**
   * Business days after the receipt date up to and including the answer date, as terms are counted, less the business
   * days suspended waiting for the citizen (Ley 1712 report: the entity's own response time).
   */
  businessDaysToAnswer: number | null;
  /** Business days suspended waiting for the citizen (completion or clarification), already left out above. */
  suspendedBusinessDays: number;
  calendarDaysToAnswer: number | null;
  outcome: ReportOutcome;
  outcomeLabel: string;
  extended: boolean;
  transferred: boolean;
  transferLate: boolean | null;
  /** Competent authority the case was sent to; an entity's name, never a person's. */
  transferredTo: string | null;
  denied: boolean;
}

export interface InformationRequestRow {
  radicado: string;
  receivedOn: LocalDate;
  dueDate: LocalDate;
  answeredOn: LocalDate | null;
  businessDaysToAnswer: number | null;
  calendarDaysToAnswer: number | null;
  outcome: ReportOutcome;
  outcomeLabel: string;
  transferred: boolean;
  denied: boolean;
}

export interface PqrsdReport {
  entityName: string | null;
  period: { from: LocalDate; to: LocalDate; today: LocalDate };
  totals: { received: number; answered: number; unanswered: number; extended: number; denied: number };
  byOutcome: ReportCount[];
  timeliness: {
    onTime: number;
    late: number;
    lateAnswered: number;
    overdueUnanswered: number;
    /** onTime / (onTime + late), 0 to 1; null when no case was answered or overdue yet. */
    onTimeShare: number | null;
    averageBusinessDays: number | null;
    medianBusinessDays: number | null;
    averageCalendarDays: number | null;
  };
  byType: TypeBreakdown[];
  byChannel: ReportCount[];
  byDependency: ReportCount[];
  byStatus: ReportCount[];
  byTerritory: { barrio: ReportCount[]; comuna: ReportCount[]; corregimiento: ReportCount[] };
  transfers: { count: number; late: number; onTime: number };
  /** The four items of Decreto 1081 de 2015 art. 2.1.1.6.2 for requests of access to information. */
  informationRequests: {
    received: number;
    transferred: number;
    denied: number;
    answered: number;
    averageBusinessDays: number | null;
    cases: InformationRequestRow[];
  };
  cases: ReportCaseRow[];
  /** Ley 1474 art. 76 report: recurring subjects and quejas/denuncias referred to disciplinary or control bodies. */
  article76: Article76Sections;
}

const INFORMATION_REQUEST: CaseType = 'solicitud_informacion';

/**
 * Builds the PQRSD report (Ley 1712 de 2014 art. 11 h; Decreto 1081 de 2015 art. 2.1.1.6.2) for the cases received
 * in Colombia from `from` to `to`, both included. Pure: the same cases and options always give the same report.
 * @throws RangeError (Spanish) when `from` is after `to`.
 */
export function buildPqrsdReport(cases: readonly ReportCase[], options: PqrsdReportOptions): PqrsdReport {
  const { from, to, today, calendar } = options;
  if (from > to) {
    throw new RangeError(`La fecha inicial (${from}) es posterior a la fecha final (${to}).`);
  }
  const inScope = cases
    .map((c) => ({ source: c, receivedOn: toBogotaDate(c.receivedAt) }))
    .filter((c) => c.receivedOn >= from && c.receivedOn <= to)
    .sort(
      (a, b) =>
        a.source.receivedAt.getTime() - b.source.receivedAt.getTime() ||
        a.source.radicado.localeCompare(b.source.radicado),
    );
  const rows = inScope.map(({ source, receivedOn }) => caseRow(source, receivedOn, today, calendar));

  const answered = rows.filter((r) => r.answeredOn !== null);
  const onTime = count(rows, (r) => r.outcome === 'a_tiempo');
  const late = count(rows, (r) => r.outcome === 'tarde');
  const information = rows.filter((r) => r.type === INFORMATION_REQUEST);
  const transferred = rows.filter((r) => r.transferred);

  return {
    entityName: options.entityName ?? null,
    period: { from, to, today },
    totals: {
      received: rows.length,
      answered: answered.length,
      unanswered: rows.length - answered.length,
      extended: count(rows, (r) => r.extended),
      denied: count(rows, (r) => r.denied),
    },
    byOutcome: reportOutcomes.map((o) => ({
      key: o,
      label: OUTCOME_LABELS[o],
      count: count(rows, (r) => r.outcome === o),
    })),
    timeliness: {
      onTime,
      late,
      lateAnswered: count(rows, (r) => r.outcome === 'tarde' && r.answeredOn !== null),
      overdueUnanswered: count(rows, (r) => r.outcome === 'tarde' && r.answeredOn === null),
      onTimeShare: onTime + late === 0 ? null : round(onTime / (onTime + late), 4),
      averageBusinessDays: average(businessDays(rows)),
      medianBusinessDays: median(businessDays(rows)),
      averageCalendarDays: average(
        rows.flatMap((r) => (r.calendarDaysToAnswer === null ? [] : [r.calendarDaysToAnswer])),
      ),
    },
    byType: typeBreakdown(rows),
    byChannel: tally(
      rows.map((r) => r.channel),
      channelLabel,
      NO_DATA_LABEL,
    ),
    byDependency: tally(
      rows.map((r) => r.dependency),
      (k) => k,
      UNASSIGNED_LABEL,
    ),
    byStatus: statusBreakdown(rows),
    byTerritory: {
      barrio: tally(
        inScope.map((c) => c.source.barrio),
        (k) => k,
        NO_DATA_LABEL,
      ),
      comuna: tally(
        inScope.map((c) => c.source.comuna),
        (k) => k,
        NO_DATA_LABEL,
      ),
      corregimiento: tally(
        inScope.map((c) => c.source.corregimiento),
        (k) => k,
        NO_DATA_LABEL,
      ),
    },
    transfers: {
      count: transferred.length,
      late: count(transferred, (r) => r.transferLate === true),
      onTime: count(transferred, (r) => r.transferLate === false),
    },
    informationRequests: {
      received: information.length,
      transferred: count(information, (r) => r.transferred),
      denied: count(information, (r) => r.denied),
      answered: count(information, (r) => r.answeredOn !== null),
      averageBusinessDays: average(businessDays(information)),
      cases: information.map((r) => ({
        radicado: r.radicado,
        receivedOn: r.receivedOn,
        dueDate: r.dueDate,
        answeredOn: r.answeredOn,
        businessDaysToAnswer: r.businessDaysToAnswer,
        calendarDaysToAnswer: r.calendarDaysToAnswer,
        outcome: r.outcome,
        outcomeLabel: r.outcomeLabel,
        transferred: r.transferred,
        denied: r.denied,
      })),
    },
    cases: rows,
    article76: article76Sections(inScope.map((c) => c.source)),
  };
}

function caseRow(c: ReportCase, receivedOn: LocalDate, today: LocalDate, calendar: BusinessCalendar): ReportCaseRow {
  const answeredOn = c.answeredAt ? toBogotaDate(c.answeredAt) : null;
  const outcome = outcomeOf(c, answeredOn, today);
  // A suspension still open counts up to today (or the answer); days outside the answer window are not response time.
  const end = answeredOn ?? today;
  const suspended = (c.suspensions ?? []).reduce(
    (sum, s) => sum + Math.max(0, calendar.businessDaysBetween(s.from, s.to < end ? s.to : end)),
    0,
  );
  return {
    radicado: c.radicado,
    type: c.type,
    typeLabel: caseTypeLabel(c.type),
    channel: c.channel,
    channelLabel: channelLabel(c.channel),
    dependency: blankToNull(c.dependency),
    status: c.status,
    statusLabel: caseStatusLabel(c.status),
    receivedOn,
    dueDate: c.dueDate,
    answeredOn,
    businessDaysToAnswer: answeredOn === null ? null : calendar.businessDaysBetween(receivedOn, answeredOn) - suspended,
    suspendedBusinessDays: suspended,
    calendarDaysToAnswer: answeredOn === null ? null : daysBetween(receivedOn, answeredOn),
    outcome,
    outcomeLabel: OUTCOME_LABELS[outcome],
    extended: c.extended,
    transferred: c.transfer !== null,
    transferLate: c.transfer === null ? null : c.transfer.late,
    transferredTo: c.transfer?.recipient ?? null,
    denied: c.informationDenied,
  };
}

function outcomeOf(c: ReportCase, answeredOn: LocalDate | null, today: LocalDate): ReportOutcome {
  // An answer settles timeliness whatever happened before; the due date already includes any extension.
  if (answeredOn !== null) return answeredOn <= c.dueDate ? 'a_tiempo' : 'tarde';
  if (c.status === 'desistido' || c.status === 'en_reposicion') return 'desistido';
  if (c.status === 'retirado') return 'retirado';
  if (c.status === 'archivado' || c.status === 'rechazado') return 'archivado';
  if (c.status === 'sin_competencia') return 'sin_competencia';
  // Returned for clarification, the term is suspended like a completion (art. 19).
  if (c.status === 'por_aclarar') return 'pendiente';
  // After a transfer the term belongs to the competent authority, so the case cannot be late here.
  if (c.transfer !== null || c.status === 'trasladado') return 'trasladado';
  // While the citizen completes the petition the term is suspended (art. 17); the stored due date is not running.
  if (c.status === 'esperando_ciudadano') return 'pendiente';
  return today > c.dueDate ? 'tarde' : 'pendiente';
}

function typeBreakdown(rows: readonly ReportCaseRow[]): TypeBreakdown[] {
  // Every legal type is listed, with zeros, so the published report shows "Denuncias: 0" rather than omitting it.
  const known: string[] = [...caseTypes];
  const unknown = [...new Set(rows.map((r) => r.type).filter((t) => !known.includes(t)))].sort();
  return [...known, ...unknown].map((type) => {
    const ofType = rows.filter((r) => r.type === type);
    return {
      type,
      label: caseTypeLabel(type),
      received: ofType.length,
      answered: count(ofType, (r) => r.answeredOn !== null),
      onTime: count(ofType, (r) => r.outcome === 'a_tiempo'),
      late: count(ofType, (r) => r.outcome === 'tarde'),
      pending: count(ofType, (r) => r.outcome === 'pendiente'),
      averageBusinessDays: average(businessDays(ofType)),
    };
  });
}

function statusBreakdown(rows: readonly ReportCaseRow[]): ReportCount[] {
  const known: string[] = [...caseStatuses];
  const unknown = [...new Set(rows.map((r) => r.status).filter((s) => !known.includes(s)))].sort();
  return [...known, ...unknown].map((status) => ({
    key: status,
    label: caseStatusLabel(status),
    count: count(rows, (r) => r.status === status),
  }));
}

/** Business days to answer of the answered rows. */
function businessDays(rows: readonly ReportCaseRow[]): number[] {
  return rows.flatMap((r) => (r.businessDaysToAnswer === null ? [] : [r.businessDaysToAnswer]));
}
