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
