import { ACTIVE, attendsArea, CALLBACK, firstName, type HandoffContext, type StaffRow } from './handoff-context.js';
import type { HandoffTimers } from './handoff-timers.js';
import type { HandoffRow } from './handoff-views.js';
import { describeWait } from './wait-estimate.js';

/** A citizen hears that their place improved at most this often. */
const POSITION_NOTICE_MS = 2 * 60_000;

export type HandoffRequestResult =
  | { estado: 'en_fila'; posicion: number; espera: string; area: string }
  | { estado: 'fuera_de_horario'; vuelven: string; horario: string };

/**
 * The queue's life cycle: assignment (exactly one agent per conversation), back to the queue, closing, the citizen's
 * place in line and its estimated wait, and automatic assignment when the entity uses it.
 */
export class HandoffQueue {
  private offering: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: HandoffContext,
    private readonly timers: HandoffTimers,
  ) {}

  /** Gives a queued handoff to an agent; false when someone else changed it first. */
  async claim(row: HandoffRow, staff: StaffRow): Promise<boolean> {
    const now = this.ctx.now();
    // The conditional update is the lock: of two agents reading the same version, only one write matches.
    const won = await this.ctx.prisma.handoff.updateMany({
      where: { id: row.id, status: 'queued', version: row.version },
      data: { status: 'assigned', agentId: staff.id, assignedAt: now, version: { increment: 1 } },
    });
    if (won.count !== 1) return false;
    this.ctx.logger.info({ handoffId: row.id, staffId: staff.id }, 'handoff taken');
    await this.afterAssigned(
      row,
      staff,
      `Le atiende ${firstName(staff.name)}, asesor de atención al ciudadano. Ya puede escribirle por aquí.`,
    );
    return true;
  }

  async afterAssigned(row: HandoffRow, staff: { id: string; name: string }, text: string): Promise<void> {
    await this.timers.cancel('out_of_hours', row.id);
    await this.timers.cancel('position', row.id);
    await this.timers.cancel('citizen_silent', row.id);
    this.ctx.told.delete(row.id);
    if (row.reason !== CALLBACK) {
      await this.timers.scheduleAgentSilent(row.id, staff.id);
      await this.ctx.deps.notify(row.conversationId, { text }, {});
    }
    await this.ctx.emitChanged(row.id);
    this.ctx.emit({ type: 'agents.changed', entityId: row.entityId });
    this.ctx.background(() => this.announcePositions(row.area));
  }

  /** Back in the queue, in front of those who came later (queuedAt is kept); the citizen hears their place. */
  async afterRequeue(handoffId: string, text: string): Promise<void> {
    const row = await this.ctx.rowById(handoffId);
    await this.timers.cancel('agent_silent', row.id);
    await this.timers.cancel('citizen_silent', row.id);
    if (row.reason !== CALLBACK) {
      await this.timers.scheduleOutOfHours(row.id);
      const state = await this.queuedResult(row);
      if (state.estado === 'en_fila') {
        this.ctx.told.set(row.id, { position: state.posicion, at: this.ctx.now().getTime() });
        await this.ctx.deps.notify(
          row.conversationId,
          { text: `${text} Sigue en la fila: es el número ${state.posicion}. Espera estimada: ${state.espera}.` },
          {},
        );
      }
    }
    await this.ctx.emitChanged(row.id);
    this.ctx.background(async () => {
      await this.announcePositions(row.area);
      await this.offerQueue();
    });
  }

  /** Closes a handoff; false when someone else changed it first. The citizen is told, the conversation ends. */
  async finish(row: HandoffRow, reason: string, citizenText: string): Promise<boolean> {
    const { prisma } = this.ctx;
    const now = this.ctx.now();
    const done = await prisma.handoff.updateMany({
      where: { id: row.id, version: row.version, status: { in: ACTIVE } },
      data: { status: 'closed', closedAt: now, closeReason: reason, version: { increment: 1 } },
    });
    if (done.count !== 1) return false;
    await this.timers.cancelAll(row.id);
    this.ctx.told.delete(row.id);
    if (row.reason !== CALLBACK) {
      await this.ctx.deps.notify(row.conversationId, { text: citizenText }, {});
      // The next citizen message starts a fresh conversation with the bot.
      await prisma.conversation.updateMany({
        where: { id: row.conversationId, status: 'handoff' },
        data: { status: 'closed', closedAt: now, closeReason: reason },
      });
    }
    this.ctx.logger.info({ handoffId: row.id, reason }, 'handoff closed');
    await this.ctx.emitChanged(row.id);
    this.ctx.emit({ type: 'agents.changed', entityId: row.entityId });
    this.ctx.background(async () => {
      if (row.status === 'queued') await this.announcePositions(row.area);
      await this.offerQueue();
    });
    return true;
  }

  /** Tells queued citizens whose place improved, at most once every two minutes each; later improvements wait. */
  async announcePositions(area: string): Promise<void> {
    const positions = await this.ctx.views.positions(this.ctx.entityId);
    const queued = await this.ctx.prisma.handoff.findMany({
      where: { entityId: this.ctx.entityId, status: 'queued', area, reason: { not: CALLBACK } },
    });
    const now = this.ctx.now().getTime();
    for (const row of queued) {
      const position = positions.get(row.id);
      if (position === undefined) continue;
      const last = this.ctx.told.get(row.id);
      if (!last) {
        this.ctx.told.set(row.id, { position, at: now });
        continue;
      }
      if (position >= last.position) continue;
      if (now - last.at < POSITION_NOTICE_MS) {
        await this.timers.schedulePosition(row.id, new Date(last.at + POSITION_NOTICE_MS));
        continue;
      }
      const state = await this.queuedResult(row);
      if (state.estado !== 'en_fila') continue;
      this.ctx.told.set(row.id, { position, at: now });
      await this.ctx.deps.notify(
        row.conversationId,
        { text: `Avanzó en la fila: ahora es el número ${position}. Espera estimada: ${state.espera}.` },
        {},
      );
    }
  }

  /** Automatic assignment: each queued conversation, in order, to the online agent of its area with the fewest. */
  offerQueue(): Promise<void> {
    if (this.ctx.settings.assignment !== 'automatica') return Promise.resolve();
    const run = this.offering.then(async () => {
      const queued = await this.ctx.prisma.handoff.findMany({
        where: { entityId: this.ctx.entityId, status: 'queued' },
        orderBy: [{ priority: 'desc' }, { queuedAt: 'asc' }, { id: 'asc' }],
      });
      if (queued.length === 0) return;
      const agents = (await this.ctx.attendingStaff()).filter((s) => s.presence === 'online');
      const load = new Map(await Promise.all(agents.map(async (a) => [a.id, await this.ctx.holding(a.id)] as const)));
      for (const row of queued) {
        const free = agents
          .filter((a) => attendsArea(a, row.area) && (load.get(a.id) ?? 0) < a.maxConversations)
          .sort(
            (a, b) =>
              (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0) ||
              (a.presenceAt?.getTime() ?? 0) - (b.presenceAt?.getTime() ?? 0),
          );
        const agent = free[0];
        if (!agent) continue;
        if (await this.claim(row, agent)) load.set(agent.id, (load.get(agent.id) ?? 0) + 1);
      }
    });
    this.offering = run.catch((error: unknown) => this.ctx.logger.error({ err: error }, 'automatic assignment failed'));
    return this.offering;
  }

  /** The citizen's place in their area's queue and the estimated wait, as the flows and notices say it. */
  async queuedResult(row: HandoffRow): Promise<HandoffRequestResult> {
    const positions = await this.ctx.views.positions(this.ctx.entityId);
    const position = positions.get(row.id) ?? 1;
    const agents = (await this.ctx.attendingStaff()).filter((s) => s.presence === 'online' && attendsArea(s, row.area));
    let freeSlots = 0;
    for (const a of agents) freeSlots += Math.max(0, a.maxConversations - (await this.ctx.holding(a.id)));
    const espera = describeWait({
      position,
      onlineAgents: agents.length,
      freeSlots,
      averageMinutes: await this.averageHandlingMinutes(),
    });
    const area = this.ctx.settings.areas.find((a) => a.id === row.area)?.name ?? row.area;
    return { estado: 'en_fila', posicion: position, espera, area };
  }

  /** How long agents took on the last conversations they closed; the setting until there is history. */
  private async averageHandlingMinutes(): Promise<number> {
    const recent = await this.ctx.prisma.handoff.findMany({
      where: { entityId: this.ctx.entityId, status: 'closed', closeReason: 'agent', assignedAt: { not: null } },
      orderBy: { closedAt: 'desc' },
      take: 20,
      select: { assignedAt: true, closedAt: true },
    });
    if (recent.length < 5) return this.ctx.settings.timers.averageHandling;
    const total = recent.reduce((sum, r) => sum + ((r.closedAt?.getTime() ?? 0) - (r.assignedAt?.getTime() ?? 0)), 0);
    return Math.max(1, total / recent.length / 60_000);
  }
}
