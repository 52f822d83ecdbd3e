import type { StaffActor } from '../../staff/staff-member.js';
import { can } from '../../staff/staff-member.js';
import { bogotaStartOfDay } from '../local-date.js';
import type { LocalDate } from '../local-date.js';
import { loadReportCases } from '../report/load-report-cases.js';
import { buildPqrsdReport, type PqrsdReport } from '../report/pqrsd-report.js';
import { CaseError } from './case-error.js';
import {
  DISCIPLINARY_TYPES,
  mayReadRequester,
  staffCaseView,
  trafficLightOf,
  type StaffCaseView,
} from './case-view.js';
import type { CaseCore } from './case-core.js';
import { nextDay } from './reminder-schedule.js';
import type { CaseListFilter } from './case-service-types.js';

/** Cases this person may see, newest due date first within the filter; the traffic light is computed on read. */
export async function list(
  core: CaseCore,
  actor: StaffActor,
  filter: CaseListFilter,
): Promise<{ total: number; items: StaffCaseView[] }> {
  if (!readsCases(actor)) {
    throw new CaseError('FORBIDDEN', 'Su rol no le permite consultar casos.');
  }
  const where = {
    entityId: core.deps.entityId,
    ...(filter.type ? { type: filter.type } : {}),
    ...(filter.status ? { status: filter.status } : {}),
    ...readScope(actor, filter.dependency),
    ...(filter.from || filter.to
      ? {
          receivedAt: {
            ...(filter.from ? { gte: bogotaStartOfDay(filter.from) } : {}),
            ...(filter.to ? { lt: bogotaStartOfDay(nextDay(filter.to)) } : {}),
          },
        }
      : {}),
  };
  const offset = filter.offset ?? 0;
  const limit = filter.limit ?? 50;
  const orderBy = [{ dueDate: 'asc' as const }, { sequence: 'asc' as const }];
  const today = core.today();
  const calendar = core.deps.settings.calendar;
  let page: Awaited<ReturnType<typeof core.deps.prisma.pqrsdCase.findMany>>;
  let total: number;
  if (filter.light) {
    // The colour depends on today and the calendar, so it is computed here; the rows carry no personal data.
    const rows = await core.deps.prisma.pqrsdCase.findMany({ where, orderBy });
    const lit = rows.filter((row) => trafficLightOf(row, today, calendar).light === filter.light);
    total = lit.length;
    page = lit.slice(offset, offset + limit);
  } else {
    [total, page] = await Promise.all([
      core.deps.prisma.pqrsdCase.count({ where }),
      core.deps.prisma.pqrsdCase.findMany({ where, orderBy, skip: offset, take: limit }),
    ]);
  }
  // Requesters are read only for this page and only where this person may read them.
  const readable = page.filter((row) => mayReadRequester(actor, row)).map((row) => row.id);
  const requesters = readable.length
    ? await core.deps.prisma.caseRequester.findMany({ where: { caseId: { in: readable } } })
    : [];
  const byCase = new Map(requesters.map((r) => [r.caseId, r]));
  const unavailable = core.unavailableSteps();
  return {
    total,
    items: page.map((row) =>
      staffCaseView(row, byCase.get(row.id) ?? null, actor, today, calendar, undefined, unavailable),
    ),
  };
}

/**
 * The transparency report (Ley 1712 art. 11 h) for supervisors and control interno. Built from case columns only:
 * no requester, no free text, so it is safe to publish.
 */
export async function report(
  core: CaseCore,
  actor: StaffActor,
  range: { from: LocalDate; to: LocalDate },
): Promise<PqrsdReport> {
  if (!can(actor, 'reports.read')) throw new CaseError('FORBIDDEN', 'Su rol no le permite consultar reportes.');
  if (range.from > range.to) {
    throw new CaseError(
      'INPUT_NOT_VALID',
      `La fecha inicial (${range.from}) es posterior a la fecha final (${range.to}).`,
    );
  }
  const cases = await loadReportCases(core.deps.prisma, core.deps.entityId, range);
  return buildPqrsdReport(cases, { ...range, today: core.today(), calendar: core.deps.settings.calendar });
}

/**
 * Extensions of anonymous cases, published because there is no address to send them to (Ley 962 de 2005 art. 81;
 * Ley 1755 art. 14 par.): radicado, type, new due date and reasons only.
 */
export async function publishedExtensions(core: CaseCore, limit = 50) {
  const events = await core.deps.prisma.caseEvent.findMany({
    where: { entityId: core.deps.entityId, kind: 'extended', case: { replyChannel: 'publicacion' } },
    orderBy: { at: 'desc' },
    take: Math.min(Math.max(limit, 1), 200),
    select: { at: true, data: true, case: { select: { radicado: true, type: true } } },
  });
  return events.map((e) => {
    const data = e.data as { newDueDate?: string; reasons?: string };
    return {
      radicado: e.case.radicado,
      type: e.case.type,
      publishedAt: e.at.toISOString(),
      newDueDate: data.newDueDate ?? null,
      reasons: data.reasons ?? '',
    };
  });
}

/** Answers to anonymous cases, which are published instead of sent: radicado, type, date and text only. */
export async function publishedAnswers(core: CaseCore, limit = 50) {
  const rows = await core.deps.prisma.pqrsdCase.findMany({
    where: { entityId: core.deps.entityId, answerPublished: true },
    orderBy: { answeredAt: 'desc' },
    take: Math.min(Math.max(limit, 1), 200),
    select: { radicado: true, type: true, answer: true, answeredAt: true, receivedAt: true },
  });
  return rows.map((r) => ({
    radicado: r.radicado,
    type: r.type,
    receivedAt: r.receivedAt.toISOString(),
    answeredAt: r.answeredAt?.toISOString() ?? null,
    answer: r.answer ?? '',
  }));
}

export function readsCases(actor: StaffActor): boolean {
  return can(actor, 'cases.read.all') || can(actor, 'cases.read.dependency') || can(actor, 'cases.read.disciplinary');
}

/** Which cases a list may return to this person: the same rule as `maySeeCase`, as a query. */
export function readScope(actor: StaffActor, dependency: string | undefined): object {
  if (can(actor, 'cases.read.all')) return dependency ? { dependency } : {};
  const own =
    can(actor, 'cases.read.dependency') && actor.dependency !== null ? [{ dependency: actor.dependency }] : [];
  const disciplinary = can(actor, 'cases.read.disciplinary') ? [{ type: { in: [...DISCIPLINARY_TYPES] } }] : [];
  const scopes = [...own, ...disciplinary];
  // As before the disciplinary scope existed, a dependency filter does not widen or narrow a limited reader's view.
  return scopes.length === 0 ? { dependency: '\u0000' } : scopes.length === 1 ? (scopes[0] as object) : { OR: scopes };
}
