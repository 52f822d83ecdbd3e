import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import type { Office } from '../entities/office-settings.js';
import { officePageTrigger, type SurveyDefinition, type SurveysFile } from './survey-definitions.js';
import { readAnswer } from './survey-questions.js';

export interface OfficeSurveysDeps {
  prisma: Db;
  entityId: string;
  logger: Logger;
  /** encuestas.yaml as read at start; null: the entity has no surveys, so no office pages either. */
  file: () => SurveysFile | null;
  now?: () => Date;
}

/** What the citizen left wrong on the page, per question, in Spanish. */
export interface AnswerProblem {
  questionId: string;
  message: string;
}

/** Days a counter case's survey link stays open: the answer may travel by post. */
export const caseLinkDays = 30;

export type RecordResult = { ok: true; runId: string } | { ok: false; problems: AnswerProblem[] };

/**
 * Surveys answered on an office's page (a QR code at the counter, a link read out on the phone): the whole survey
 * arrives at once, with no chat behind it, so the run is stored already finished and tagged with the office and
 * the office's channel. The reports then count it beside the chat surveys.
 */
export class OfficeSurveys {
  private readonly now: () => Date;

  constructor(private readonly deps: OfficeSurveysDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The survey the pages show (`enviar.oficina` of encuestas.yaml); undefined when there is none. */
  survey(): SurveyDefinition | undefined {
    const file = this.deps.file();
    if (!file) return undefined;
    return file.encuestas.find((s) => s.id === file.enviar.oficina);
  }

  /** The survey about a case's answer (`enviar.respuestaCaso`), which a counter case's link opens. */
  caseSurvey(): SurveyDefinition | undefined {
    const file = this.deps.file();
    if (!file) return undefined;
    return file.encuestas.find((s) => s.id === file.enviar.respuestaCaso);
  }

  /**
   * The run behind a counter or phone case's survey link, created once per case: the official puts the link in the
   * answer that goes by e-mail or by post (the reply channel), as the chat does with its own survey after an answer.
   */
  async runForCase(caseRow: { id: string; channel: string; office: string | null }): Promise<string | null> {
    const survey = this.caseSurvey();
    if (!survey) return null;
    const { prisma, entityId } = this.deps;
    const existing = await prisma.surveyRun.findFirst({
      where: { entityId, caseId: caseRow.id, trigger: 'case_answered', contactId: null },
      select: { id: true },
    });
    if (existing) return existing.id;
    const created = await prisma.surveyRun.create({
      data: {
        entityId,
        surveyId: survey.id,
        contactId: null,
        channel: caseRow.channel,
        office: caseRow.office,
        trigger: 'case_answered',
        caseId: caseRow.id,
        status: 'sent',
        sentAt: this.now(),
      },
      select: { id: true },
    });
    this.deps.logger.info({ runId: created.id, caseId: caseRow.id }, 'case survey link created');
    return created.id;
  }

  /** A case link's run as its page needs it; `closed` once answered or older than {@link caseLinkDays}. */
  async caseRun(runId: string): Promise<{ survey: SurveyDefinition; radicado: string; closed: boolean } | null> {
    const { prisma, entityId } = this.deps;
    const run = await prisma.surveyRun.findUnique({ where: { id: runId } });
    if (!run || run.entityId !== entityId || run.trigger !== 'case_answered' || run.contactId !== null || !run.caseId)
      return null;
    const file = this.deps.file();
    const survey = file?.encuestas.find((s) => s.id === run.surveyId);
    const row = await prisma.pqrsdCase.findUnique({ where: { id: run.caseId }, select: { radicado: true } });
    if (!survey || !row) return null;
    const tooOld = this.now().getTime() - run.sentAt.getTime() > caseLinkDays * 86_400_000;
    return { survey, radicado: row.radicado, closed: run.status !== 'sent' || tooOld };
  }

  /** Stores the answers of a case link's survey; a run already answered keeps its first answers. */
  async recordForCase(
    runId: string,
    given: Readonly<Record<string, string | undefined>>,
  ): Promise<RecordResult | { ok: false; closed: true }> {
    const found = await this.caseRun(runId);
    if (!found || found.closed) return { ok: false, closed: true };
    const checked = checkAnswers(found.survey, given);
    if (!checked.ok) return checked;
    const now = this.now();
    const { prisma, entityId } = this.deps;
    const stored = await prisma.$transaction(async (tx) => {
      // Only the first submission wins: two taps on "Enviar" or a second phone with the same letter.
      const claimed = await tx.surveyRun.updateMany({
        where: { id: runId, status: 'sent' },
        data: { status: 'answered', finishedAt: now },
      });
      if (claimed.count === 0) return false;
      await tx.surveyAnswer.createMany({
        data: checked.answers.map((a) => ({
          entityId,
          runId,
          questionId: a.questionId,
          value: a.value,
          score: a.score,
          createdAt: now,
        })),
      });
      return true;
    });
    if (!stored) return { ok: false, closed: true };
    this.deps.logger.info({ runId }, 'case survey answered');
    return { ok: true, runId };
  }

  /**
   * Checks every answer with the same rules as the chat (src/surveys/survey-questions.ts) and stores the run and its
   * answers in one transaction. `given` maps question ids to the submitted value; missing or blank means unanswered.
   */
  async record(office: Office, given: Readonly<Record<string, string | undefined>>): Promise<RecordResult> {
    const survey = this.survey();
    if (!survey) return { ok: false, problems: [] };
    const checked = checkAnswers(survey, given);
    if (!checked.ok) return checked;
    const answers = checked.answers;
    const now = this.now();
    const { prisma, entityId } = this.deps;
    const run = await prisma.$transaction(async (tx) => {
      const created = await tx.surveyRun.create({
        data: {
          entityId,
          surveyId: survey.id,
          contactId: null,
          channel: office.canal,
          office: office.id,
          trigger: officePageTrigger,
          status: 'answered',
          sentAt: now,
          finishedAt: now,
        },
        select: { id: true },
      });
      await tx.surveyAnswer.createMany({
        data: answers.map((a) => ({
          entityId,
          runId: created.id,
          questionId: a.questionId,
          value: a.value,
          score: a.score,
          createdAt: now,
        })),
      });
      return created;
    });
    this.deps.logger.info({ runId: run.id, office: office.id, surveyId: survey.id }, 'office survey answered');
    return { ok: true, runId: run.id };
  }
}

/** Reads every answer of a whole survey; problems in Spanish per question, or the answers to store. */
export function checkAnswers(
  survey: SurveyDefinition,
  given: Readonly<Record<string, string | undefined>>,
):
  | { ok: true; answers: { questionId: string; value: string; score: number | null }[] }
  | { ok: false; problems: AnswerProblem[] } {
  const problems: AnswerProblem[] = [];
  const answers: { questionId: string; value: string; score: number | null }[] = [];
  for (const question of survey.preguntas) {
    const read = readAnswer(question, given[question.id] ?? null);
    if (read.kind === 'answer') answers.push({ questionId: question.id, value: read.value, score: read.score });
    else if (read.kind === 'skip_question' && question.opcional) continue;
    else if (read.kind === 'skip_question' || (read.kind === 'invalid' && (given[question.id] ?? '').trim() === '')) {
      problems.push({ questionId: question.id, message: 'Responda esta pregunta.' });
    } else {
      // "omitir" typed in a comment box, or a value that is not one of the options (a hand-made request).
      problems.push({
        questionId: question.id,
        message:
          question.tipo === 'texto' ? 'Escriba su comentario o deje el campo vacío.' : 'Elija una de las opciones.',
      });
    }
  }
  if (problems.length === 0 && answers.length === 0) {
    const first = survey.preguntas[0];
    if (first) problems.push({ questionId: first.id, message: 'Responda al menos una pregunta.' });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, answers };
}
