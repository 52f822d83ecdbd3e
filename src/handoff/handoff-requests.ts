import type { ActionContext } from '../core/action-registry.js';
import type { Tx } from '../db/database.js';
import { ACTIVE, CALLBACK, type HandoffContext } from './handoff-context.js';
import type { HandoffQueue, HandoffRequestResult } from './handoff-queue.js';
import type { HandoffTimers } from './handoff-timers.js';
import type { OfficeHours } from './office-hours.js';
import { PopulationStore } from '../population/population-store.js';
import { detectPriority, priorityOfProfile } from './special-protection.js';

/** What the flows ask of the handoff (handoff-actions.ts): a place in the queue, or a call back out of hours. */
export class HandoffRequests {
  constructor(
    private readonly ctx: HandoffContext,
    private readonly hours: OfficeHours,
    private readonly timers: HandoffTimers,
    private readonly queue: HandoffQueue,
  ) {}

  /** The `handoff.request` action: queue the conversation, or say when agents return. */
  async request(
    args: { reason?: string; area?: string; prioridad?: string },
    ctx: ActionContext,
  ): Promise<HandoffRequestResult> {
    const { prisma } = this.ctx;
    const now = this.ctx.now();
    // A repeated turn, or a second "asesor" while waiting: the same place, never a second entry.
    const existing = await this.activeEntry(ctx.conversationId, 'attention');
    if (existing) return this.queue.queuedResult(existing);
    if (!this.hours.isOpen(now)) {
      return {
        estado: 'fuera_de_horario',
        vuelven: this.hours.describeReturn(now),
        horario: this.hours.describeHours(),
      };
    }
    const area = this.areaOf(args.area, ctx);
    const priority = await this.priorityOf(ctx.conversationId, args.prioridad);
    const reason = [
      args.reason?.trim() || 'El ciudadano pidió hablar con un asesor.',
      priority.label ? `Prioridad: ${priority.label}.` : '',
    ]
      .filter(Boolean)
      .join(' ');
    // After the message that asked for it, whatever the clocks say: what the agent has not read starts there.
    const newest = await prisma.message.findFirst({
      where: { conversationId: ctx.conversationId },
      orderBy: { createdAt: 'desc' },
      select: { createdAt: true },
    });
    const queuedAt = new Date(Math.max(now.getTime(), (newest?.createdAt.getTime() ?? 0) + 1));
    const created = await prisma.$transaction(async (tx) => {
      const row = await this.enqueue(tx, ctx, { area, priority: priority.priority, reason, queuedAt });
      await tx.conversation.update({ where: { id: ctx.conversationId }, data: { status: 'handoff' } });
      return row;
    });
    await this.timers.scheduleOutOfHours(created.id);
    this.ctx.logger.info({ handoffId: created.id, area, priority: priority.priority }, 'handoff queued');
    const result = await this.queue.queuedResult(created);
    if (result.estado === 'en_fila') this.ctx.told.set(created.id, { position: result.posicion, at: now.getTime() });
    this.ctx.background(async () => {
      await this.ctx.emitChanged(created.id);
      await this.queue.offerQueue();
    });
    return result;
  }

  /** The `handoff.callback` action: out of hours, a request to be called back that waits in the queue for the morning. */
  async requestCallback(
    args: { telefono: string; area?: string; prioridad?: string },
    ctx: ActionContext,
  ): Promise<{ estado: 'registrada'; vuelven: string }> {
    const { prisma } = this.ctx;
    const now = this.ctx.now();
    const vuelven = this.hours.isOpen(now) ? 'en cuanto un asesor esté libre' : this.hours.describeReturn(now);
    const existing = await this.activeEntry(ctx.conversationId, 'callback');
    if (existing) return { estado: 'registrada', vuelven };
    const area = this.areaOf(args.area, ctx);
    const priority = await this.priorityOf(ctx.conversationId, args.prioridad);
    const created = await prisma.$transaction(async (tx) => {
      const row = await this.enqueue(tx, ctx, { area, priority: priority.priority, reason: CALLBACK, queuedAt: now });
      await tx.conversationNote.create({
        data: {
          entityId: this.ctx.entityId,
          conversationId: ctx.conversationId,
          staffId: 'system',
          text: `El ciudadano pidió que lo llamen al ${args.telefono.trim()}${priority.label ? ` (prioridad: ${priority.label})` : ''}.`,
        },
      });
      return row;
    });
    this.ctx.logger.info({ handoffId: created.id, area }, 'call-back request queued');
    this.ctx.background(() => this.ctx.emitChanged(created.id));
    return { estado: 'registrada', vuelven };
  }

  /** The conversation's waiting or attended entry of that kind: a call-back request and a request for an agent are apart. */
  private activeEntry(conversationId: string, kind: 'attention' | 'callback') {
    return this.ctx.prisma.handoff.findFirst({
      where: {
        entityId: this.ctx.entityId,
        conversationId,
        status: { in: ACTIVE },
        reason: kind === 'callback' ? CALLBACK : { not: CALLBACK },
      },
    });
  }

  private enqueue(
    tx: Tx,
    ctx: ActionContext,
    entry: { area: string; priority: number; reason: string; queuedAt: Date },
  ) {
    return tx.handoff.create({
      data: {
        entityId: this.ctx.entityId,
        conversationId: ctx.conversationId,
        contactId: ctx.contactId,
        channel: ctx.channel,
        status: 'queued',
        ...entry,
      },
    });
  }

  private areaOf(requested: string | undefined, ctx: ActionContext): string {
    const wanted = requested?.trim();
    if (wanted && this.ctx.settings.areas.some((a) => a.id === wanted)) return wanted;
    if (wanted) ctx.logger.warn({ area: wanted }, 'handoff area not in atencion.areas: default area used');
    return this.ctx.settings.defaultArea;
  }

  private async priorityOf(conversationId: string, stated: string | undefined) {
    const said = await this.ctx.prisma.message.findMany({
      where: { conversationId, direction: 'in', text: { not: null } },
      orderBy: { createdAt: 'desc' },
      take: 30,
      select: { text: true },
    });
    const fromWords = detectPriority([stated ?? '', ...said.map((m) => m.text ?? '')]);
    if (fromWords.priority === 2) return fromWords;
    // What the citizen stated in the optional population questions counts like saying it; the label names the group
    // for the agent, never the other answers.
    const profile = await new PopulationStore(this.ctx.prisma, this.ctx.entityId).ofConversation(conversationId);
    const fromProfile = priorityOfProfile(profile);
    return fromProfile.priority > fromWords.priority ? fromProfile : fromWords;
  }
}
