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

  /**
   * Checks every answer with the same rules as the chat (src/surveys/survey-questions.ts) and stores the run and its
   * answers in one transaction. `given` maps question ids to the submitted value; missing or blank means unanswered.
   */
  async record(office: Office, given: Readonly<Record<string, string | undefined>>): Promise<RecordResult> {
    const survey = this.survey();
    if (!survey) return { ok: false, problems: [] };
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
    if (problems.length > 0) return { ok: false, problems };

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
