import type { BusinessCalendar } from '../calendar/business-calendar.js';
import type { CaseClock } from '../deadlines/case-clock.js';

/** How a {@link CaseClock} is stored in `PqrsdCase.clock`: the same fields, `receivedAt` as an ISO string. */
export type StoredClock = Omit<CaseClock, 'receivedAt'> & { receivedAt: string };

export function clockToJson(clock: CaseClock): StoredClock {
  return { ...clock, receivedAt: clock.receivedAt.toISOString() };
}

export function clockFromJson(stored: unknown): CaseClock {
  const s = stored as StoredClock;
  return { ...s, receivedAt: new Date(s.receivedAt) };
}

/**
 * A stored clock as the rules read it. Clocks stored before the month rule was applied may hold a citizen deadline on
 * a non-business day; it runs to the next business day (Ley 4 de 1913 art. 62), so nothing already filed changes
 * meaning.
 */
export function readStoredClock(stored: unknown, calendar: BusinessCalendar): CaseClock {
  const clock = clockFromJson(stored);
  const completion = clock.completion;
  if (!completion || completion.completedOn) return clock;
  const deadline = calendar.businessDayOnOrAfter(completion.citizenDeadline);
  return deadline === completion.citizenDeadline
    ? clock
    : { ...clock, completion: { ...completion, citizenDeadline: deadline } };
}
