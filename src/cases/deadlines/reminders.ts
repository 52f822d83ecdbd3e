import type { BusinessCalendar } from '../calendar/business-calendar.js';
import type { LocalDate } from '../local-date.js';
import { asLocalDate } from './case-clock.js';
import type { DateInput } from './case-clock.js';

/** Business days before the due date of the last reminder. */
export const LAST_REMINDER_DAYS_BEFORE = 2;

/**
 * Dates on which to remind the dependency of a running term: at half the term (rounded down, at least one day) and
 * 2 business days before the due date. Sorted, deduplicated, never before `today` (the filing or restart date) nor
 * after the due date. Recompute after an extension or a restart.
 */
export function reminderSchedule(
  term: { startedAfter: LocalDate; dueDate: LocalDate },
  today: DateInput,
  calendar: BusinessCalendar,
): LocalDate[] {
  const day = asLocalDate(today);
  const total = calendar.businessDaysBetween(term.startedAfter, term.dueDate);
  const candidates = [
    calendar.addBusinessDays(term.startedAfter, Math.max(1, Math.floor(total / 2))),
    calendar.addBusinessDays(term.dueDate, -LAST_REMINDER_DAYS_BEFORE),
  ];
  return [...new Set(candidates)].filter((d) => d >= day && d <= term.dueDate).sort();
}
