import type { BusinessCalendar } from '../calendar/business-calendar.js';
import { addMonths, formatLongDateEs } from '../local-date.js';
import type { LocalDate } from '../local-date.js';
import { asLocalDate, checkActionDate } from './case-clock.js';
import type { CaseClock, DateInput } from './case-clock.js';
import { citizenAnswered, citizenPeriodOver, citizenWaitCanStart, type CitizenWait } from './citizen-wait.js';
import { accept, refuse } from './rule-result.js';
import type { RuleResult } from './rule-result.js';

/** Art. 17: the entity must ask for the missing information within 10 (business) days after filing. */
export const COMPLETION_REQUEST_WINDOW_DAYS = 10;
/** Art. 17: the citizen has one calendar month to complete. */
export const COMPLETION_PERIOD_MONTHS = 1;

/**
 * End of a citizen's term in months: the same day `months` later, run to the next business day when that day is not
 * one (Ley 4 de 1913 art. 62; CGP art. 118), so a month that ends on a Sunday or a holiday ends on the next business
 * day.
 */
export function monthsTermEnd(from: LocalDate, months: number, calendar: BusinessCalendar): LocalDate {
  return calendar.businessDayOnOrAfter(addMonths(from, months));
}

/** Last business day on which the entity may still ask for completion (10 business days after receipt). */
export function completionRequestDeadline(clock: CaseClock, calendar: BusinessCalendar): LocalDate {
  return calendar.addBusinessDays(clock.receivedOn, COMPLETION_REQUEST_WINDOW_DAYS);
}

/**
 * Asks the citizen to complete the petition (Ley 1755 art. 17): the clock stops and the citizen has one calendar
 * month, up to and including the same day next month (the next business day when that one is not). Only once per case, while the term runs, within the 10-day
 * window and not after the due date; later, the entity must decide with what it has.
 */
export function requestCompletion(
  clock: CaseClock,
  request: { on: DateInput; missing: string },
  calendar: BusinessCalendar,
): RuleResult<CaseClock> {
  const start = citizenWaitCanStart(clock, request.on, 'pedir que complete la petición');
  if (!start.ok) return start;
  const on = start.value;
  if (clock.completion) {
    return refuse(
      'COMPLETION_ALREADY_REQUESTED',
      'Ya se pidió al ciudadano completar esta petición; no se puede suspender el término de nuevo.',
    );
  }
  const missing = request.missing.trim();
  if (missing.length === 0) {
    return refuse('COMPLETION_MISSING_REQUIRED', 'Indique qué información o documentos le faltan a la petición.');
  }
  const windowEnd = completionRequestDeadline(clock, calendar);
  const last = windowEnd < clock.dueDate ? windowEnd : clock.dueDate;
  if (on > last) {
    return refuse(
      'COMPLETION_REQUEST_LATE',
      `La solicitud para completar la petición debía hacerse a más tardar el ${formatLongDateEs(last)} (diez días siguientes a la radicación, Ley 1755 de 2015, art. 17). Resuelva con la información disponible.`,
    );
  }
  return accept({
    ...clock,
    status: 'awaiting_completion',
    completion: {
      requestedOn: on,
      missing,
      citizenDeadline: monthsTermEnd(on, COMPLETION_PERIOD_MONTHS, calendar),
      extended: false,
      completedOn: null,
      elapsedBusinessDays: Math.max(0, calendar.businessDaysBetween(clock.termStartsAfter, on)),
    },
  });
}

/**
 * Grants the citizen's one prórroga (art. 17: "hasta por un término igual"), asked before the month ends. The new
 * deadline defaults to, and may not pass, two calendar months after the request.
 */
export function extendCompletionPeriod(
  clock: CaseClock,
  request: { on: DateInput; newCitizenDeadline?: LocalDate },
  calendar: BusinessCalendar,
): RuleResult<CaseClock> {
  const on = asLocalDate(request.on);
  const bad = checkActionDate<CaseClock>(clock, on);
  if (bad) return bad;
  const completion = clock.completion;
  if (clock.status !== 'awaiting_completion' || !completion) {
    return refuse('NOT_AWAITING_COMPLETION', 'El caso no está esperando que el ciudadano complete la petición.');
  }
  if (completion.extended) {
    return refuse(
      'COMPLETION_EXTENSION_ALREADY_GRANTED',
      'La prórroga para completar la petición ya se concedió; la ley permite una sola.',
    );
  }
  if (on > completion.citizenDeadline) {
    return refuse(
      'COMPLETION_PERIOD_EXPIRED',
      `El plazo para completar la petición venció el ${formatLongDateEs(completion.citizenDeadline)}; la prórroga debía pedirse antes.`,
    );
  }
  const max = monthsTermEnd(completion.requestedOn, 2 * COMPLETION_PERIOD_MONTHS, calendar);
  const target = request.newCitizenDeadline ?? max;
  if (target > max || target <= completion.citizenDeadline) {
    return refuse(
      'COMPLETION_EXTENSION_TOO_LONG',
      `La nueva fecha debe ser posterior al ${formatLongDateEs(completion.citizenDeadline)} y a más tardar el ${formatLongDateEs(max)} (prórroga de hasta un mes).`,
    );
  }
  return accept({ ...clock, completion: { ...completion, citizenDeadline: target, extended: true } });
}

/** The completion the entity asked for (art. 17), as a period of waiting for the citizen. */
export const COMPLETION_WAIT: CitizenWait = {
  status: 'awaiting_completion',
  record: 'completion',
  answeredField: 'completedOn',
  notWaiting: {
    code: 'NOT_AWAITING_COMPLETION',
    message: 'El caso no está esperando que el ciudadano complete la petición.',
  },
  expired: (deadline) => ({
    code: 'COMPLETION_PERIOD_EXPIRED',
    message: `El plazo para completar la petición venció el ${formatLongDateEs(deadline)}. Corresponde declarar el desistimiento; el ciudadano puede presentar la petición de nuevo.`,
  }),
  notExpired: (deadline) => ({
    code: 'COMPLETION_PERIOD_NOT_EXPIRED',
    message: `El ciudadano tiene hasta el ${formatLongDateEs(deadline)} para completar la petición; aún no procede el desistimiento.`,
  }),
};

/**
 * Records that the citizen completed the petition: the full term restarts the day after the arrival date
 * (art. 17, "se reactivará el término para resolver la petición"). Any earlier extension no longer applies.
 * Refused when the period already ran out (then {@link declareDesistimiento}; the citizen may file again).
 */
export function receiveCompletion(
  clock: CaseClock,
  arrival: { on: DateInput },
  calendar: BusinessCalendar,
): RuleResult<CaseClock> {
  return citizenAnswered(clock, arrival, calendar, COMPLETION_WAIT);
}

/**
 * Declares desistimiento (art. 17) once the citizen's period has passed without an answer: from the day after the
 * citizen deadline. It is a reasoned act (acto administrativo motivado), so reasons are required; it is then notified
 * personally ({@link notifyDesistimiento}) and only the recurso de reposición applies against it. The citizen may
 * file the petition again.
 */
export function declareDesistimiento(
  clock: CaseClock,
  request: { on: DateInput; reasons?: string },
): RuleResult<CaseClock> {
  const over = citizenPeriodOver(
    clock,
    request,
    COMPLETION_WAIT,
    'Solo se declara el desistimiento de una petición que espera ser completada.',
  );
  if (!over.ok) return over;
  const reasons = request.reasons?.trim() ?? '';
  if (request.reasons !== undefined && reasons.length === 0) {
    return refuse(
      'DESISTIMIENTO_REASONS_REQUIRED',
      'El desistimiento se declara por acto motivado (Ley 1755 de 2015, art. 17): escriba los motivos.',
    );
  }
  return accept({
    ...clock,
    status: 'desisted',
    desistimiento: { declaredOn: over.value, reasons, notifiedOn: null, notifiedHow: null, reposicion: null },
  });
}

/** True when the completion period has run out on `today` and desistimiento may be declared. */
export function isDesistimientoDue(clock: CaseClock, today: DateInput): boolean {
  return (
    clock.status === 'awaiting_completion' &&
    clock.completion !== null &&
    asLocalDate(today) > clock.completion.citizenDeadline
  );
}
