import type { BusinessCalendar } from '../calendar/business-calendar.js';
import { addDays } from '../local-date.js';
import type { LocalDate } from '../local-date.js';
import { asLocalDate } from './case-clock.js';
import type { CaseClock, DateInput } from './case-clock.js';

/** Ley 1755 art. 14 num. 1: once accepted by silence, the copies are delivered within the next 3 business days. */
export const POSITIVE_SILENCE_DELIVERY_DAYS = 3;

/** An information request deemed accepted because it was not answered within its term. */
export interface PositiveSilence {
  /** First day on which the request counts as accepted: the day after the due date (extension included). */
  since: LocalDate;
  /** Last business day to deliver the copies. */
  copiesDue: LocalDate;
}

/**
 * Positive silence (Ley 1755 art. 14 num. 1): a request for documents or information unanswered when its term ends
 * is deemed accepted, access can no longer be denied, and the copies are due within the next 3 business days. Only
 * while the term was running: a request waiting for the citizen (art. 17) or transferred (art. 21) has no running
 * term here. A notified extension (art. 14 par.) moves the due date, and with it the silence.
 */
export function positiveSilence(
  clock: CaseClock,
  today: DateInput,
  calendar: BusinessCalendar,
): PositiveSilence | null {
  if (clock.type !== 'solicitud_informacion' || clock.status !== 'running') return null;
  const day = asLocalDate(today);
  if (day <= clock.dueDate) return null;
  return {
    since: addDays(clock.dueDate, 1),
    copiesDue: calendar.addBusinessDays(clock.dueDate, POSITIVE_SILENCE_DELIVERY_DAYS),
  };
}
