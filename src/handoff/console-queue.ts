import { can, type StaffActor } from '../staff/staff-member.js';
import { permissionsOf } from '../staff/staff-roles.js';
import {
  HandoffError,
  type AgentStatus,
  type HandoffDetail,
  type HandoffSummary,
  type Presence,
} from './handoff-api.js';
import {
  ACTIVE,
  areasOf,
  attendsArea,
  CALLBACK,
  firstName,
  rolesOf,
  type HandoffContext,
  type StaffRow,
} from './handoff-context.js';
import type { HandoffQueue } from './handoff-queue.js';

/** Runs after a handoff closed by an agent (the satisfaction survey of issue #10 plugs in here). */
export type AfterCloseHook = (closed: {
  handoffId: string;
  conversationId: string;
  contactId: string;
  channel: string;
}) => Promise<void>;

/**
 * The console's queue and assignment: what each person may see, taking a conversation (exactly one agent wins),
 * transferring and closing it, agents' presence and load. The conversation itself is agent-conversation.ts.
 */
export class ConsoleQueue {
  constructor(
    private readonly ctx: HandoffContext,
    private readonly queue: HandoffQueue,
    private readonly afterClose: readonly AfterCloseHook[],
  ) {}

  async list(actor: StaffActor): Promise<HandoffSummary[]> {
    this.ctx.assertAttend(actor);
    const staff = await this.ctx.staffOf(actor);
    const supervise = can(actor, 'handoff.supervise');
    const rows = await this.ctx.prisma.handoff.findMany({
      where: { entityId: this.ctx.entityId, status: { in: ACTIVE } },
      orderBy: [{ priority: 'desc' }, { queuedAt: 'asc' }, { id: 'asc' }],
    });
    const visible = rows.filter((r) =>
      r.status === 'queued' ? supervise || attendsArea(staff, r.area) : supervise || r.agentId === actor.id,
    );
    const positions = await this.ctx.views.positions(this.ctx.entityId);
    const rights = this.ctx.rightsOf(actor);
    const summaries = await Promise.all(visible.map((r) => this.ctx.views.summary(r, rights, positions)));
    return [...summaries.filter((s) => s.status === 'queued'), ...summaries.filter((s) => s.status === 'assigned')];
  }

  async detail(actor: StaffActor, handoffId: string): Promise<HandoffDetail> {
    this.ctx.assertAttend(actor);
    const row = await this.ctx.rowFor(actor, handoffId);
    const staff = await this.ctx.staffOf(actor);
    const supervise = can(actor, 'handoff.supervise');
    const allowed = supervise || row.agentId === actor.id || (row.status === 'queued' && attendsArea(staff, row.area));
    if (!allowed)
      throw new HandoffError(
        'FORBIDDEN',
        'Esta conversación la atiende otra persona o es de un área que usted no atiende.',
      );
    const rights = this.ctx.rightsOf(actor);
    const hidden = !rights.reserved && (await this.ctx.views.reservedIdentity(row.conversationId)) !== null;
    const [summary, transcript, cases] = await Promise.all([
      this.ctx.views.summary(row, rights),
      this.ctx.views.transcript(row.conversationId, rights),
      this.ctx.views.cases(row.contactId, rights, hidden),
    ]);
    return { ...summary, transcript, cases };
  }

  async take(actor: StaffActor, handoffId?: string): Promise<HandoffSummary> {
    this.ctx.assertAttend(actor);
    const staff = await this.ctx.staffOf(actor);
    if (staff.presence !== 'online')
      throw new HandoffError('NOT_ONLINE', 'Para tomar conversaciones, póngase «En línea».');
    if ((await this.ctx.holding(staff.id)) >= staff.maxConversations) {
      throw new HandoffError(
        'AT_CAPACITY',
        `Ya atiende el máximo de ${staff.maxConversations} conversaciones a la vez. Cierre o transfiera una antes de tomar otra.`,
      );
    }
    if (handoffId) {
      const row = await this.ctx.rowFor(actor, handoffId);
      if (!can(actor, 'handoff.supervise') && !attendsArea(staff, row.area)) {
        throw new HandoffError('FORBIDDEN', 'Esta conversación es de un área que usted no atiende.');
      }
      if (row.status === 'assigned') throw new HandoffError('ALREADY_TAKEN', 'Otra persona ya tomó esta conversación.');
      if (row.status !== 'queued') throw new HandoffError('CLOSED', 'Esta conversación ya terminó.');
      if (!(await this.queue.claim(row, staff)))
        throw new HandoffError('ALREADY_TAKEN', 'Otra persona ya tomó esta conversación.');
      return this.ctx.views.summary(await this.ctx.rowById(row.id), this.ctx.rightsOf(actor));
    }
    const queued = await this.ctx.prisma.handoff.findMany({
      where: { entityId: this.ctx.entityId, status: 'queued' },
      orderBy: [{ priority: 'desc' }, { queuedAt: 'asc' }, { id: 'asc' }],
    });
    for (const row of queued.filter((r) => attendsArea(staff, r.area))) {
      if (await this.queue.claim(row, staff))
        return this.ctx.views.summary(await this.ctx.rowById(row.id), this.ctx.rightsOf(actor));
    }
    throw new HandoffError('NOT_FOUND', 'No hay conversaciones esperando en sus áreas.');
  }

  async transfer(
    actor: StaffActor,
    handoffId: string,
    to: { agentId: string } | { area: string },
  ): Promise<HandoffSummary> {
    this.ctx.assertAttend(actor);
    const row = await this.ctx.rowFor(actor, handoffId);
    const supervise = can(actor, 'handoff.supervise');
    if (!supervise && row.agentId !== actor.id)
      throw new HandoffError('NOT_HOLDER', 'Solo quien atiende la conversación (o un supervisor) puede transferirla.');
    if (!ACTIVE.includes(row.status)) throw new HandoffError('CLOSED', 'Esta conversación ya terminó.');
    if ('area' in to) {
      const area = this.ctx.settings.areas.find((a) => a.id === to.area);
      if (!area) throw new HandoffError('INVALID', `El área «${to.area}» no existe.`);
      const moved = await this.ctx.prisma.handoff.updateMany({
        where: { id: row.id, version: row.version, status: row.status },
        data: { status: 'queued', area: area.id, agentId: null, assignedAt: null, version: { increment: 1 } },
      });
      if (moved.count !== 1)
        throw new HandoffError('ALREADY_TAKEN', 'La conversación cambió mientras tanto. Actualice la lista.');
      await this.queue.afterRequeue(row.id, `Le pasamos con el área de ${area.name}.`);
      return this.ctx.views.summary(await this.ctx.rowById(row.id), this.ctx.rightsOf(actor));
    }
    const target = await this.ctx.prisma.staffMember.findFirst({
      where: { id: to.agentId, entityId: this.ctx.entityId, disabledAt: null },
    });
    if (!target || !permissionsOf(rolesOf(target.roles)).has('handoff.attend'))
      throw new HandoffError('NOT_FOUND', 'Esa persona no atiende conversaciones.');
    if (target.presence !== 'online') throw new HandoffError('NOT_ONLINE', `${target.name} no está en línea.`);
    if ((await this.ctx.holding(target.id)) >= target.maxConversations)
      throw new HandoffError('AT_CAPACITY', `${target.name} ya atiende el máximo de conversaciones.`);
    const now = this.ctx.now();
    const moved = await this.ctx.prisma.handoff.updateMany({
      where: { id: row.id, version: row.version, status: row.status },
      data: { status: 'assigned', agentId: target.id, assignedAt: now, version: { increment: 1 } },
    });
    if (moved.count !== 1)
      throw new HandoffError('ALREADY_TAKEN', 'La conversación cambió mientras tanto. Actualice la lista.');
    await this.queue.afterAssigned(row, target, `Ahora le atiende ${firstName(target.name)}.`);
    if (row.agentId && row.agentId !== target.id) this.ctx.background(() => this.queue.offerQueue());
    return this.ctx.views.summary(await this.ctx.rowById(row.id), this.ctx.rightsOf(actor));
  }

  async close(actor: StaffActor, handoffId: string): Promise<HandoffSummary> {
    this.ctx.assertAttend(actor);
    const row = await this.ctx.rowFor(actor, handoffId);
    if (!can(actor, 'handoff.supervise') && row.agentId !== actor.id)
      throw new HandoffError('NOT_HOLDER', 'Solo quien atiende la conversación (o un supervisor) puede cerrarla.');
    if (!ACTIVE.includes(row.status)) throw new HandoffError('CLOSED', 'Esta conversación ya terminó.');
    const closed = await this.queue.finish(
      row,
      'agent',
      'El asesor terminó la conversación. Gracias por comunicarse con nosotros. Si necesita algo más, escríbanos de nuevo.',
    );
    if (!closed) throw new HandoffError('CLOSED', 'Esta conversación ya terminó.');
    if (row.reason !== CALLBACK) {
      for (const hook of this.afterClose) {
        try {
          await hook({
            handoffId: row.id,
            conversationId: row.conversationId,
            contactId: row.contactId,
            channel: row.channel,
          });
        } catch (error) {
          this.ctx.logger.error({ err: error, handoffId: row.id }, 'after-close hook failed');
        }
      }
    }
    return this.ctx.views.summary(await this.ctx.rowById(row.id), this.ctx.rightsOf(actor));
  }

  async setPresence(actor: StaffActor, presence: Presence): Promise<AgentStatus> {
    this.ctx.assertAttend(actor);
    const staff = await this.ctx.staffOf(actor);
    const now = this.ctx.now();
    await this.ctx.prisma.staffMember.update({ where: { id: staff.id }, data: { presence, presenceAt: now } });
    this.ctx.logger.info({ staffId: staff.id, presence }, 'agent presence changed');
    if (presence === 'offline') {
      const held = await this.ctx.prisma.handoff.findMany({
        where: { entityId: this.ctx.entityId, agentId: staff.id, status: 'assigned' },
      });
      for (const row of held) {
        const back = await this.ctx.prisma.handoff.updateMany({
          where: { id: row.id, version: row.version, status: 'assigned' },
          data: { status: 'queued', agentId: null, assignedAt: null, version: { increment: 1 } },
        });
        if (back.count === 1)
          await this.queue.afterRequeue(row.id, 'Su asesor tuvo que salir; otra persona le atenderá.');
      }
    }
    this.ctx.emit({ type: 'agents.changed', entityId: this.ctx.entityId });
    if (presence === 'online') await this.queue.offerQueue();
    return this.agentStatus(await this.ctx.staffOf(actor));
  }

  async agents(actor: StaffActor): Promise<AgentStatus[]> {
    if (!can(actor, 'handoff.supervise'))
      throw new HandoffError('FORBIDDEN', 'Solo los supervisores ven el estado de los asesores.');
    this.ctx.assertEntity(actor);
    const staff = await this.ctx.attendingStaff();
    return Promise.all(staff.map((s) => this.agentStatus(s)));
  }

  async cannedResponses(actor: StaffActor): Promise<{ id: string; title: string; text: string }[]> {
    this.ctx.assertAttend(actor);
    return this.ctx.settings.canned.map((c) => ({ ...c }));
  }

  private async agentStatus(s: StaffRow): Promise<AgentStatus> {
    return {
      id: s.id,
      name: s.name,
      presence: s.presence as Presence,
      presenceAt: s.presenceAt?.toISOString() ?? null,
      areas: areasOf(s.areas),
      maxConversations: s.maxConversations,
      holding: await this.ctx.holding(s.id),
    };
  }
}
