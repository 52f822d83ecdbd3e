import { addDays, bogotaStartOfDay } from '../cases/local-date.js';
import type { Db } from '../db/database.js';
import { profileFromRow, type PopulationProfile } from '../population/population-profile.js';
import { csatQuestionOf, type SurveyDefinition } from '../surveys/survey-definitions.js';
import { buildPopulationReport, type PopulationReport } from './population-report.js';
import type { ReportPeriod } from './report-types.js';
import { SATISFIED_FROM } from './satisfaction-report.js';

const profileColumns = {
  disability: true,
  ethnicGroup: true,
  armedConflictVictim: true,
  ageGroup: true,
  sex: true,
  genderIdentity: true,
} as const;

/**
 * The population breakdowns of the cases received and the surveys sent on the Colombian days of `range`. Only the
 * profile columns are read, never who the people are: the result is aggregated and suppressed before it leaves.
 */
export async function loadPopulationReport(
  prisma: Db,
  entityId: string,
  range: ReportPeriod,
  options: { threshold: number; definitions: readonly SurveyDefinition[] },
): Promise<PopulationReport> {
  const window = { gte: bogotaStartOfDay(range.from), lt: bogotaStartOfDay(addDays(range.to, 1)) };
  const cases = await prisma.pqrsdCase.findMany({
    where: { entityId, receivedAt: window },
    select: { population: { select: profileColumns } },
  });
  const runs = await prisma.surveyRun.findMany({
    where: { entityId, sentAt: window, status: 'answered' },
    select: {
      surveyId: true,
      caseId: true,
      conversationId: true,
      answers: { select: { questionId: true, score: true } },
    },
  });
  const csatIdOf = new Map(options.definitions.map((s) => [s.id, csatQuestionOf(s)?.id]));
  const scored = runs.flatMap((r) => {
    const questionId = csatIdOf.get(r.surveyId);
    const score = r.answers.find((a) => a.questionId === questionId)?.score;
    return questionId === undefined || score == null ? [] : [{ ...r, score }];
  });
  const caseIds = scored.flatMap((r) => (r.caseId ? [r.caseId] : []));
  const conversationIds = scored.flatMap((r) => (!r.caseId && r.conversationId ? [r.conversationId] : []));
  const profiles =
    scored.length === 0
      ? []
      : await prisma.populationProfile.findMany({
          where: { entityId, OR: [{ caseId: { in: caseIds } }, { conversationId: { in: conversationIds } }] },
          select: { caseId: true, conversationId: true, ...profileColumns },
        });
  const byCase = new Map(profiles.flatMap((p) => (p.caseId ? [[p.caseId, profileFromRow(p)] as const] : [])));
  const byConversation = new Map(
    profiles.flatMap((p) => (p.conversationId ? [[p.conversationId, profileFromRow(p)] as const] : [])),
  );
  const profileOfRun = (r: { caseId: string | null; conversationId: string | null }): PopulationProfile | null =>
    (r.caseId ? byCase.get(r.caseId) : r.conversationId ? byConversation.get(r.conversationId) : undefined) ?? null;

  return buildPopulationReport(
    cases.map((c) => ({ profile: c.population ? profileFromRow(c.population) : null })),
    scored.map((r) => ({ profile: profileOfRun(r), satisfied: r.score >= SATISFIED_FROM })),
    options.threshold,
  );
}
