import { triggerSetting, type SurveyDefinition, type SurveysFile, type SurveyTrigger } from './survey-definitions.js';
import { surveyJobKind, type SurveyRequest } from './survey-job-kind.js';
import { askedQuestion } from './survey-questions.js';
import type { SurveyServiceDeps } from './survey-service-deps.js';
import type { SurveyRunRow, SurveyState } from './survey-state.js';

/**
 * A survey run in the database: which survey a moment sends, whether the citizen was surveyed within the interval,
 * creating a run with its reminder and expiry timers, the next question to ask, and finishing it.
 */
export class SurveyRuns {
  constructor(
    private readonly deps: SurveyServiceDeps,
    private readonly now: () => Date,
  ) {}

  surveyFor(trigger: SurveyTrigger): SurveyDefinition | undefined {
    const file = this.deps.file;
    if (!file) return undefined;
    const chosen = file.enviar[triggerSetting[trigger]];
    return file.encuestas.find((s) => s.id === chosen);
  }

  async surveyedRecently(contactId: string): Promise<boolean> {
    const days = this.deps.file?.intervaloDias ?? 0;
    if (days === 0) return false;
    const since = new Date(this.now().getTime() - days * 86_400_000);
    return (
      (await this.deps.prisma.surveyRun.count({
        where: { entityId: this.deps.entityId, contactId, sentAt: { gt: since } },
      })) > 0
    );
  }

  async create(
    file: SurveysFile,
    definition: SurveyDefinition,
    request: SurveyRequest,
    conversationId: string,
  ): Promise<SurveyRunRow> {
    const now = this.now();
    const run = await this.deps.prisma.surveyRun.create({
      data: {
        entityId: this.deps.entityId,
        surveyId: definition.id,
        contactId: request.contactId,
        channel: request.channel,
        conversationId,
        trigger: request.trigger,
        handoffId: request.handoffId ?? null,
        agentId: request.agentId ?? null,
        caseId: request.caseId ?? null,
        status: 'sent',
        sentAt: now,
      },
    });
    const job = (step: 'remind' | 'expire', hours: number) =>
      this.deps.timers.schedule({
        entityId: this.deps.entityId,
        kind: surveyJobKind,
        key: `survey:${run.id}:${step}`,
        runAt: new Date(now.getTime() + hours * 3_600_000),
        payload: { step, runId: run.id },
      });
    await job('remind', file.recordatorioHoras);
    await job('expire', file.venceHoras);
    return run;
  }

  /** The run if it is this entity's and this contact's; anyone else's is as good as missing. */
  async own(runId: string, contactId: string): Promise<SurveyRunRow | null> {
    const run = await this.deps.prisma.surveyRun.findUnique({ where: { id: runId } });
    return run && run.entityId === this.deps.entityId && run.contactId === contactId ? run : null;
  }

  /** The first question after the last one answered (skipped optional ones are not asked again). */
  async continue(file: SurveysFile, run: SurveyRunRow, intro: string | null): Promise<SurveyState> {
    const definition = file.encuestas.find((s) => s.id === run.surveyId);
    if (!definition) return this.finish(run, file.textos.gracias);
    const answered = await this.deps.prisma.surveyAnswer.findMany({
      where: { runId: run.id },
      select: { questionId: true },
    });
    const ids = new Set(answered.map((a) => a.questionId));
    const last = definition.preguntas.reduce((max, q, i) => (ids.has(q.id) ? i : max), -1);
    if (last + 1 >= definition.preguntas.length) return this.finish(run, file.textos.gracias);
    return this.stateAt(file, run, definition, last + 1, intro);
  }

  stateAt(
    file: SurveysFile,
    run: SurveyRunRow,
    definition: SurveyDefinition,
    index: number,
    intro: string | null,
  ): SurveyState {
    const question = definition.preguntas[index]!;
    return {
      id: run.id,
      pregunta: askedQuestion(question, index, definition.preguntas.length, file.textos),
      intro,
      despedida: null,
    };
  }

  /** Answered when at least one answer was given, skipped otherwise; the timers are no longer needed. */
  async finish(run: SurveyRunRow, words: string): Promise<SurveyState> {
    const { prisma } = this.deps;
    const answers = await prisma.surveyAnswer.count({ where: { runId: run.id } });
    const status = answers > 0 ? 'answered' : 'skipped';
    await prisma.surveyRun.updateMany({
      where: { id: run.id, status: 'sent' },
      data: { status, finishedAt: this.now() },
    });
    await this.deps.timers.cancel(`survey:${run.id}:remind`);
    await this.deps.timers.cancel(`survey:${run.id}:expire`);
    this.deps.logger.info({ runId: run.id, status }, 'survey finished');
    return { id: run.id, pregunta: null, intro: null, despedida: words };
  }
}

/** The survey's opening words, about the case when there is one. */
export function introOf(definition: SurveyDefinition, radicado: string | undefined): string {
  return definition.intro.replaceAll('{radicado}', radicado ?? 'su solicitud');
}
