import { parseFlowSession } from '../flows/index.js';
import type { SurveyDefinition } from './survey-definitions.js';
import { surveyJobKind, type SurveyRequest } from './survey-job-kind.js';
import { introOf, type SurveyRuns } from './survey-runs.js';
import type { SurveyServiceDeps } from './survey-service-deps.js';
import { surveyFlowId, type SurveyRunRow } from './survey-state.js';

/** When the citizen is busy with the bot, the survey waits this long before trying again. */
const busyRetryMs = 30 * 60_000;

/**
 * Sending a survey into the citizen's chat and reminding them once: never while they are in the middle of something
 * else, always through the survey flow in their open conversation.
 */
export class SurveyDelivery {
  constructor(
    private readonly deps: SurveyServiceDeps,
    private readonly runs: SurveyRuns,
    private readonly now: () => Date,
  ) {}

  async send(request: SurveyRequest & { firstAt: string }): Promise<void> {
    const file = this.deps.file;
    const definition = this.runs.surveyFor(request.trigger);
    if (!file || !definition || !this.deps.conversations.hasFlow(surveyFlowId)) return;
    if (await this.runs.surveyedRecently(request.contactId)) {
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
    const run = await this.runs.create(file, definition, request, place.conversationId);
    await this.deliver(run, definition, introOf(definition, request.radicado), request.radicado);
    this.deps.logger.info({ runId: run.id, trigger: request.trigger, surveyId: definition.id }, 'survey sent');
  }

  async remind(runId: string): Promise<void> {
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

  /**
   * The opening words go through `notify` with the `encuesta` template purpose (WhatsApp's Cloud API may send it
   * after its 24-hour window); then the survey flow asks the pending question in the same conversation.
   */
  private async deliver(
    run: SurveyRunRow,
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
}
