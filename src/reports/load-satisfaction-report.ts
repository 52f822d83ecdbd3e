import { addDays, bogotaStartOfDay } from '../cases/local-date.js';
import type { Db } from '../db/database.js';
import type { SurveyDefinition, SurveysFile } from '../surveys/survey-definitions.js';
import type { ReportPeriod, SatisfactionReport } from './report-types.js';
import { buildSatisfactionReport } from './satisfaction-report.js';

/**
 * Reads the survey runs sent on the Colombian days `range.from` to `range.to` (both included), with their answers and
 * the names of the agents they are about, and builds the satisfaction report. `definitions` is the parsed
 * encuestas.yaml (or its `encuestas` list); null when the entity has none: runs still count, under their stored ids.
 */
export async function loadSatisfactionReport(
  prisma: Db,
  entityId: string,
  range: ReportPeriod,
  options: {
    entityName?: string | null;
    definitions: SurveysFile | readonly SurveyDefinition[] | null;
    commentsMatching?: string;
    /** The entity's offices (settings.oficinas), listed in the breakdowns with zeros. */
    offices?: readonly { id: string; name: string; channel: string }[];
  },
): Promise<SatisfactionReport> {
  const runs = await prisma.surveyRun.findMany({
    where: { entityId, sentAt: { gte: bogotaStartOfDay(range.from), lt: bogotaStartOfDay(addDays(range.to, 1)) } },
    select: {
      surveyId: true,
      channel: true,
      trigger: true,
      agentId: true,
      office: true,
      status: true,
      sentAt: true,
      answers: { select: { questionId: true, value: true, score: true, createdAt: true } },
    },
    orderBy: { sentAt: 'asc' },
  });
  const agentIds = [...new Set(runs.flatMap((r) => (r.agentId === null ? [] : [r.agentId])))];
  const agents =
    agentIds.length === 0
      ? []
      : await prisma.staffMember.findMany({
          where: { entityId, id: { in: agentIds } },
          select: { id: true, name: true },
        });
  const names = new Map(agents.map((a) => [a.id, a.name]));
  const definitions =
    options.definitions === null
      ? []
      : 'encuestas' in options.definitions
        ? options.definitions.encuestas
        : options.definitions;

  return buildSatisfactionReport(
    runs.map((r) => ({ ...r, agentName: r.agentId === null ? null : (names.get(r.agentId) ?? null) })),
    {
      from: range.from,
      to: range.to,
      entityName: options.entityName ?? null,
      definitions,
      ...(options.offices ? { offices: options.offices } : {}),
      ...(options.commentsMatching !== undefined ? { commentsMatching: options.commentsMatching } : {}),
    },
  );
}
