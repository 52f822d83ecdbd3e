import type { SurveysFile } from './survey-definitions.js';
import { readAnswer } from './survey-questions.js';
import { surveyJobKind, type SurveyRequest, type SurveyTimerPayload } from './survey-job-kind.js';
import { searchSurveyComments, type SurveyComment } from './survey-comments.js';
import { SurveyDelivery } from './survey-delivery.js';
import { introOf, SurveyRuns } from './survey-runs.js';
import type { SurveyServiceDeps } from './survey-service-deps.js';
import { noSurvey, type SurveyState } from './survey-state.js';

export { surveyJobKind, type SurveyRequest, type SurveyTimerPayload } from './survey-job-kind.js';
export type { SurveyServiceDeps } from './survey-service-deps.js';
export { surveyFlowId, type SurveyState } from './survey-state.js';

/**
 * Satisfaction surveys (issue #10): which survey each moment sends, at most one per citizen per interval, the run
 * and its answers in the database, and one reminder then expiry by durable timers. The questions themselves are
 * asked by flows/encuesta.yaml, which calls `survey.start` and `survey.answer`.
 */
export class SurveyService {
  private readonly now: () => Date;
  private readonly runs: SurveyRuns;
  private readonly delivery: SurveyDelivery;

  constructor(private readonly deps: SurveyServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.runs = new SurveyRuns(deps, this.now);
    this.delivery = new SurveyDelivery(deps, this.runs, this.now);
  }

  /** encuestas.yaml as read at start (the reports take titles, questions and the CSAT question from it). */
  get definitions(): SurveysFile | null {
    return this.deps.file;
  }

  get enabled(): boolean {
    return this.deps.file !== null;
  }

  /** After an agent closes a conversation: the survey about that attention, linked to the agent and handoff. */
  async afterAgentClose(closed: { handoffId: string; contactId: string; channel: string }): Promise<void> {
    const handoff = await this.deps.prisma.handoff.findUnique({
      where: { id: closed.handoffId },
      select: { agentId: true },
    });
    await this.offer({
      trigger: 'agent_close',
      contactId: closed.contactId,
      channel: closed.channel,
      handoffId: closed.handoffId,
      ...(handoff?.agentId ? { agentId: handoff.agentId } : {}),
    });
  }

  /** After a case's answer reached the citizen: the survey about that answer, linked to the case. */
  async afterCaseAnswered(answered: { caseId: string; conversationId: string }): Promise<void> {
    const { prisma } = this.deps;
    const conversation = await prisma.conversation.findUnique({
      where: { id: answered.conversationId },
      select: { contactId: true, channel: true },
    });
    if (!conversation) return;
    const row = await prisma.pqrsdCase.findUnique({ where: { id: answered.caseId }, select: { radicado: true } });
    await this.offer({
      trigger: 'case_answered',
      contactId: conversation.contactId,
      channel: conversation.channel,
      caseId: answered.caseId,
      ...(row ? { radicado: row.radicado } : {}),
    });
  }

  /**
   * Queues the sending as a durable timer due now: the moment that triggers it (an agent's click, an official's
   * answer) does not wait for it, the closing notice goes out first, and a restart in between still sends it.
   */
  async offer(request: SurveyRequest): Promise<void> {
    if (!this.runs.surveyFor(request.trigger)) return;
    const now = this.now();
    const ref = request.handoffId ?? request.caseId ?? `${request.contactId}:${now.getTime()}`;
    await this.deps.timers.schedule({
      entityId: this.deps.entityId,
      kind: surveyJobKind,
      key: `survey:send:${request.trigger}:${ref}`,
      runAt: now,
      payload: { step: 'send', firstAt: now.toISOString(), ...request },
    });
  }

  async runTimer(payload: SurveyTimerPayload): Promise<void> {
    if (payload.step === 'send') await this.delivery.send(payload);
    else if (payload.step === 'remind') await this.delivery.remind(payload.runId);
    else await this.expire(payload.runId);
  }

  /** `survey.start`: continues the run the system sent (`run`), or starts the end-of-conversation survey. */
  async start(
    args: { run?: string; survey?: string },
    ctx: { contactId: string; channel: string; conversationId: string },
  ): Promise<SurveyState> {
    const file = this.deps.file;
    if (!file) return noSurvey;
    const { prisma } = this.deps;
    if (args.run) {
      const run = await this.runs.own(args.run, ctx.contactId);
      if (!run) return noSurvey;
      if (run.status !== 'sent') return { ...noSurvey, id: run.id, despedida: file.textos.cerrada };
      if (run.conversationId !== ctx.conversationId)
        await prisma.surveyRun.update({ where: { id: run.id }, data: { conversationId: ctx.conversationId } });
      return this.runs.continue(file, run, null);
    }
    // The same turn run again after a crash finds the run it started.
    const again = await prisma.surveyRun.findFirst({
      where: { conversationId: ctx.conversationId, trigger: 'bot_end', status: 'sent' },
      orderBy: { sentAt: 'desc' },
    });
    if (again) return this.runs.continue(file, again, null);
    const definition = args.survey ? file.encuestas.find((s) => s.id === args.survey) : this.runs.surveyFor('bot_end');
    if (!definition) return noSurvey;
    if (await this.runs.surveyedRecently(ctx.contactId)) return noSurvey;
    const run = await this.runs.create(
      file,
      definition,
      { trigger: 'bot_end', contactId: ctx.contactId, channel: ctx.channel },
      ctx.conversationId,
    );
    return this.runs.continue(file, run, introOf(definition, undefined));
  }

  /** `survey.answer`: stores one answer (or the skip) and gives the next question, or the closing words. */
  async answer(
    args: { run: string; question: string; answer: string | null },
    ctx: { contactId: string },
  ): Promise<SurveyState> {
    const file = this.deps.file;
    if (!file) return noSurvey;
    const run = await this.runs.own(args.run, ctx.contactId);
    if (!run) return noSurvey;
    if (run.status !== 'sent') return { ...noSurvey, id: run.id, despedida: file.textos.cerrada };
    const definition = file.encuestas.find((s) => s.id === run.surveyId);
    const index = definition?.preguntas.findIndex((q) => q.id === args.question) ?? -1;
    const question = definition?.preguntas[index];
    if (!definition || !question) return this.runs.finish(run, file.textos.gracias);
    const read = readAnswer(question, args.answer);
    if (read.kind === 'skip_survey') return this.runs.finish(run, file.textos.omitida);
    if (read.kind === 'invalid') return this.runs.continue(file, run, null);
    if (read.kind === 'answer') {
      const data = { value: read.value, score: read.score };
      await this.deps.prisma.surveyAnswer.upsert({
        where: { runId_questionId: { runId: run.id, questionId: question.id } },
        create: {
          entityId: this.deps.entityId,
          runId: run.id,
          questionId: question.id,
          createdAt: this.now(),
          ...data,
        },
        update: data,
      });
    }
    const next = index + 1;
    if (next >= definition.preguntas.length) return this.runs.finish(run, file.textos.gracias);
    return this.runs.stateAt(file, run, definition, next, null);
  }

  /** Free comments containing `text` (case and accents ignored), newest first. */
  search(text: string, limit = 50): Promise<SurveyComment[]> {
    return searchSurveyComments(this.deps, text, limit);
  }

  private async expire(runId: string): Promise<void> {
    const changed = await this.deps.prisma.surveyRun.updateMany({
      where: { id: runId, status: 'sent' },
      data: { status: 'expired', finishedAt: this.now() },
    });
    if (changed.count > 0) this.deps.logger.info({ runId }, 'survey expired');
  }
}
