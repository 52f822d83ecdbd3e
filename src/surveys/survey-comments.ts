import { normalizeText } from '../lib/normalize-text.js';
import type { SurveyServiceDeps } from './survey-service-deps.js';

/** A citizen's free comment in a survey, with what it was about. */
export type SurveyComment = {
  runId: string;
  surveyId: string;
  questionId: string;
  value: string;
  at: Date;
  channel: string;
  conversationId: string | null;
  caseId: string | null;
  agentId: string | null;
};

/** Free comments containing `text` (case and accents ignored), newest first. */
export async function searchSurveyComments(
  deps: Pick<SurveyServiceDeps, 'prisma' | 'entityId' | 'file'>,
  text: string,
  limit = 50,
): Promise<SurveyComment[]> {
  const wanted = normalizeText(text);
  if (wanted === '') return [];
  // Accent-insensitive matching is not portable SQL across SQLite and PostgreSQL; comments are few enough to fold here.
  const rows = await deps.prisma.surveyAnswer.findMany({
    where: { entityId: deps.entityId, score: null },
    orderBy: { createdAt: 'desc' },
    take: 5000,
    include: {
      run: { select: { surveyId: true, channel: true, conversationId: true, caseId: true, agentId: true } },
    },
  });
  // Answers to options without a puntaje have no score either: only questions written as free text are comments.
  const isComment = (surveyId: string, questionId: string) =>
    deps.file?.encuestas.find((s) => s.id === surveyId)?.preguntas.find((q) => q.id === questionId)?.tipo === 'texto';
  return rows
    .filter((r) => isComment(r.run.surveyId, r.questionId) && normalizeText(r.value).includes(wanted))
    .slice(0, limit)
    .map((r) => ({
      runId: r.runId,
      surveyId: r.run.surveyId,
      questionId: r.questionId,
      value: r.value,
      at: r.createdAt,
      channel: r.run.channel,
      conversationId: r.run.conversationId,
      caseId: r.run.caseId,
      agentId: r.run.agentId,
    }));
}
