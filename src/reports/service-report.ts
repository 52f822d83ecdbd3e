import { channelLabel } from '../cases/report/pqrsd-report.js';
import { toBogotaDate } from '../cases/local-date.js';
import type { LocalDate } from '../cases/local-date.js';
import { durationStats, secondsBetween, share, tallyRows } from './report-math.js';
import type { ServiceReport, UnansweredRow } from './report-types.js';

/** One conversation as the service report sees it: no contact, no text. */
export interface ServiceConversation {
  channel: string;
  startedAt: Date;
  /** Who wrote first: `in` the citizen, `out` the system (a notice, a survey, an answer to a case); null: no message. */
  firstDirection: 'in' | 'out' | null;
  /** At least one Handoff row (any status) belongs to the conversation. */
  hasHandoff: boolean;
}

export interface ServiceHandoff {
  channel: string;
  area: string;
  /** queued | assigned | closed | left */
  status: string;
  queuedAt: Date;
  assignedAt: Date | null;
  firstReplyAt: Date | null;
}

export interface ServiceUnanswered {
  sample: string;
  count: number;
  reason: string;
  entryKey: string | null;
  lastAskedAt: Date;
  resolvedAt: Date | null;
}

export interface ServiceReportRows {
  conversations: readonly ServiceConversation[];
  handoffs: readonly ServiceHandoff[];
  unanswered: readonly ServiceUnanswered[];
}

export interface ServiceReportOptions {
  /** First Colombian calendar day included. */
  from: LocalDate;
  /** Last Colombian calendar day included. */
  to: LocalDate;
  entityName?: string | null;
  /** When the figures were read: "still waiting" means waiting at this instant. */
  now: Date;
  /** The area's name as the entity calls it (`handoff.areas()`); the id when not given or unknown. */
  areaName?: (id: string) => string | undefined;
}

export const UNANSWERED_REASON_LABELS: Readonly<Record<string, string>> = {
  unknown: 'Sin respuesta en la base',
  'not-helpful': 'La respuesta no le sirvió',
};

/**
 * Builds the service report for the Colombian days `from` to `to`, both included. Pure: rows outside the period are
 * ignored here too, so a loader that reads a wider range gives the same figures.
 * @throws RangeError (Spanish) when `from` is after `to`.
 */
export function buildServiceReport(rows: ServiceReportRows, options: ServiceReportOptions): ServiceReport {
  const { from, to } = options;
  if (from > to) throw new RangeError(`La fecha inicial (${from}) es posterior a la fecha final (${to}).`);
  const inPeriod = (at: Date) => {
    const day = toBogotaDate(at);
    return day >= from && day <= to;
  };
  const areaName = (id: string) => options.areaName?.(id) ?? id;

  // A conversation the system opened (a survey, a case's answer) is not demand for the service.
  const conversations = rows.conversations.filter((c) => c.firstDirection === 'in' && inPeriod(c.startedAt));
  const withHandoff = conversations.filter((c) => c.hasHandoff).length;
  const botOnly = conversations.length - withHandoff;

  const handoffs = rows.handoffs.filter((h) => inPeriod(h.queuedAt));
  // A requeue clears assignedAt, so "ever taken and still counted" is exactly "assignedAt is set".
  const attended = handoffs.filter((h) => h.assignedAt !== null);
  const unattended = handoffs.filter((h) => h.assignedAt === null);

  const unanswered = rows.unanswered
    .filter((u) => inPeriod(u.lastAskedAt))
    .sort((a, b) => b.count - a.count || b.lastAskedAt.getTime() - a.lastAskedAt.getTime())
    .map(unansweredRow);

  return {
    entityName: options.entityName ?? null,
    period: { from, to },
    generatedAt: options.now.toISOString(),
    conversations: {
      total: conversations.length,
      byChannel: tallyRows(
        conversations.map((c) => c.channel),
        channelLabel,
      ),
      botOnly,
      withHandoff,
      botResolvedShare: share(botOnly, conversations.length),
      handoffRate: share(withHandoff, conversations.length),
    },
    handoffs: {
      requested: handoffs.length,
      attended: attended.length,
      abandoned: unattended.filter((h) => h.status === 'left').length,
      waiting: unattended.filter((h) => h.status === 'queued').length,
      closedUnattended: unattended.filter((h) => h.status === 'closed').length,
      byArea: tallyRows(
        handoffs.map((h) => h.area),
        areaName,
      ),
      byChannel: tallyRows(
        handoffs.map((h) => h.channel),
        channelLabel,
      ),
      waitToAgent: durationStats(attended.map((h) => secondsBetween(h.queuedAt, h.assignedAt as Date))),
      firstResponse: durationStats(
        handoffs.flatMap((h) => (h.firstReplyAt === null ? [] : [secondsBetween(h.queuedAt, h.firstReplyAt)])),
      ),
    },
    unanswered: { total: unanswered.length, items: unanswered },
  };
}

function unansweredRow(u: ServiceUnanswered): UnansweredRow {
  return {
    question: u.sample,
    count: u.count,
    reason: u.reason,
    reasonLabel: UNANSWERED_REASON_LABELS[u.reason] ?? u.reason,
    entryKey: u.entryKey,
    lastAskedOn: toBogotaDate(u.lastAskedAt),
    resolved: u.resolvedAt !== null,
  };
}
