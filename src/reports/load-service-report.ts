import { addDays, bogotaStartOfDay } from '../cases/local-date.js';
import type { Db } from '../db/database.js';
import type { ReportPeriod, ServiceReport } from './report-types.js';
import { buildCounterAndPhone, COUNTER_CHANNELS } from './counter-report.js';
import { buildServiceReport } from './service-report.js';
import type { ServiceConversation } from './service-report.js';

/** Ids per `IN (...)` list: well under SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;

/**
 * Reads what the service report needs for the Colombian days `range.from` to `range.to` (both included) and builds
 * it. Only counting columns are selected: no message text, no contact, no phone number.
 */
export async function loadServiceReport(
  prisma: Db,
  entityId: string,
  range: ReportPeriod,
  options: {
    entityName?: string | null;
    now: Date;
    areaName?: (id: string) => string | undefined;
    /** The office's name (settings.oficinas) for its id. */
    officeName?: (id: string) => string | undefined;
  },
): Promise<ServiceReport> {
  const window = { gte: bogotaStartOfDay(range.from), lt: bogotaStartOfDay(addDays(range.to, 1)) };

  const [conversations, firstMessages, handoffs, unanswered] = await Promise.all([
    prisma.conversation.findMany({
      where: { entityId, startedAt: window },
      select: { id: true, channel: true, startedAt: true },
    }),
    // The earliest message of each direction per conversation, computed by the database: who wrote first.
    prisma.message.groupBy({
      by: ['conversationId', 'direction'],
      where: { entityId, conversation: { startedAt: window } },
      _min: { createdAt: true },
    }),
    prisma.handoff.findMany({
      where: { entityId, queuedAt: window },
      select: { channel: true, area: true, status: true, queuedAt: true, assignedAt: true, firstReplyAt: true },
    }),
    prisma.unansweredQuestion.findMany({
      where: { entityId, lastAskedAt: window },
      select: { sample: true, count: true, reason: true, entryKey: true, lastAskedAt: true, resolvedAt: true },
    }),
  ]);

  const firstIn = new Map<string, number>();
  const firstOut = new Map<string, number>();
  for (const m of firstMessages) {
    const at = m._min.createdAt?.getTime();
    if (at === undefined) continue;
    (m.direction === 'in' ? firstIn : firstOut).set(m.conversationId, at);
  }

  // A handoff of a conversation started in the period may be queued after it ends: asked per conversation, not by date.
  const withHandoff = new Set<string>();
  const ids = conversations.map((c) => c.id);
  for (let i = 0; i < ids.length; i += CHUNK) {
    const found = await prisma.handoff.findMany({
      where: { entityId, conversationId: { in: ids.slice(i, i + CHUNK) } },
      select: { conversationId: true },
      distinct: ['conversationId'],
    });
    for (const h of found) withHandoff.add(h.conversationId);
  }

  const rows: ServiceConversation[] = conversations.map((c) => {
    const inAt = firstIn.get(c.id);
    const outAt = firstOut.get(c.id);
    // Same millisecond: the citizen's message is stored before the bot's answer to it is even written.
    const firstDirection =
      inAt === undefined ? (outAt === undefined ? null : 'out') : outAt === undefined || inAt <= outAt ? 'in' : 'out';
    return { channel: c.channel, startedAt: c.startedAt, firstDirection, hasHandoff: withHandoff.has(c.id) };
  });

  const [contacts, petitions, intakes] = await Promise.all([
    prisma.serviceContact.findMany({
      where: { entityId, at: window },
      select: { channel: true, office: true, topic: true, at: true },
    }),
    prisma.pqrsdCase.findMany({
      where: { entityId, receivedAt: window, channel: { in: [...COUNTER_CHANNELS] } },
      select: { id: true, channel: true, receivedAt: true },
    }),
    // The counter form records the office in the case's history (src/http/intake-routes.ts).
    prisma.caseEvent.findMany({
      where: { entityId, kind: 'intake', case: { receivedAt: window } },
      select: { caseId: true, data: true },
    }),
  ]);
  const officeOfCase = new Map(intakes.map((e) => [e.caseId, officeIn(e.data)]));

  const report = buildServiceReport(
    { conversations: rows, handoffs, unanswered },
    {
      from: range.from,
      to: range.to,
      entityName: options.entityName ?? null,
      now: options.now,
      areaName: options.areaName,
    },
  );
  return {
    ...report,
    counterAndPhone: buildCounterAndPhone(
      {
        contacts,
        petitions: petitions.map((p) => ({
          channel: p.channel,
          receivedAt: p.receivedAt,
          office: officeOfCase.get(p.id) ?? null,
        })),
      },
      { from: range.from, to: range.to, ...(options.officeName ? { officeName: options.officeName } : {}) },
    ),
  };
}

function officeIn(data: unknown): string | null {
  const office = (data as { office?: unknown } | null)?.office;
  return typeof office === 'string' ? office : null;
}
