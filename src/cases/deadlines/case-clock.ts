import type { BusinessCalendar } from '../calendar/business-calendar.js';
import { formatLongDateEs, isLocalDate, toBogotaDate, toBogotaTime } from '../local-date.js';
import type { LocalDate } from '../local-date.js';
import { termFor, LEGAL_CASE_TERMS } from '../terms.js';
import type { CaseTermsSettings, CaseType } from '../terms.js';
import { refuse } from './rule-result.js';
import type { RuleResult } from './rule-result.js';

/**
 * Where the legal clock of a case stands.
 * - running: the term counts towards `dueDate`;
 * - awaiting_completion: suspended while the citizen completes the petition (Ley 1755 art. 17);
 * - transferred: sent to the competent authority, whose own term starts on its receipt (art. 21);
 * - desisted: the citizen did not complete in time and desistimiento was declared (art. 17);
 * - withdrawn: the citizen withdrew the petition (art. 18);
 * - awaiting_clarification: returned because its purpose is not understood (art. 19), suspended like a completion;
 * - archived: not clarified in time (art. 19);
 * - rejected: rejected as disrespectful (art. 19);
 * - no_competent_authority: no authority is competent, and the citizen was told so with the reasons (art. 21).
 */
export type ClockStatus =
  | 'running'
  | 'awaiting_completion'
  | 'transferred'
  | 'desisted'
  | 'withdrawn'
  | 'awaiting_clarification'
  | 'archived'
  | 'rejected'
  | 'no_competent_authority';

/** An extension notified to the citizen (art. 14 parágrafo). */
export interface Extension {
  notifiedOn: LocalDate;
  previousDueDate: LocalDate;
  newDueDate: LocalDate;
  reasons: string;
  /**
   * How the citizen was told: canal (their chat), publicacion (anonymous, Ley 962 art. 81), or correo, direccion,
   * personal as the official recorded it. An extension the citizen was never told of does not count. Absent on
   * extensions stored before this was recorded, which were all sent or logged as not sent in the history.
   */
  notifiedVia?: 'canal' | 'publicacion' | 'correo' | 'direccion' | 'personal';
}

/** A request to complete the petition (art. 17). */
export interface CompletionRequest {
  requestedOn: LocalDate;
  /** What the citizen must provide, in the words sent to them. */
  missing: string;
  /** Last calendar day the citizen may answer (one month, or two after the one prórroga). */
  citizenDeadline: LocalDate;
  extended: boolean;
  /** When the information arrived; the term restarted the day after. */
  completedOn: LocalDate | null;
  /** Business days of the term used before the request, for reports (the law restarts the full term anyway). */
  elapsedBusinessDays: number;
}

/** A transfer by competence (art. 21). */
export interface Transfer {
  transferredOn: LocalDate;
  recipient: string;
  /** Last day to tell the citizen: 5 business days after receipt, or the day of receipt for a verbal petition. */
  deadline: LocalDate;
  late: boolean;
  /**
   * A verbal petition (in person or by phone): the official told the citizen at once (art. 21, "de inmediato"), and
   * no 5-day term applies. Absent on transfers recorded before this was modelled, which were all written.
   */
  verbal?: boolean;
}

/**
 * Art. 21: no authority is competent. The entity tells the citizen so, with the reasons: a final answer of its own
 * meaning, not a transfer and not a denial.
 */
export interface NoCompetence {
  decidedOn: LocalDate;
  reasons: string;
  /** Told at once, in person or on the phone, because the petition was verbal. */
  verbal: boolean;
  /** Last day to tell the citizen, as for a transfer. */
  deadline: LocalDate;
  late: boolean;
}

/**
 * The desistimiento act (art. 17): a reasoned administrative act, notified personally, against which only the recurso
 * de reposición applies. Cases desisted before this was modelled have none.
 */
export interface Desistimiento {
  declaredOn: LocalDate;
  reasons: string;
  /** Personal notification of the act; the reposición term runs from it. */
  notifiedOn: LocalDate | null;
  notifiedHow: string | null;
  reposicion: {
    filedOn: LocalDate;
    grounds: string;
    resolvedOn: LocalDate | null;
    /** confirmado: the desistimiento stands; revocado: the petition goes on. */
    outcome: 'confirmado' | 'revocado' | null;
  } | null;
}

/** Express withdrawal by the citizen (art. 18) and the entity's reasoned decision to go on for public interest. */
export interface Withdrawal {
  withdrawnOn: LocalDate;
  /** Where the clock stood, so continuing for public interest resumes it as it was. */
  previousStatus: ClockStatus;
  continuedOn: LocalDate | null;
  continueReasons: string | null;
}

/** A petition returned because its purpose or object is not understood (art. 19). */
export interface Clarification {
  requestedOn: LocalDate;
  /** What the citizen must clarify, in the words sent to them. */
  what: string;
  /** Last business day for the citizen to clarify (10 business days after the return). */
  citizenDeadline: LocalDate;
  clarifiedOn: LocalDate | null;
}

/** Why a petition gets priority (Ley 1755 art. 20). */
export type PriorityReason = 'derecho_fundamental' | 'perjuicio_irremediable' | 'periodista';

/** A priority petition (art. 20) with the shorter term the entity set. */
export interface Priority {
  reason: PriorityReason;
  setOn: LocalDate;
  previousDueDate: LocalDate;
  /** Imminent harm to life or integrity: the immediate measures taken. */
  measures: string | null;
}

/**
 * A reasoned denial of information or documents (Ley 1755 arts. 24-25): it must cite the legal reserve. The citizen
 * may insist (art. 26); the entity then sends the file to the administrative court, which decides.
 */
export interface InformationDenial {
  deniedOn: LocalDate;
  /** The provision of the Constitution or the law that makes the information reserved, as cited to the citizen. */
  reserve: string;
  insistence: {
    filedOn: LocalDate;
    grounds: string;
    /** When the file went to the court, and which one. */
    referredOn: LocalDate | null;
    court: string | null;
    decidedOn: LocalDate | null;
    /** confirma: the reserve stands; ordena_entrega: the information must be delivered. */
    outcome: 'confirma' | 'ordena_entrega' | null;
  } | null;
}

/** The legal clock of one case: pure data, replaced (never mutated) by every rule. */
export interface CaseClock {
  type: CaseType;
  termDays: number;
  receivedAt: Date;
  /** Receipt date in Colombia. */
  receivedOn: LocalDate;
  /** The term counts from the day after this date: receipt, or arrival of the completion (art. 17). */
  termStartsAfter: LocalDate;
  /** Last business day to answer, including any extension. */
  dueDate: LocalDate;
  status: ClockStatus;
  extension: Extension | null;
  completion: CompletionRequest | null;
  transfer: Transfer | null;
  /** Absent on clocks stored before the act was modelled. */
  desistimiento?: Desistimiento | null;
  withdrawal?: Withdrawal | null;
  clarification?: Clarification | null;
  priority?: Priority | null;
  /** Absent on clocks stored before reasoned denials were modelled. */
  denial?: InformationDenial | null;
  noCompetence?: NoCompetence | null;
}

/** A date given as an instant (converted to the Bogotá date) or directly as a LocalDate. */
export type DateInput = Date | LocalDate;

/** Normalises a {@link DateInput} to the Bogotá calendar date. */
export function asLocalDate(input: DateInput): LocalDate {
  return input instanceof Date ? toBogotaDate(input) : input;
}

/**
 * Due date at filing: `termDays` business days counted from the day after the receipt date in Colombia
 * (Ley 1755 art. 14). A petition received on a weekend, holiday or after hours is still received that day (Decreto
 * 1166 de 2016: channels work outside office hours); the count simply starts on the following day.
 */
export function dueDateAtFiling(calendar: BusinessCalendar, receivedAt: DateInput, termDays: number): LocalDate {
  return calendar.addBusinessDays(asLocalDate(receivedAt), termDays);
}

/**
 * The day a petition counts as received for its term. By default the day it arrived, even after hours or on a
 * non-business day (the conservative reading for the citizen). An entity that adopted "received the next business
 * day" by a documented decision gives its closing hour: then a petition arriving after it, or on a non-business day,
 * counts from the next business day.
 */
export function termReceiptDate(
  receivedAt: Date,
  calendar: BusinessCalendar,
  afterHours?: { closingTime: string } | null,
): LocalDate {
  const day = toBogotaDate(receivedAt);
  if (!afterHours) return day;
  if (!calendar.isBusinessDay(day)) return calendar.nextBusinessDay(day);
  return toBogotaTime(receivedAt) >= afterHours.closingTime ? calendar.nextBusinessDay(day) : day;
}

/** Opens the clock of a newly filed case with the entity's term for its type. */
export function openCaseClock(input: {
  type: CaseType;
  receivedAt: Date;
  calendar: BusinessCalendar;
  settings?: CaseTermsSettings;
  /** The entity's documented after-hours rule, if it adopted one (pqrsd-settings.ts). */
  afterHours?: { closingTime: string } | null;
}): CaseClock {
  const termDays = termFor(input.type, input.settings ?? LEGAL_CASE_TERMS);
  const receivedOn = toBogotaDate(input.receivedAt);
  const countsFrom = termReceiptDate(input.receivedAt, input.calendar, input.afterHours);
  return {
    type: input.type,
    termDays,
    receivedAt: input.receivedAt,
    receivedOn,
    termStartsAfter: countsFrom,
    dueDate: input.calendar.addBusinessDays(countsFrom, termDays),
    status: 'running',
    extension: null,
    completion: null,
    transfer: null,
  };
}

/**
 * The clock running again with its full term counted from the day after `on`: a citizen's answer in time (arts. 17
 * and 19), a revoked desistimiento, a court ordering delivery. Whether an earlier extension still applies is the
 * caller's to say.
 */
export function restartTerm(
  clock: CaseClock,
  on: LocalDate,
  calendar: BusinessCalendar,
): Pick<CaseClock, 'status' | 'termStartsAfter' | 'dueDate'> {
  return { status: 'running', termStartsAfter: on, dueDate: calendar.addBusinessDays(on, clock.termDays) };
}

/** Refusal when an action date is invalid or earlier than the receipt; undefined when fine. */
export function checkActionDate<T>(clock: CaseClock, on: LocalDate): RuleResult<T> | undefined {
  if (!isLocalDate(on)) return refuse('DATE_NOT_VALID', 'La fecha de la actuación no es válida.');
  if (on < clock.receivedOn) {
    return refuse(
      'DATE_BEFORE_RECEIPT',
      `La fecha de la actuación no puede ser anterior a la radicación (${formatLongDateEs(clock.receivedOn)}).`,
    );
  }
  return undefined;
}

/** Spanish description of a status, for refusals. */
export function statusLabelEs(status: ClockStatus): string {
  switch (status) {
    case 'running':
      return 'en trámite';
    case 'awaiting_completion':
      return 'suspendido a la espera de que el ciudadano complete la petición';
    case 'transferred':
      return 'trasladado por competencia a otra entidad';
    case 'desisted':
      return 'archivado por desistimiento';
    case 'withdrawn':
      return 'retirado por el ciudadano';
    case 'awaiting_clarification':
      return 'devuelto al ciudadano para que aclare la petición';
    case 'archived':
      return 'archivado porque no se aclaró';
    case 'rejected':
      return 'rechazado por irrespetuoso';
    case 'no_competent_authority':
      return 'cerrado porque ninguna autoridad es competente';
  }
}
