import type { Db } from '../../db/database.js';
import { addDays, bogotaStartOfDay, isLocalDate } from '../local-date.js';
import type { LocalDate } from '../local-date.js';
import { clockFromJson } from '../store/clock-json.js';
import type { ReportCase } from './pqrsd-report.js';

/**
 * The cases of one entity received in Colombia from `range.from` to `range.to`, both days included, with only the
 * columns the report uses. The requester (CaseRequester) and the free text of the case (subject, description, answer)
 * are never read: the report is published, and what is not loaded cannot leak.
 */
export async function loadReportCases(
  prisma: Db,
  entityId: string,
  range: { from: LocalDate; to: LocalDate },
): Promise<ReportCase[]> {
  const rows = await prisma.pqrsdCase.findMany({
    where: {
      entityId,
      receivedAt: { gte: bogotaStartOfDay(range.from), lt: bogotaStartOfDay(addDays(range.to, 1)) },
    },
    select: {
      radicado: true,
      type: true,
      status: true,
      channel: true,
      dependency: true,
      barrio: true,
      comuna: true,
      corregimiento: true,
      receivedAt: true,
      dueDate: true,
      clock: true,
      answeredAt: true,
      informationDenied: true,
      topic: true,
      referredTo: true,
      referredAt: true,
    },
    orderBy: [{ receivedAt: 'asc' }, { sequence: 'asc' }],
  });
  return rows.map((row) => {
    const clock = clockFromJson(row.clock);
    const transfer = clock.transfer ?? null;
    // The citizen's answer ends a suspension; one still open runs until today (the builder cuts it there).
    const suspensions = [
      ...(clock.completion ? [{ from: clock.completion.requestedOn, to: clock.completion.completedOn }] : []),
      ...(clock.clarification ? [{ from: clock.clarification.requestedOn, to: clock.clarification.clarifiedOn }] : []),
    ].map((s) => ({ from: s.from, to: s.to ?? ('9999-12-31' as LocalDate) }));
    return {
      radicado: row.radicado,
      type: row.type,
      status: row.status,
      channel: row.channel,
      dependency: row.dependency,
      barrio: row.barrio,
      comuna: row.comuna,
      corregimiento: row.corregimiento,
      receivedAt: row.receivedAt,
      // The column mirrors the clock for filtering; the clock is the fallback if a row was written by hand.
      dueDate: isLocalDate(row.dueDate) ? row.dueDate : clock.dueDate,
      answeredAt: row.answeredAt,
      informationDenied: row.informationDenied,
      extended: clock.extension != null,
      transfer:
        transfer === null
          ? null
          : { transferredOn: transfer.transferredOn, recipient: transfer.recipient, late: transfer.late },
      suspensions,
      topic: row.topic,
      referral: row.referredTo ? { body: row.referredTo, at: row.referredAt ?? row.receivedAt } : null,
    };
  });
}
