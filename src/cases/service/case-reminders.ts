import type { StaffActor } from '../../staff/staff-member.js';
import { can } from '../../staff/staff-member.js';
import { bogotaStartOfDay } from '../local-date.js';
import { readStoredClock } from '../store/clock-json.js';
import { isCaseStatus } from './case-status.js';
import { maySeeCase, trafficLightOf } from './case-view.js';
import type { CaseCore } from './case-core.js';
import { nextDay, nextReminder } from './reminder-schedule.js';
import { readScope, readsCases } from './case-reads.js';

/**
 * The reminder timer fired: record it for the dependency (the console lists reminders), then set the next one.
 * Idempotent per day, so a retried job does not remind twice.
 */
export async function runReminder(core: CaseCore, caseId: string): Promise<void> {
  const row = await core.deps.prisma.pqrsdCase.findUnique({ where: { id: caseId } });
  if (!row || !isCaseStatus(row.status)) return;
  const today = core.today();
  const clock = readStoredClock(row.clock, core.deps.settings.calendar);
  const due = nextReminder(clock, row.status, today, core.deps.settings);
  if (due && due.date === today) {
    const already = await core.deps.prisma.caseEvent.findFirst({
      where: { caseId, kind: due.kind, at: { gte: bogotaStartOfDay(today) } },
      select: { id: true },
    });
    if (!already) {
      const light = trafficLightOf(row, today, core.deps.settings.calendar);
      await core.deps.prisma.caseEvent.create({
        data: {
          entityId: core.deps.entityId,
          caseId,
          at: core.now(),
          actorKind: 'system',
          kind: due.kind,
          data: {
            dependency: row.dependency,
            dueDate: row.dueDate,
            businessDaysRemaining: light.businessDaysRemaining,
            reason: due.reason,
          },
        },
      });
      core.deps.logger.info(
        { caseId, radicado: row.radicado, dependency: row.dependency, reminder: due.reason },
        'case reminder',
      );
    }
  }
  await core.scheduleReminder(caseId, clock, row.status, nextDay(today));
}

/** Reminder events of the cases this person may see, newest first. */
export async function reminders(core: CaseCore, actor: StaffActor, limit = 100) {
  if (!readsCases(actor)) return [];
  const scope = can(actor, 'cases.read.all') ? {} : { case: readScope(actor, undefined) };
  const events = await core.deps.prisma.caseEvent.findMany({
    where: {
      entityId: core.deps.entityId,
      kind: { in: ['reminder', 'desistimiento_due', 'priority_alert'] },
      ...scope,
    },
    orderBy: { at: 'desc' },
    take: Math.min(Math.max(limit, 1), 500),
    include: { case: { select: { radicado: true, dependency: true, type: true, status: true, dueDate: true } } },
  });
  return events
    .filter((e) => maySeeCase(actor, e.case))
    .map((e) => ({
      at: e.at.toISOString(),
      kind: e.kind,
      radicado: e.case.radicado,
      type: e.case.type,
      status: e.case.status,
      dependency: e.case.dependency,
      dueDate: e.case.dueDate,
      data: e.data,
    }));
}
