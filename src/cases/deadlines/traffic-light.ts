import type { BusinessCalendar } from '../calendar/business-calendar.js';
import type { LocalDate } from '../local-date.js';
import { asLocalDate } from './case-clock.js';
import type { CaseClock, DateInput } from './case-clock.js';

/**
 * green: comfortable; yellow: a third of the term or 2 business days or less left; red: today is the due date (or
 * the last business day before it); expired: past the due date. paused: waiting for the citizen (art. 17);
 * closed: transferred or desisted, no term runs here.
 */
export type TrafficLight = 'green' | 'yellow' | 'red' | 'expired' | 'paused' | 'closed';

/** Business days left at which a case turns yellow regardless of the term length. */
export const YELLOW_MIN_DAYS = 2;

export interface TrafficLightReading {
  light: TrafficLight;
  /**
   * Business days after today up to and including the due date (0 on the due date; negative = business days
   * overdue). For a paused case, the full term that will restart; null for closed cases.
   */
  businessDaysRemaining: number | null;
}

/**
 * Colour for a running term from `startedAfter` to `dueDate`, seen on `today`. The term length used for the
 * one-third threshold is the whole current term, extension included.
 */
export function termTrafficLight(
  term: { startedAfter: LocalDate; dueDate: LocalDate },
  today: DateInput,
  calendar: BusinessCalendar,
): TrafficLightReading {
  const day = asLocalDate(today);
  const remaining = calendar.businessDaysBetween(day, term.dueDate);
  if (day > term.dueDate) return { light: 'expired', businessDaysRemaining: remaining };
  if (remaining === 0) return { light: 'red', businessDaysRemaining: 0 };
  const total = calendar.businessDaysBetween(term.startedAfter, term.dueDate);
  const yellow = remaining <= YELLOW_MIN_DAYS || remaining * 3 <= total;
  return { light: yellow ? 'yellow' : 'green', businessDaysRemaining: remaining };
}

/** Colour of a case on `today`, taking its clock status into account. */
export function caseTrafficLight(clock: CaseClock, today: DateInput, calendar: BusinessCalendar): TrafficLightReading {
  switch (clock.status) {
    case 'awaiting_completion':
    case 'awaiting_clarification':
      return { light: 'paused', businessDaysRemaining: clock.termDays };
    case 'transferred':
    case 'desisted':
    case 'withdrawn':
    case 'archived':
    case 'rejected':
    case 'no_competent_authority':
      return { light: 'closed', businessDaysRemaining: null };
    case 'running':
      return termTrafficLight({ startedAfter: clock.termStartsAfter, dueDate: clock.dueDate }, today, calendar);
  }
}

/** Spanish label of a colour for the console and reports. */
export function trafficLightLabelEs(light: TrafficLight): string {
  const labels: Record<TrafficLight, string> = {
    green: 'A tiempo',
    yellow: 'Por vencer',
    red: 'Vence hoy',
    expired: 'Vencido',
    paused: 'Suspendido (esperando al ciudadano)',
    closed: 'Cerrado',
  };
  return labels[light];
}
