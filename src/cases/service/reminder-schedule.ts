import { z } from 'zod';
import { defineJobKind } from '../../core/job-kind.js';
import { reminderSchedule } from '../deadlines/reminders.js';
import type { CaseClock } from '../deadlines/case-clock.js';
import { addDays } from '../local-date.js';
import type { LocalDate } from '../local-date.js';
import type { PqrsdSettings } from '../pqrsd-settings.js';
import type { CaseStatus } from './case-status.js';
import type { CaseServiceDeps } from './case-service-types.js';

/** The case's next reminder to the officials (half the term, two days before, overdue, desistimiento due). */
export const reminderJobKind = defineJobKind('case.reminder', z.object({ caseId: z.string().min(1) }));
const reminderKey = (caseId: string) => `${reminderJobKind.name}:${caseId}`;
/** Reminders arrive at 08:00 in Colombia, when offices open. */
const reminderInstant = (date: LocalDate) => new Date(`${date}T13:00:00.000Z`);

export const nextDay = (date: LocalDate): LocalDate => addDays(date, 1);

/** Sets (or clears) the case's one reminder timer from its current clock. */
export async function scheduleCaseReminder(
  deps: CaseServiceDeps,
  caseId: string,
  clock: CaseClock,
  status: CaseStatus,
  from: LocalDate,
): Promise<void> {
  const timers = deps.timers;
  if (!timers) return;
  const next = nextReminder(clock, status, from, deps.settings);
  if (!next) {
    await timers.cancel(reminderKey(caseId));
    return;
  }
  await timers.schedule({
    entityId: deps.entityId,
    kind: reminderJobKind,
    key: reminderKey(caseId),
    runAt: reminderInstant(next.date),
    payload: { caseId },
  });
}

/**
 * The next reminder on or after `from`: at half the term and 2 business days before the due date while the term runs,
 * the business day after the due date if still unanswered, and the day after the citizen's completion period ends
 * (desistimiento may then be declared).
 */
export function nextReminder(
  clock: CaseClock,
  status: CaseStatus,
  from: LocalDate,
  settings: PqrsdSettings,
): { date: LocalDate; kind: 'reminder' | 'desistimiento_due'; reason: string } | null {
  const calendar = settings.calendar;
  if (status === 'esperando_ciudadano' && clock.completion && !clock.completion.completedOn) {
    const date = nextDay(clock.completion.citizenDeadline);
    return date >= from ? { date, kind: 'desistimiento_due', reason: 'plazo_ciudadano_vencido' } : null;
  }
  if (status !== 'radicado' && status !== 'en_tramite') return null;
  const dates = reminderSchedule({ startedAfter: clock.termStartsAfter, dueDate: clock.dueDate }, from, calendar);
  const overdue = calendar.nextBusinessDay(clock.dueDate);
  const half = calendar.addBusinessDays(
    clock.termStartsAfter,
    Math.max(1, Math.floor(calendar.businessDaysBetween(clock.termStartsAfter, clock.dueDate) / 2)),
  );
  const first = dates[0];
  if (first !== undefined)
    return { date: first, kind: 'reminder', reason: first === half ? 'mitad_del_termino' : 'dos_dias_antes' };
  return overdue >= from ? { date: overdue, kind: 'reminder', reason: 'vencido' } : null;
}
