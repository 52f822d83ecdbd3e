import type { Logger } from 'pino';
import type { JobTimers } from '../core/job-kind.js';
import type { OutboundMessageInput } from '../lib/messages.js';
import type { Db } from '../db/database.js';
import { parseFlowSession, type JsonValue } from '../flows/index.js';
import { normalizeText } from '../lib/normalize-text.js';
import { triggerSetting, type SurveyDefinition, type SurveysFile, type SurveyTrigger } from './survey-definitions.js';
import { askedQuestion, readAnswer, type AskedQuestion } from './survey-questions.js';
import { surveyJobKind, type SurveyRequest, type SurveyTimerPayload } from './survey-job-kind.js';

export { surveyJobKind, type SurveyRequest, type SurveyTimerPayload } from './survey-job-kind.js';

/** The flow that asks the questions (flows/encuesta.yaml). */
export const surveyFlowId = 'encuesta';

/** When the citizen is busy with the bot, the survey waits this long before trying again. */
const busyRetryMs = 30 * 60_000;

/** What flows/encuesta.yaml keeps in `{{encuesta}}`. */
export interface SurveyState {
  id: string | null;
  pregunta: AskedQuestion | null;
  /** Said before the first question when the flow itself started the survey. */
  intro: string | null;
  /** Said when the survey is over (thanks, skipped, closed); null when there is nothing to say. */
  despedida: string | null;
}

export interface SurveyServiceDeps {
  prisma: Db;
  entityId: string;
  logger: Logger;
  /** encuestas.yaml, checked; null: the entity sends no surveys. */
  file: SurveysFile | null;
  timers: JobTimers;
  conversations: {
    /** Starts a flow for the contact (ConversationEngine.begin): null when a person holds the conversation. */
    begin(
      contact: { entityId: string; contactId: string; channel: string },
      flowId: string,
      vars: Record<string, JsonValue>,
    ): Promise<string | null>;
    notify(conversationId: string, message: OutboundMessageInput): Promise<void>;
    /** Whether the current flows have this flow (an editor may have removed encuesta.yaml). */
    hasFlow(flowId: string): boolean;
  };
  now?: () => Date;
}

type RunRow = {
  id: string;
  surveyId: string;
  /** Null for a run answered on an office's survey page: no chat to send to or remind. */
  contactId: string | null;
  channel: string;
  conversationId: string | null;
  trigger: string;
  status: string;
  sentAt: Date;
  remindedAt: Date | null;
  caseId: string | null;
};

const none: SurveyState = { id: null, pregunta: null, intro: null, despedida: null };

/**
 * Satisfaction surveys (issue #10): which survey each moment sends, at most one per citizen per interval, the run
 * and its answers in the database, and one reminder then expiry by durable timers. The questions themselves are
 * asked by flows/encuesta.yaml, which calls `survey.start` and `survey.answer`.
 */
export class SurveyService {
  private readonly now: () => Date;

  constructor(private readonly deps: SurveyServiceDeps) {
    this.now = deps.now ?? (() => new Date());
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
    if (!this.surveyFor(request.trigger)) return;
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
    if (payload.step === 'send') await this.send(payload);
    else if (payload.step === 'remind') await this.remind(payload.runId);
    else await this.expire(payload.runId);
  }

  /** `survey.start`: continues the run the system sent (`run`), or starts the end-of-conversation survey. */
  async start(
    args: { run?: string; survey?: string },
    ctx: { contactId: string; channel: string; conversationId: string },
  ): Promise<SurveyState> {
    const file = this.deps.file;
    if (!file) return none;
    const { prisma } = this.deps;
    if (args.run) {
      const run = await this.ownRun(args.run, ctx.contactId);
      if (!run) return none;
      if (run.status !== 'sent') return { ...none, id: run.id, despedida: file.textos.cerrada };
      if (run.conversationId !== ctx.conversationId)
        await prisma.surveyRun.update({ where: { id: run.id }, data: { conversationId: ctx.conversationId } });
      return this.continueRun(run, null);
    }
    // The same turn run again after a crash finds the run it started.
    const again = await prisma.surveyRun.findFirst({
      where: { conversationId: ctx.conversationId, trigger: 'bot_end', status: 'sent' },
      orderBy: { sentAt: 'desc' },
    });
    if (again) return this.continueRun(again, null);
    const definition = args.survey ? file.encuestas.find((s) => s.id === args.survey) : this.surveyFor('bot_end');
    if (!definition) return none;
    if (await this.surveyedRecently(ctx.contactId)) return none;
    const run = await this.createRun(
      definition,
      { trigger: 'bot_end', contactId: ctx.contactId, channel: ctx.channel },
      ctx.conversationId,
    );
    return this.continueRun(run, introOf(definition, undefined));
  }

  /** `survey.answer`: stores one answer (or the skip) and gives the next question, or the closing words. */
  async answer(
    args: { run: string; question: string; answer: string | null },
    ctx: { contactId: string },
  ): Promise<SurveyState> {
    const file = this.deps.file;
    if (!file) return none;
    const run = await this.ownRun(args.run, ctx.contactId);
    if (!run) return none;
    if (run.status !== 'sent') return { ...none, id: run.id, despedida: file.textos.cerrada };
    const definition = file.encuestas.find((s) => s.id === run.surveyId);
    const index = definition?.preguntas.findIndex((q) => q.id === args.question) ?? -1;
    const question = definition?.preguntas[index];
    if (!definition || !question) return this.finish(run, file.textos.gracias);
    const read = readAnswer(question, args.answer);
    if (read.kind === 'skip_survey') return this.finish(run, file.textos.omitida);
    if (read.kind === 'invalid') return this.continueRun(run, null);
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
    if (next >= definition.preguntas.length) return this.finish(run, file.textos.gracias);
    return this.stateAt(run, definition, next, null);
  }

  /** Free comments containing `text` (case and accents ignored), newest first. */
  async search(
    text: string,
    limit = 50,
  ): Promise<
    {
      runId: string;
      surveyId: string;
      questionId: string;
      value: string;
      at: Date;
      channel: string;
      conversationId: string | null;
      caseId: string | null;
      agentId: string | null;
    }[]
  > {
    const wanted = normalizeText(text);
    if (wanted === '') return [];
    // Accent-insensitive matching is not portable SQL across SQLite and PostgreSQL; comments are few enough to fold here.
    const rows = await this.deps.prisma.surveyAnswer.findMany({
      where: { entityId: this.deps.entityId, score: null },
      orderBy: { createdAt: 'desc' },
      take: 5000,
      include: {
        run: { select: { surveyId: true, channel: true, conversationId: true, caseId: true, agentId: true } },
      },
    });
    // Answers to options without a puntaje have no score either: only questions written as free text are comments.
    const isComment = (surveyId: string, questionId: string) =>
      this.deps.file?.encuestas.find((s) => s.id === surveyId)?.preguntas.find((q) => q.id === questionId)?.tipo ===
      'texto';
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

  private surveyFor(trigger: SurveyTrigger): SurveyDefinition | undefined {
    const file = this.deps.file;
    if (!file) return undefined;
    const chosen = file.enviar[triggerSetting[trigger]];
    return file.encuestas.find((s) => s.id === chosen);
  }

  private async surveyedRecently(contactId: string): Promise<boolean> {
    const days = this.deps.file?.intervaloDias ?? 0;
    if (days === 0) return false;
    const since = new Date(this.now().getTime() - days * 86_400_000);
    return (
      (await this.deps.prisma.surveyRun.count({
        where: { entityId: this.deps.entityId, contactId, sentAt: { gt: since } },
      })) > 0
    );
  }

  private async send(request: SurveyRequest & { firstAt: string }): Promise<void> {
    const file = this.deps.file;
    const definition = this.surveyFor(request.trigger);
    if (!file || !definition || !this.deps.conversations.hasFlow(surveyFlowId)) return;
    if (await this.surveyedRecently(request.contactId)) {
      this.deps.logger.debug({ trigger: request.trigger }, 'survey not sent: citizen surveyed within the interval');
      return;
    }
    const place = await this.conversationFor(request.contactId, request.channel);
    if (place.busy) {
      // Never interrupt what the citizen is doing: try again later, until the survey would have expired anyway.
      const retryAt = new Date(this.now().getTime() + busyRetryMs);
      if (retryAt.getTime() - new Date(request.firstAt).getTime() < file.venceHoras * 3_600_000) {
        const ref = request.handoffId ?? request.caseId ?? `${request.contactId}:${request.firstAt}`;
        await this.deps.timers.schedule({
          entityId: this.deps.entityId,
          kind: surveyJobKind,
          key: `survey:send:${request.trigger}:${ref}:later`,
          runAt: retryAt,
          payload: { step: 'send', ...request },
        });
      }
      return;
    }
    const run = await this.createRun(definition, request, place.conversationId);
    await this.deliver(run, definition, introOf(definition, request.radicado), request.radicado);
    this.deps.logger.info({ runId: run.id, trigger: request.trigger, surveyId: definition.id }, 'survey sent');
  }

  private async remind(runId: string): Promise<void> {
    const file = this.deps.file;
    const run = await this.deps.prisma.surveyRun.findUnique({ where: { id: runId } });
    if (!file || !run || run.status !== 'sent' || run.remindedAt || run.contactId === null) return;
    const definition = file.encuestas.find((s) => s.id === run.surveyId);
    if (!definition || !this.deps.conversations.hasFlow(surveyFlowId)) return;
    // A citizen who went on to something else in that conversation (the menu, another question) chose not to
    // answer: no reminder. One whose conversation only went quiet (the bot's idle timer closed it) gets one.
    const surveyConversation = run.conversationId
      ? await this.deps.prisma.conversation.findUnique({ where: { id: run.conversationId }, select: { session: true } })
      : null;
    if (parseFlowSession(surveyConversation?.session)?.flowId !== surveyFlowId) return;
    const contactId = run.contactId;
    const place = await this.conversationFor(contactId, run.channel);
    if (place.busy) return;
    await this.deps.prisma.surveyRun.update({
      where: { id: runId },
      data: { remindedAt: this.now(), conversationId: place.conversationId },
    });
    const caseRow = run.caseId
      ? await this.deps.prisma.pqrsdCase.findUnique({ where: { id: run.caseId }, select: { radicado: true } })
      : null;
    await this.deliver(
      { ...run, conversationId: place.conversationId },
      definition,
      file.textos.recordatorio,
      caseRow?.radicado,
    );
  }

  private async expire(runId: string): Promise<void> {
    const changed = await this.deps.prisma.surveyRun.updateMany({
      where: { id: runId, status: 'sent' },
      data: { status: 'expired', finishedAt: this.now() },
    });
    if (changed.count > 0) this.deps.logger.info({ runId }, 'survey expired');
  }

  /**
   * The opening words go through `notify` with the `encuesta` template purpose (WhatsApp's Cloud API may send it
   * after its 24-hour window); then the survey flow asks the pending question in the same conversation.
   */
  private async deliver(
    run: RunRow,
    definition: SurveyDefinition,
    lead: string,
    radicado: string | undefined,
  ): Promise<void> {
    if (!run.conversationId || run.contactId === null) return;
    await this.deps.conversations.notify(run.conversationId, {
      text: lead,
      template: { purpose: 'encuesta', params: { encuesta: definition.titulo, ...(radicado ? { radicado } : {}) } },
    });
    const conversationId = await this.deps.conversations.begin(
      { entityId: this.deps.entityId, contactId: run.contactId, channel: run.channel },
      surveyFlowId,
      { encuesta: { id: run.id } },
    );
    if (conversationId && conversationId !== run.conversationId) {
      await this.deps.prisma.surveyRun.update({ where: { id: run.id }, data: { conversationId } });
    }
  }

  /** The contact's open conversation on the channel (or a new one), and whether they are in the middle of something. */
  private async conversationFor(
    contactId: string,
    channel: string,
  ): Promise<{ conversationId: string; busy: boolean }> {
    const { prisma } = this.deps;
    const open = await prisma.conversation.findFirst({
      where: { contactId, channel, status: { not: 'closed' } },
      orderBy: { startedAt: 'desc' },
    });
    if (!open) {
      const created = await prisma.conversation.create({
        data: { entityId: this.deps.entityId, contactId, channel },
        select: { id: true },
      });
      return { conversationId: created.id, busy: false };
    }
    if (open.status === 'handoff') return { conversationId: open.id, busy: true };
    const session = parseFlowSession(open.session);
    const inSurvey = session?.flowId === surveyFlowId;
    return { conversationId: open.id, busy: session !== null && session.status === 'active' && !inSurvey };
  }

  private async createRun(
    definition: SurveyDefinition,
    request: SurveyRequest,
    conversationId: string,
  ): Promise<RunRow> {
    const file = this.deps.file!;
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

  private async ownRun(runId: string, contactId: string): Promise<RunRow | null> {
    const run = await this.deps.prisma.surveyRun.findUnique({ where: { id: runId } });
    return run && run.entityId === this.deps.entityId && run.contactId === contactId ? run : null;
  }

  /** The first question after the last one answered (skipped optional ones are not asked again). */
  private async continueRun(run: RunRow, intro: string | null): Promise<SurveyState> {
    const file = this.deps.file!;
    const definition = file.encuestas.find((s) => s.id === run.surveyId);
    if (!definition) return this.finish(run, file.textos.gracias);
    const answered = await this.deps.prisma.surveyAnswer.findMany({
      where: { runId: run.id },
      select: { questionId: true },
    });
    const ids = new Set(answered.map((a) => a.questionId));
    const last = definition.preguntas.reduce((max, q, i) => (ids.has(q.id) ? i : max), -1);
    if (last + 1 >= definition.preguntas.length) return this.finish(run, file.textos.gracias);
    return this.stateAt(run, definition, last + 1, intro);
  }

  private stateAt(run: RunRow, definition: SurveyDefinition, index: number, intro: string | null): SurveyState {
    const question = definition.preguntas[index]!;
    return {
      id: run.id,
      pregunta: askedQuestion(question, index, definition.preguntas.length, this.deps.file!.textos),
      intro,
      despedida: null,
    };
  }

  /** Answered when at least one answer was given, skipped otherwise; the timers are no longer needed. */
  private async finish(run: RunRow, words: string): Promise<SurveyState> {
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

function introOf(definition: SurveyDefinition, radicado: string | undefined): string {
  return definition.intro.replaceAll('{radicado}', radicado ?? 'su solicitud');
}
