import type { BusinessCalendar } from '../calendar/business-calendar.js';
import type { LocalDate } from '../local-date.js';
import { asLocalDate, checkActionDate, restartTerm, statusLabelEs } from './case-clock.js';
import type { CaseClock, ClockStatus, DateInput } from './case-clock.js';
import { accept, refuse } from './rule-result.js';
import type { RuleErrorCode, RuleResult } from './rule-result.js';

/**
 * A period in which the entity waits for the citizen with the term suspended: a completion (Ley 1755 art. 17) or a
 * clarification (art. 19). Both follow one rule: the citizen answers by a deadline, an answer in time restarts the
 * full term the day after, and once the deadline has passed the petition is closed (desistimiento or archive).
 */
export interface CitizenWait {
  /** The clock status while waiting. */
  status: Extract<ClockStatus, 'awaiting_completion' | 'awaiting_clarification'>;
  /** Where the clock keeps the request, and the field that records the citizen's answer. */
  record: 'completion' | 'clarification';
  answeredField: 'completedOn' | 'clarifiedOn';
  notWaiting: { code: RuleErrorCode; message: string };
  /** The citizen answered after the deadline. */
  expired: (deadline: LocalDate) => { code: RuleErrorCode; message: string };
  /** The petition is closed before the deadline has passed. */
  notExpired: (deadline: LocalDate) => { code: RuleErrorCode; message: string };
}

/** The open request of this kind, when the clock is waiting for it. */
function openRequest(clock: CaseClock, wait: CitizenWait): { citizenDeadline: LocalDate } | null {
  const request = clock[wait.record];
  return clock.status === wait.status && request ? request : null;
}

/**
 * The citizen answered in time: the full term restarts the day after the arrival date ("se reactivará el término"),
 * and any earlier extension no longer applies.
 */
export function citizenAnswered(
  clock: CaseClock,
  arrival: { on: DateInput },
  calendar: BusinessCalendar,
  wait: CitizenWait,
): RuleResult<CaseClock> {
  const on = asLocalDate(arrival.on);
  const bad = checkActionDate<CaseClock>(clock, on);
  if (bad) return bad;
  const request = openRequest(clock, wait);
  if (!request) return refuse(wait.notWaiting.code, wait.notWaiting.message);
  if (on > request.citizenDeadline) {
    const expired = wait.expired(request.citizenDeadline);
    return refuse(expired.code, expired.message);
  }
  return accept({
    ...clock,
    ...restartTerm(clock, on, calendar),
    extension: null,
    [wait.record]: { ...clock[wait.record], [wait.answeredField]: on },
  });
}

/** The citizen's period is over (from the day after the deadline): the date of the closing act, or a refusal. */
export function citizenPeriodOver(
  clock: CaseClock,
  request: { on: DateInput },
  wait: CitizenWait,
  notWaitingMessage = wait.notWaiting.message,
): RuleResult<LocalDate> {
  const on = asLocalDate(request.on);
  const bad = checkActionDate<LocalDate>(clock, on);
  if (bad) return bad;
  const open = openRequest(clock, wait);
  if (!open) return refuse(wait.notWaiting.code, notWaitingMessage);
  if (on <= open.citizenDeadline) {
    const early = wait.notExpired(open.citizenDeadline);
    return refuse(early.code, early.message);
  }
  return accept(on);
}

/**
 * Whether the entity may start waiting for the citizen on this date: the date is valid and the term runs (a second
 * suspension while one is open would stop the clock twice). `doing` completes «No se puede …» in the refusal.
 */
export function citizenWaitCanStart(clock: CaseClock, on: DateInput, doing: string): RuleResult<LocalDate> {
  const day = asLocalDate(on);
  const bad = checkActionDate<LocalDate>(clock, day);
  if (bad) return bad;
  if (clock.status !== 'running') {
    return refuse('CASE_NOT_RUNNING', `No se puede ${doing}: el caso está ${statusLabelEs(clock.status)}.`);
  }
  return accept(day);
}
