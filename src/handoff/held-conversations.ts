import type { HeldConversation } from '../core/conversation-engine.js';
import { idleJobKind } from '../core/conversation-engine.js';
import type { Attachment, OutboundMessageInput } from '../lib/messages.js';
import { normalizeText } from '../lib/normalize-text.js';
import { ACTIVE, CALLBACK, noSession, type HandoffContext } from './handoff-context.js';
import type { HandoffQueue } from './handoff-queue.js';
import type { HandoffTimers } from './handoff-timers.js';
import type { HandoffRow } from './handoff-views.js';

/** Replies to a queued citizen's messages ("sigue en la fila") at most this often. */
const QUEUE_REPLY_MS = 2 * 60_000;

/**
 * Where a held conversation's messages go instead of the flows (the bot stays silent there): to the agent who holds
 * it, or, while it waits in the queue, a reminder of the citizen's place and the way out ("salir").
 */
export class HeldConversationRouter {
  constructor(
    private readonly ctx: HandoffContext,
    private readonly timers: HandoffTimers,
    private readonly queue: HandoffQueue,
  ) {}

  async onCitizenMessage(
    conversation: HeldConversation,
    message: { id: string; text?: string; payload?: string; attachments: Attachment[] },
  ): Promise<OutboundMessageInput[]> {
    const { prisma } = this.ctx;
    const now = this.ctx.now();
    const row = await prisma.handoff.findFirst({
      where: { conversationId: conversation.id, status: { in: ACTIVE }, reason: { not: CALLBACK } },
      orderBy: { queuedAt: 'desc' },
    });
    if (!row) {
      // Held with nobody holding it (a crash between two writes): give the conversation back to the bot.
      await prisma.conversation.update({
        where: { id: conversation.id },
        data: { status: 'open', session: noSession },
      });
      return [
        {
          text: 'Ya no está en la fila de atención. Escriba «menú» para ver las opciones o «asesor» para hablar con una persona.',
        },
      ];
    }
    await prisma.handoff.update({ where: { id: row.id }, data: { lastCitizenAt: now } });
    const said = message.text ?? message.payload;
    if (row.status === 'queued' && this.isCancel(said)) return this.leave(row);

    this.ctx.backgroundInOrder(row.conversationId, () => this.ctx.emitMessage(row, message.id));
    if (row.status === 'assigned') {
      await this.timers.cancel('citizen_silent', row.id);
      // The agent's clock starts at the first unanswered message, not at every message.
      if (!(await this.timers.isPending('agent_silent', row.id)))
        await this.timers.scheduleAgentSilent(row.id, row.agentId!);
      return [];
    }
    const last = this.ctx.told.get(row.id);
    if (last && now.getTime() - last.at < QUEUE_REPLY_MS) return [];
    const state = await this.queue.queuedResult(row);
    if (state.estado !== 'en_fila') return [];
    this.ctx.told.set(row.id, { position: state.posicion, at: now.getTime() });
    return [
      {
        text: `Sigue en la fila: es el número ${state.posicion}. Espera estimada: ${state.espera}. Un asesor verá su mensaje. Si quiere salir de la fila, escriba «salir».`,
      },
    ];
  }

  /** A safety message the bot sent while the conversation is queued or held: it shows in the console at once. */
  onBotMessages(conversation: HeldConversation, messageIds: string[]): void {
    this.ctx.backgroundInOrder(conversation.id, async () => {
      const row = await this.ctx.prisma.handoff.findFirst({
        where: { conversationId: conversation.id, status: { in: ACTIVE } },
        orderBy: { queuedAt: 'desc' },
      });
      if (!row) return;
      for (const id of messageIds) await this.ctx.emitMessage(row, id);
    });
  }

  private async leave(row: HandoffRow): Promise<OutboundMessageInput[]> {
    const { prisma } = this.ctx;
    const now = this.ctx.now();
    const left = await prisma.handoff.updateMany({
      where: { id: row.id, status: 'queued', version: row.version },
      data: { status: 'left', closedAt: now, closeReason: 'citizen_left', version: { increment: 1 } },
    });
    if (left.count !== 1) return [];
    // Back to the bot with no session: the next message starts at the greeting; the bot's idle timer closes it.
    await prisma.conversation.update({
      where: { id: row.conversationId },
      data: { status: 'open', session: noSession },
    });
    await this.timers.cancelAll(row.id);
    const idleMinutes = this.ctx.deps.bot?.().idleMinutes ?? 15;
    await this.ctx.deps.timers.schedule({
      entityId: row.entityId,
      kind: idleJobKind,
      key: `${idleJobKind.name}:${row.conversationId}`,
      runAt: new Date(now.getTime() + idleMinutes * 60_000),
      payload: { conversationId: row.conversationId },
    });
    this.ctx.told.delete(row.id);
    this.ctx.background(async () => {
      await this.ctx.emitChanged(row.id);
      await this.queue.announcePositions(row.area);
    });
    return [
      {
        text: 'Listo, salió de la fila. Si necesita algo más, escriba «menú».',
        options: [{ label: 'Ver el menú', value: 'menú' }],
      },
    ];
  }

  private isCancel(text: string | undefined): boolean {
    if (!text) return false;
    const said = normalizeText(text);
    const words = ['salir', 'cancelar', 'salir de la fila', ...(this.ctx.deps.bot?.().cancelWords ?? [])];
    return words.some((w) => normalizeText(w) === said);
  }
}
