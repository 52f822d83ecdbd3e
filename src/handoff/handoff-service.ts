import type { Logger } from 'pino';
import type { ActionContext } from '../core/action-registry.js';
import type { HeldConversation, HeldConversations } from '../core/conversation-engine.js';
import { idleJobKind } from '../core/conversation-engine.js';
import type { JobToSchedule } from '../core/job-scheduler.js';
import type { Attachment, OutboundMessageInput } from '../core/messages.js';
import type { Db } from '../db/database.js';
import { normalizeText } from '../flows/normalize-text.js';
import type { StaffActor } from '../staff/staff-member.js';
import { can } from '../staff/staff-member.js';
import { permissionsOf, StaffRole } from '../staff/staff-roles.js';
import type { AtencionSettings } from './atencion-settings.js';
import type {
  AgentFile,
  AgentStatus,
  FileContent,
  HandoffConsole,
  HandoffDetail,
  HandoffEvent,
  HandoffSummary,
  Presence,
  TranscriptMessage,
} from './handoff-api.js';
import { HandoffError } from './handoff-api.js';
import { HandoffEvents } from './handoff-events.js';
import type { EventBus } from '../core/event-bus.js';
import { HandoffViews, type HandoffRow, type ViewerRights } from './handoff-views.js';
import { OfficeHours } from './office-hours.js';
import { detectPriority } from './special-protection.js';
import { describeWait } from './wait-estimate.js';
import { checkUpload } from '../uploads/check-upload.js';
import { cleanFileName, StoredFiles, uploadRefPrefix } from '../uploads/stored-files.js';

export const handoffJobKind = 'handoff.timer';
type TimerName = 'agent_silent' | 'citizen_silent' | 'out_of_hours' | 'position';
const timerNames: TimerName[] = ['agent_silent', 'citizen_silent', 'out_of_hours', 'position'];
export const timerKey = (timer: TimerName, handoffId: string) => `handoff.${timer}:${handoffId}`;

/** A citizen hears that their place improved at most this often. */
const POSITION_NOTICE_MS = 2 * 60_000;
/** Replies to a queued citizen's messages ("sigue en la fila") at most this often. */
const QUEUE_REPLY_MS = 2 * 60_000;
const CALLBACK = 'callback';
const ACTIVE = ['queued', 'assigned'];
/** Not a flow session (parseFlowSession reads it as none): the next message starts at the greeting, and the bot's idle
 * timer closes the conversation quietly. A JSON null would need each generated client's own DbNull. */
const noSession = {};

/** Why a file cannot be sent, for the agent (the HTTP route answers most of these first with its own codes). */
const uploadProblems = {
  empty: 'El archivo está vacío. Elija otro archivo.',
  size: 'El archivo es demasiado grande. Envíe uno de máximo 5 MB.',
  type: 'Solo se pueden enviar fotos (JPG o PNG) y documentos PDF.',
} as const;

export interface HandoffServiceDeps {
  prisma: Db;
  entityId: string;
  settings: AtencionSettings;
  logger: Logger;
  /** Queues a message to the conversation's citizen (engine.notify). Never awaited from inside a turn. */
  notify: (conversationId: string, message: OutboundMessageInput, meta: { staffId?: string }) => Promise<void>;
  timers: { schedule(job: JobToSchedule): Promise<void>; cancel(key: string): Promise<void> };
  /** bot.yaml as it is now (flows reload): the cancel words and the bot's idle minutes. */
  bot?: () => { cancelWords: string[]; idleMinutes: number };
  /** Carries console events to every instance; in memory by default. */
  bus?: EventBus;
  now?: () => Date;
}

export type HandoffRequestResult =
  | { estado: 'en_fila'; posicion: number; espera: string; area: string }
  | { estado: 'fuera_de_horario'; vuelven: string; horario: string };

/** Runs after a handoff closed by an agent (the satisfaction survey of issue #10 plugs in here). */
export type AfterCloseHook = (closed: { handoffId: string; conversationId: string; contactId: string; channel: string }) => Promise<void>;

type StaffRow = { id: string; entityId: string; name: string; roles: unknown; presence: string; presenceAt: Date | null; maxConversations: number; areas: unknown; disabledAt: Date | null };

/**
 * The human side of conversations: the queue by area and priority, assignment (exactly one agent per conversation),
 * office hours, the citizen's place in line, timers that survive restarts, and what the console sees. It is also
 * where a held conversation's messages go instead of the flows: the bot stays silent there.
 */
export class HandoffService implements HandoffConsole, HeldConversations {
  readonly afterClose: AfterCloseHook[] = [];
  readonly hours: OfficeHours;
  private readonly events: HandoffEvents;
  private readonly views: HandoffViews;
  private readonly files: StoredFiles;
  private readonly now: () => Date;
  /** Last place told to each queued citizen, for the rate limit; lost on restart, which costs at most one extra notice. */
  private readonly told = new Map<string, { position: number; at: number }>();
  private readonly pending = new Set<Promise<unknown>>();
  private offering: Promise<void> = Promise.resolve();

  constructor(private readonly deps: HandoffServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.hours = new OfficeHours(deps.settings);
    this.views = new HandoffViews(deps.prisma, this.now);
    this.files = new StoredFiles(deps.prisma);
    this.events = new HandoffEvents(deps.bus);
  }

  /** Resolves when the notices and offers started in the background have finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  // ---------------------------------------------------------------- from the flows

  /** The `handoff.request` action: queue the conversation, or say when agents return. */
  async request(args: { reason?: string; area?: string; prioridad?: string }, ctx: ActionContext): Promise<HandoffRequestResult> {
    const { prisma } = this.deps;
    const now = this.now();
    // A repeated turn, or a second "asesor" while waiting: the same place, never a second entry.
    const existing = await prisma.handoff.findFirst({
      where: { entityId: this.deps.entityId, conversationId: ctx.conversationId, status: { in: ACTIVE }, reason: { not: CALLBACK } },
    });
    if (existing) return this.queuedResult(existing);
    if (!this.hours.isOpen(now)) {
      return { estado: 'fuera_de_horario', vuelven: this.hours.describeReturn(now), horario: this.hours.describeHours() };
    }
    const area = this.areaOf(args.area, ctx);
    const priority = await this.priorityOf(ctx.conversationId, args.prioridad);
    const reason = [args.reason?.trim() || 'El ciudadano pidió hablar con un asesor.', priority.label ? `Prioridad: ${priority.label}.` : '']
      .filter(Boolean)
      .join(' ');
    // After the message that asked for it, whatever the clocks say: what the agent has not read starts there.
    const newest = await prisma.message.findFirst({ where: { conversationId: ctx.conversationId }, orderBy: { createdAt: 'desc' }, select: { createdAt: true } });
    const queuedAt = new Date(Math.max(now.getTime(), (newest?.createdAt.getTime() ?? 0) + 1));
    const created = await prisma.$transaction(async (tx) => {
      const row = await tx.handoff.create({
        data: {
          entityId: this.deps.entityId,
          conversationId: ctx.conversationId,
          contactId: ctx.contactId,
          channel: ctx.channel,
          area,
          priority: priority.priority,
          reason,
          status: 'queued',
          queuedAt,
        },
      });
      await tx.conversation.update({ where: { id: ctx.conversationId }, data: { status: 'handoff' } });
      return row;
    });
    await this.scheduleOutOfHours(created.id);
    this.deps.logger.info({ handoffId: created.id, area, priority: priority.priority }, 'handoff queued');
    const result = await this.queuedResult(created);
    if (result.estado === 'en_fila') this.told.set(created.id, { position: result.posicion, at: now.getTime() });
    this.background(async () => {
      await this.emitChanged(created.id);
      await this.offerQueue();
    });
    return result;
  }

  /** The `handoff.callback` action: out of hours, a request to be called back that waits in the queue for the morning. */
  async requestCallback(args: { telefono: string; area?: string; prioridad?: string }, ctx: ActionContext): Promise<{ estado: 'registrada'; vuelven: string }> {
    const { prisma } = this.deps;
    const now = this.now();
    const vuelven = this.hours.isOpen(now) ? 'en cuanto un asesor esté libre' : this.hours.describeReturn(now);
    const existing = await prisma.handoff.findFirst({
      where: { entityId: this.deps.entityId, conversationId: ctx.conversationId, status: { in: ACTIVE }, reason: CALLBACK },
    });
    if (existing) return { estado: 'registrada', vuelven };
    const area = this.areaOf(args.area, ctx);
    const priority = await this.priorityOf(ctx.conversationId, args.prioridad);
    const created = await prisma.$transaction(async (tx) => {
      const row = await tx.handoff.create({
        data: {
          entityId: this.deps.entityId,
          conversationId: ctx.conversationId,
          contactId: ctx.contactId,
          channel: ctx.channel,
          area,
          priority: priority.priority,
          reason: CALLBACK,
          status: 'queued',
          queuedAt: now,
        },
      });
      await tx.conversationNote.create({
        data: {
          entityId: this.deps.entityId,
          conversationId: ctx.conversationId,
          staffId: 'system',
          text: `El ciudadano pidió que lo llamen al ${args.telefono.trim()}${priority.label ? ` (prioridad: ${priority.label})` : ''}.`,
        },
      });
      return row;
    });
    this.deps.logger.info({ handoffId: created.id, area }, 'call-back request queued');
    this.background(() => this.emitChanged(created.id));
    return { estado: 'registrada', vuelven };
  }

  // ---------------------------------------------------------------- from the engine (held conversations)

  async onCitizenMessage(
    conversation: HeldConversation,
    message: { id: string; text?: string; payload?: string; attachments: Attachment[] },
  ): Promise<OutboundMessageInput[]> {
    const { prisma } = this.deps;
    const now = this.now();
    const row = await prisma.handoff.findFirst({
      where: { conversationId: conversation.id, status: { in: ACTIVE }, reason: { not: CALLBACK } },
      orderBy: { queuedAt: 'desc' },
    });
    if (!row) {
      // Held with nobody holding it (a crash between two writes): give the conversation back to the bot.
      await prisma.conversation.update({ where: { id: conversation.id }, data: { status: 'open', session: noSession } });
      return [{ text: 'Ya no está en la fila de atención. Escriba «menú» para ver las opciones o «asesor» para hablar con una persona.' }];
    }
    await prisma.handoff.update({ where: { id: row.id }, data: { lastCitizenAt: now } });
    const said = message.text ?? message.payload;
    if (row.status === 'queued' && this.isCancel(said)) return this.leave(row);

    this.background(() => this.emitMessage(row, message.id));
    if (row.status === 'assigned') {
      await this.deps.timers.cancel(timerKey('citizen_silent', row.id));
      // The agent's clock starts at the first unanswered message, not at every message.
      const pending = await prisma.scheduledJob.findUnique({ where: { key: timerKey('agent_silent', row.id) }, select: { id: true } });
      if (!pending) await this.scheduleAgentSilent(row.id, row.agentId!);
      return [];
    }
    const last = this.told.get(row.id);
    if (last && now.getTime() - last.at < QUEUE_REPLY_MS) return [];
    const state = await this.queuedResult(row);
    if (state.estado !== 'en_fila') return [];
    this.told.set(row.id, { position: state.posicion, at: now.getTime() });
    return [
      {
        text: `Sigue en la fila: es el número ${state.posicion}. Espera estimada: ${state.espera}. Un asesor verá su mensaje. Si quiere salir de la fila, escriba «salir».`,
      },
    ];
  }

  /** A safety message the bot sent while the conversation is queued or held: it shows in the console at once. */
  onBotMessages(conversation: HeldConversation, messageIds: string[]): void {
    this.background(async () => {
      const row = await this.deps.prisma.handoff.findFirst({
        where: { conversationId: conversation.id, status: { in: ACTIVE } },
        orderBy: { queuedAt: 'desc' },
      });
      if (!row) return;
      for (const id of messageIds) await this.emitMessage(row, id);
    });
  }

  private async leave(row: HandoffRow): Promise<OutboundMessageInput[]> {
    const { prisma } = this.deps;
    const now = this.now();
    const left = await prisma.handoff.updateMany({
      where: { id: row.id, status: 'queued', version: row.version },
      data: { status: 'left', closedAt: now, closeReason: 'citizen_left', version: { increment: 1 } },
    });
    if (left.count !== 1) return [];
    // Back to the bot with no session: the next message starts at the greeting; the bot's idle timer closes it.
    await prisma.conversation.update({ where: { id: row.conversationId }, data: { status: 'open', session: noSession } });
    await this.cancelTimers(row.id);
    const idleMinutes = this.deps.bot?.().idleMinutes ?? 15;
    await this.deps.timers.schedule({
      entityId: row.entityId,
      kind: idleJobKind,
      key: `${idleJobKind}:${row.conversationId}`,
      runAt: new Date(now.getTime() + idleMinutes * 60_000),
      payload: { conversationId: row.conversationId },
    });
    this.told.delete(row.id);
    this.background(async () => {
      await this.emitChanged(row.id);
      await this.announcePositions(row.area);
    });
    return [{ text: 'Listo, salió de la fila. Si necesita algo más, escriba «menú».', options: [{ label: 'Ver el menú', value: 'menú' }] }];
  }

  // ---------------------------------------------------------------- the console

  async list(actor: StaffActor): Promise<HandoffSummary[]> {
    this.assertAttend(actor);
    const staff = await this.staffOf(actor);
    const supervise = can(actor, 'handoff.supervise');
    const rows = await this.deps.prisma.handoff.findMany({
      where: { entityId: this.deps.entityId, status: { in: ACTIVE } },
      orderBy: [{ priority: 'desc' }, { queuedAt: 'asc' }, { id: 'asc' }],
    });
    const visible = rows.filter((r) =>
      r.status === 'queued' ? supervise || attendsArea(staff, r.area) : supervise || r.agentId === actor.id,
    );
    const positions = await this.views.positions(this.deps.entityId);
    const rights = this.rightsOf(actor);
    const summaries = await Promise.all(visible.map((r) => this.views.summary(r, rights, positions)));
    return [...summaries.filter((s) => s.status === 'queued'), ...summaries.filter((s) => s.status === 'assigned')];
  }

  async detail(actor: StaffActor, handoffId: string): Promise<HandoffDetail> {
    this.assertAttend(actor);
    const row = await this.rowFor(actor, handoffId);
    const staff = await this.staffOf(actor);
    const supervise = can(actor, 'handoff.supervise');
    const allowed = supervise || row.agentId === actor.id || (row.status === 'queued' && attendsArea(staff, row.area));
    if (!allowed) throw new HandoffError('FORBIDDEN', 'Esta conversación la atiende otra persona o es de un área que usted no atiende.');
    const rights = this.rightsOf(actor);
    const hidden = !rights.reserved && (await this.views.reservedIdentity(row.conversationId)) !== null;
    const [summary, transcript, cases] = await Promise.all([
      this.views.summary(row, rights),
      this.views.transcript(row.conversationId, rights),
      this.views.cases(row.contactId, rights, hidden),
    ]);
    return { ...summary, transcript, cases };
  }

  async take(actor: StaffActor, handoffId?: string): Promise<HandoffSummary> {
    this.assertAttend(actor);
    const staff = await this.staffOf(actor);
    if (staff.presence !== 'online') throw new HandoffError('NOT_ONLINE', 'Para tomar conversaciones, póngase «En línea».');
    if ((await this.holding(staff.id)) >= staff.maxConversations) {
      throw new HandoffError('AT_CAPACITY', `Ya atiende el máximo de ${staff.maxConversations} conversaciones a la vez. Cierre o transfiera una antes de tomar otra.`);
    }
    if (handoffId) {
      const row = await this.rowFor(actor, handoffId);
      if (!can(actor, 'handoff.supervise') && !attendsArea(staff, row.area)) {
        throw new HandoffError('FORBIDDEN', 'Esta conversación es de un área que usted no atiende.');
      }
      if (row.status === 'assigned') throw new HandoffError('ALREADY_TAKEN', 'Otra persona ya tomó esta conversación.');
      if (row.status !== 'queued') throw new HandoffError('CLOSED', 'Esta conversación ya terminó.');
      if (!(await this.claim(row, staff))) throw new HandoffError('ALREADY_TAKEN', 'Otra persona ya tomó esta conversación.');
      return this.views.summary(await this.rowById(row.id), this.rightsOf(actor));
    }
    const queued = await this.deps.prisma.handoff.findMany({
      where: { entityId: this.deps.entityId, status: 'queued' },
      orderBy: [{ priority: 'desc' }, { queuedAt: 'asc' }, { id: 'asc' }],
    });
    for (const row of queued.filter((r) => attendsArea(staff, r.area))) {
      if (await this.claim(row, staff)) return this.views.summary(await this.rowById(row.id), this.rightsOf(actor));
    }
    throw new HandoffError('NOT_FOUND', 'No hay conversaciones esperando en sus áreas.');
  }

  async reply(actor: StaffActor, handoffId: string, input: { text: string; attachments?: Attachment[] }): Promise<TranscriptMessage> {
    this.assertAttend(actor);
    const row = await this.heldBy(actor, handoffId);
    const text = input.text.trim();
    if (text.length === 0 || text.length > 4000) throw new HandoffError('INVALID', 'Escriba un mensaje de 1 a 4.000 caracteres.');
    return this.sendAsAgent(actor, row, { text, attachments: input.attachments ?? [] });
  }

  async sendFile(actor: StaffActor, handoffId: string, file: AgentFile): Promise<TranscriptMessage> {
    this.assertAttend(actor);
    // Who holds it is checked before anything is stored: a refused file leaves nothing behind.
    const row = await this.heldBy(actor, handoffId);
    const caption = file.caption?.trim() ?? '';
    if (caption.length > 4000) throw new HandoffError('INVALID', 'El texto que acompaña el archivo puede tener hasta 4.000 caracteres.');
    const checked = checkUpload(file.data);
    if (!checked.ok) throw new HandoffError('INVALID', uploadProblems[checked.problem]);
    // Owned by the citizen's contact: deleting the citizen deletes it, and their widget session may download it.
    const attachment = await this.files.save({
      entityId: row.entityId,
      contactId: row.contactId,
      channel: row.channel,
      mimeType: checked.type,
      fileName: cleanFileName(file.fileName, checked.type),
      data: file.data,
    });
    this.deps.logger.info({ handoffId: row.id, bytes: file.data.length, type: checked.type }, 'agent sent a file');
    return this.sendAsAgent(actor, row, { text: caption, attachments: [attachment] });
  }

  async file(actor: StaffActor, fileId: string): Promise<FileContent> {
    this.assertAttend(actor);
    const missing = new HandoffError('NOT_FOUND', 'No encontramos ese archivo, o está en una conversación que usted no puede ver.');
    const stored = await this.files.read(this.deps.entityId, fileId);
    if (!stored) throw missing;
    const staff = await this.staffOf(actor);
    const supervise = can(actor, 'handoff.supervise');
    const handoffs = await this.deps.prisma.handoff.findMany({
      where: { entityId: this.deps.entityId, contactId: stored.contactId },
      orderBy: { queuedAt: 'desc' },
    });
    const rights = this.rightsOf(actor);
    const ref = `${uploadRefPrefix}${stored.id}`;
    const checked = new Set<string>();
    for (const row of handoffs) {
      const visible = supervise || row.agentId === actor.id || (row.status === 'queued' && attendsArea(staff, row.area));
      if (!visible || checked.has(row.conversationId)) continue;
      checked.add(row.conversationId);
      // Through the transcript the actor would see, so a reserved denunciante's files stay hidden the same way.
      const transcript = await this.views.transcript(row.conversationId, rights);
      if (transcript.some((m) => m.attachments.some((a) => a.ref === ref))) {
        return { fileName: stored.fileName, mimeType: stored.mimeType, data: Buffer.from(stored.data) };
      }
    }
    throw missing;
  }

  /** Queues a message written by the agent, records the reply on the handoff and tells the console. */
  private async sendAsAgent(actor: StaffActor, row: HandoffRow, content: { text: string; attachments: Attachment[] }): Promise<TranscriptMessage> {
    const staff = await this.staffOf(actor);
    const now = this.now();
    await this.deps.notify(
      row.conversationId,
      {
        text: content.text,
        attachments: content.attachments,
        author: { kind: 'agent', name: firstName(staff.name) },
        // After WhatsApp's 24-hour window only an approved template may go out: it tells the citizen an agent wrote.
        template: { purpose: 'respuesta_asesor', params: { asesor: firstName(staff.name) } },
      },
      { staffId: staff.id },
    );
    await this.deps.prisma.handoff.update({ where: { id: row.id }, data: { firstReplyAt: row.firstReplyAt ?? now, lastAgentAt: now } });
    await this.markInboundRead(row);
    await this.deps.timers.cancel(timerKey('agent_silent', row.id));
    if (row.reason !== CALLBACK) await this.scheduleCitizenSilent(row.id, 'warn', this.deps.settings.timers.citizenSilent);
    const sent = await this.deps.prisma.message.findFirstOrThrow({
      where: { conversationId: row.conversationId, direction: 'out', staffId: staff.id },
      orderBy: { createdAt: 'desc' },
    });
    const message = this.views.messageView(sent, new Map([[staff.id, staff.name]]), null);
    this.emit({ type: 'message', entityId: row.entityId, handoffId: row.id, conversationId: row.conversationId, message });
    await this.emitChanged(row.id, false);
    return message;
  }

  async note(actor: StaffActor, handoffId: string, text: string): Promise<TranscriptMessage> {
    this.assertAttend(actor);
    const row = await this.rowFor(actor, handoffId);
    const clean = text.trim();
    if (clean.length === 0 || clean.length > 4000) throw new HandoffError('INVALID', 'Escriba una nota de 1 a 4.000 caracteres.');
    const note = await this.deps.prisma.conversationNote.create({
      data: { entityId: row.entityId, conversationId: row.conversationId, staffId: actor.id, text: clean, createdAt: this.now() },
    });
    const message: TranscriptMessage = {
      id: note.id,
      from: 'note',
      authorName: actor.name,
      text: clean,
      attachments: [],
      at: note.createdAt.toISOString(),
      status: null,
    };
    this.emit({ type: 'message', entityId: row.entityId, handoffId: row.id, conversationId: row.conversationId, message });
    return message;
  }

  async transfer(actor: StaffActor, handoffId: string, to: { agentId: string } | { area: string }): Promise<HandoffSummary> {
    this.assertAttend(actor);
    const row = await this.rowFor(actor, handoffId);
    const supervise = can(actor, 'handoff.supervise');
    if (!supervise && row.agentId !== actor.id) throw new HandoffError('NOT_HOLDER', 'Solo quien atiende la conversación (o un supervisor) puede transferirla.');
    if (!ACTIVE.includes(row.status)) throw new HandoffError('CLOSED', 'Esta conversación ya terminó.');
    if ('area' in to) {
      const area = this.deps.settings.areas.find((a) => a.id === to.area);
      if (!area) throw new HandoffError('INVALID', `El área «${to.area}» no existe.`);
      const moved = await this.deps.prisma.handoff.updateMany({
        where: { id: row.id, version: row.version, status: row.status },
        data: { status: 'queued', area: area.id, agentId: null, assignedAt: null, version: { increment: 1 } },
      });
      if (moved.count !== 1) throw new HandoffError('ALREADY_TAKEN', 'La conversación cambió mientras tanto. Actualice la lista.');
      await this.afterRequeue(row.id, `Le pasamos con el área de ${area.name}.`);
      return this.views.summary(await this.rowById(row.id), this.rightsOf(actor));
    }
    const target = await this.deps.prisma.staffMember.findFirst({ where: { id: to.agentId, entityId: this.deps.entityId, disabledAt: null } });
    if (!target || !permissionsOf(rolesOf(target.roles)).has('handoff.attend')) throw new HandoffError('NOT_FOUND', 'Esa persona no atiende conversaciones.');
    if (target.presence !== 'online') throw new HandoffError('NOT_ONLINE', `${target.name} no está en línea.`);
    if ((await this.holding(target.id)) >= target.maxConversations) throw new HandoffError('AT_CAPACITY', `${target.name} ya atiende el máximo de conversaciones.`);
    const now = this.now();
    const moved = await this.deps.prisma.handoff.updateMany({
      where: { id: row.id, version: row.version, status: row.status },
      data: { status: 'assigned', agentId: target.id, assignedAt: now, version: { increment: 1 } },
    });
    if (moved.count !== 1) throw new HandoffError('ALREADY_TAKEN', 'La conversación cambió mientras tanto. Actualice la lista.');
    await this.afterAssigned(row, target, `Ahora le atiende ${firstName(target.name)}.`);
    if (row.agentId && row.agentId !== target.id) this.background(() => this.offerQueue());
    return this.views.summary(await this.rowById(row.id), this.rightsOf(actor));
  }

  async close(actor: StaffActor, handoffId: string): Promise<HandoffSummary> {
    this.assertAttend(actor);
    const row = await this.rowFor(actor, handoffId);
    if (!can(actor, 'handoff.supervise') && row.agentId !== actor.id) throw new HandoffError('NOT_HOLDER', 'Solo quien atiende la conversación (o un supervisor) puede cerrarla.');
    if (!ACTIVE.includes(row.status)) throw new HandoffError('CLOSED', 'Esta conversación ya terminó.');
    const closed = await this.finish(
      row,
      'agent',
      'El asesor terminó la conversación. Gracias por comunicarse con nosotros. Si necesita algo más, escríbanos de nuevo.',
    );
    if (!closed) throw new HandoffError('CLOSED', 'Esta conversación ya terminó.');
    if (row.reason !== CALLBACK) {
      for (const hook of this.afterClose) {
        try {
          await hook({ handoffId: row.id, conversationId: row.conversationId, contactId: row.contactId, channel: row.channel });
        } catch (error) {
          this.deps.logger.error({ err: error, handoffId: row.id }, 'after-close hook failed');
        }
      }
    }
    return this.views.summary(await this.rowById(row.id), this.rightsOf(actor));
  }

  async markRead(actor: StaffActor, handoffId: string): Promise<void> {
    this.assertAttend(actor);
    const row = await this.heldBy(actor, handoffId);
    await this.markInboundRead(row);
    await this.emitChanged(row.id, false);
  }

  async setPresence(actor: StaffActor, presence: Presence): Promise<AgentStatus> {
    this.assertAttend(actor);
    const staff = await this.staffOf(actor);
    const now = this.now();
    await this.deps.prisma.staffMember.update({ where: { id: staff.id }, data: { presence, presenceAt: now } });
    this.deps.logger.info({ staffId: staff.id, presence }, 'agent presence changed');
    if (presence === 'offline') {
      const held = await this.deps.prisma.handoff.findMany({ where: { entityId: this.deps.entityId, agentId: staff.id, status: 'assigned' } });
      for (const row of held) {
        const back = await this.deps.prisma.handoff.updateMany({
          where: { id: row.id, version: row.version, status: 'assigned' },
          data: { status: 'queued', agentId: null, assignedAt: null, version: { increment: 1 } },
        });
        if (back.count === 1) await this.afterRequeue(row.id, 'Su asesor tuvo que salir; otra persona le atenderá.');
      }
    }
    this.emit({ type: 'agents.changed', entityId: this.deps.entityId });
    if (presence === 'online') await this.offerQueue();
    return this.agentStatus(await this.staffOf(actor));
  }

  async agents(actor: StaffActor): Promise<AgentStatus[]> {
    if (!can(actor, 'handoff.supervise')) throw new HandoffError('FORBIDDEN', 'Solo los supervisores ven el estado de los asesores.');
    this.assertEntity(actor);
    const staff = await this.attendingStaff();
    return Promise.all(staff.map((s) => this.agentStatus(s)));
  }

  async cannedResponses(actor: StaffActor): Promise<{ id: string; title: string; text: string }[]> {
    this.assertAttend(actor);
    return this.deps.settings.canned.map((c) => ({ ...c }));
  }

  /** The areas agents attend, for the console's transfer menu. */
  areas(): { id: string; name: string }[] {
    return this.deps.settings.areas.map((a) => ({ ...a }));
  }

  subscribe(listener: (event: HandoffEvent) => void): () => void {
    return this.events.subscribe(listener);
  }

  // ---------------------------------------------------------------- timers

  /** The job handler for every handoff timer (registered as `handoff.timer` on the runtime's scheduler). */
  async runTimer(payload: { handoffId: string; timer: TimerName; stage?: 'warn' | 'close'; agentId?: string }): Promise<void> {
    const row = await this.deps.prisma.handoff.findUnique({ where: { id: payload.handoffId } });
    if (!row || !ACTIVE.includes(row.status)) return;
    const now = this.now();
    switch (payload.timer) {
      case 'agent_silent': {
        const answered = row.lastAgentAt && (!row.lastCitizenAt || row.lastAgentAt >= row.lastCitizenAt) && row.assignedAt && row.lastAgentAt >= row.assignedAt;
        if (row.status !== 'assigned' || row.agentId !== payload.agentId || answered) return;
        const back = await this.deps.prisma.handoff.updateMany({
          where: { id: row.id, version: row.version, status: 'assigned' },
          data: { status: 'queued', agentId: null, assignedAt: null, version: { increment: 1 } },
        });
        if (back.count !== 1) return;
        // Supervisors see it through the event; the log line is for operators.
        this.deps.logger.warn({ handoffId: row.id, staffId: payload.agentId }, 'agent did not answer in time: handoff requeued');
        await this.afterRequeue(row.id, 'Disculpe la espera. Le pasamos con el siguiente asesor disponible.');
        this.emit({ type: 'agents.changed', entityId: row.entityId });
        return;
      }
      case 'citizen_silent': {
        const answered = row.lastCitizenAt && row.lastAgentAt && row.lastCitizenAt > row.lastAgentAt;
        if (row.status !== 'assigned' || answered) return;
        if (payload.stage !== 'close') {
          const minutes = this.deps.settings.timers.closeAfterWarning;
          await this.deps.notify(row.conversationId, { text: `¿Sigue ahí? Si no recibimos su respuesta en ${minutes} minutos, cerraremos esta conversación.` }, {});
          await this.scheduleCitizenSilent(row.id, 'close', minutes);
          return;
        }
        await this.finish(row, 'citizen_silent', 'Cerramos esta conversación porque no recibimos respuesta. Si necesita algo más, escríbanos de nuevo.');
        return;
      }
      case 'out_of_hours': {
        if (row.status !== 'queued' || row.reason === CALLBACK) return;
        if (this.hours.isOpen(now)) {
          await this.scheduleOutOfHours(row.id);
          return;
        }
        await this.finish(
          row,
          'out_of_hours',
          `Nuestro horario de atención terminó y ningún asesor pudo atenderle. Los asesores vuelven ${this.hours.describeReturn(now)}. ` +
            'Si quiere, escriba «menú» para radicar una PQRSD y le responderemos por escrito.',
        );
        return;
      }
      case 'position':
        if (row.status === 'queued') await this.announcePositions(row.area);
        return;
    }
  }

  // ---------------------------------------------------------------- internals

  private async claim(row: HandoffRow, staff: StaffRow): Promise<boolean> {
    const now = this.now();
    // The conditional update is the lock: of two agents reading the same version, only one write matches.
    const won = await this.deps.prisma.handoff.updateMany({
      where: { id: row.id, status: 'queued', version: row.version },
      data: { status: 'assigned', agentId: staff.id, assignedAt: now, version: { increment: 1 } },
    });
    if (won.count !== 1) return false;
    this.deps.logger.info({ handoffId: row.id, staffId: staff.id }, 'handoff taken');
    await this.afterAssigned(row, staff, `Le atiende ${firstName(staff.name)}, asesor de atención al ciudadano. Ya puede escribirle por aquí.`);
    return true;
  }

  private async afterAssigned(row: HandoffRow, staff: { id: string; name: string }, text: string): Promise<void> {
    await this.deps.timers.cancel(timerKey('out_of_hours', row.id));
    await this.deps.timers.cancel(timerKey('position', row.id));
    await this.deps.timers.cancel(timerKey('citizen_silent', row.id));
    this.told.delete(row.id);
    if (row.reason !== CALLBACK) {
      await this.scheduleAgentSilent(row.id, staff.id);
      await this.deps.notify(row.conversationId, { text }, {});
    }
    await this.emitChanged(row.id);
    this.emit({ type: 'agents.changed', entityId: row.entityId });
    this.background(() => this.announcePositions(row.area));
  }

  /** Back in the queue, in front of those who came later (queuedAt is kept); the citizen hears their place. */
  private async afterRequeue(handoffId: string, text: string): Promise<void> {
    const row = await this.rowById(handoffId);
    await this.deps.timers.cancel(timerKey('agent_silent', row.id));
    await this.deps.timers.cancel(timerKey('citizen_silent', row.id));
    if (row.reason !== CALLBACK) {
      await this.scheduleOutOfHours(row.id);
      const state = await this.queuedResult(row);
      if (state.estado === 'en_fila') {
        this.told.set(row.id, { position: state.posicion, at: this.now().getTime() });
        await this.deps.notify(row.conversationId, { text: `${text} Sigue en la fila: es el número ${state.posicion}. Espera estimada: ${state.espera}.` }, {});
      }
    }
    await this.emitChanged(row.id);
    this.background(async () => {
      await this.announcePositions(row.area);
      await this.offerQueue();
    });
  }

  /** Closes a handoff; false when someone else changed it first. The citizen is told, the conversation ends. */
  private async finish(row: HandoffRow, reason: string, citizenText: string): Promise<boolean> {
    const { prisma } = this.deps;
    const now = this.now();
    const done = await prisma.handoff.updateMany({
      where: { id: row.id, version: row.version, status: { in: ACTIVE } },
      data: { status: 'closed', closedAt: now, closeReason: reason, version: { increment: 1 } },
    });
    if (done.count !== 1) return false;
    await this.cancelTimers(row.id);
    this.told.delete(row.id);
    if (row.reason !== CALLBACK) {
      await this.deps.notify(row.conversationId, { text: citizenText }, {});
      // The next citizen message starts a fresh conversation with the bot.
      await prisma.conversation.updateMany({
        where: { id: row.conversationId, status: 'handoff' },
        data: { status: 'closed', closedAt: now, closeReason: reason },
      });
    }
    this.deps.logger.info({ handoffId: row.id, reason }, 'handoff closed');
    await this.emitChanged(row.id);
    this.emit({ type: 'agents.changed', entityId: row.entityId });
    this.background(async () => {
      if (row.status === 'queued') await this.announcePositions(row.area);
      await this.offerQueue();
    });
    return true;
  }

  /** Tells queued citizens whose place improved, at most once every two minutes each; later improvements wait. */
  private async announcePositions(area: string): Promise<void> {
    const positions = await this.views.positions(this.deps.entityId);
    const queued = await this.deps.prisma.handoff.findMany({
      where: { entityId: this.deps.entityId, status: 'queued', area, reason: { not: CALLBACK } },
    });
    const now = this.now().getTime();
    for (const row of queued) {
      const position = positions.get(row.id);
      if (position === undefined) continue;
      const last = this.told.get(row.id);
      if (!last) {
        this.told.set(row.id, { position, at: now });
        continue;
      }
      if (position >= last.position) continue;
      if (now - last.at < POSITION_NOTICE_MS) {
        await this.deps.timers.schedule({
          entityId: row.entityId,
          kind: handoffJobKind,
          key: timerKey('position', row.id),
          runAt: new Date(last.at + POSITION_NOTICE_MS),
          payload: { handoffId: row.id, timer: 'position' },
        });
        continue;
      }
      const state = await this.queuedResult(row);
      if (state.estado !== 'en_fila') continue;
      this.told.set(row.id, { position, at: now });
      await this.deps.notify(row.conversationId, { text: `Avanzó en la fila: ahora es el número ${position}. Espera estimada: ${state.espera}.` }, {});
    }
  }

  /** Automatic assignment: each queued conversation, in order, to the online agent of its area with the fewest. */
  private offerQueue(): Promise<void> {
    if (this.deps.settings.assignment !== 'automatica') return Promise.resolve();
    const run = this.offering.then(async () => {
      const queued = await this.deps.prisma.handoff.findMany({
        where: { entityId: this.deps.entityId, status: 'queued' },
        orderBy: [{ priority: 'desc' }, { queuedAt: 'asc' }, { id: 'asc' }],
      });
      if (queued.length === 0) return;
      const agents = (await this.attendingStaff()).filter((s) => s.presence === 'online');
      const load = new Map(await Promise.all(agents.map(async (a) => [a.id, await this.holding(a.id)] as const)));
      for (const row of queued) {
        const free = agents
          .filter((a) => attendsArea(a, row.area) && (load.get(a.id) ?? 0) < a.maxConversations)
          .sort((a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0) || (a.presenceAt?.getTime() ?? 0) - (b.presenceAt?.getTime() ?? 0));
        const agent = free[0];
        if (!agent) continue;
        if (await this.claim(row, agent)) load.set(agent.id, (load.get(agent.id) ?? 0) + 1);
      }
    });
    this.offering = run.catch((error: unknown) => this.deps.logger.error({ err: error }, 'automatic assignment failed'));
    return this.offering;
  }

  private async queuedResult(row: HandoffRow): Promise<HandoffRequestResult> {
    const positions = await this.views.positions(this.deps.entityId);
    const position = positions.get(row.id) ?? 1;
    const agents = (await this.attendingStaff()).filter((s) => s.presence === 'online' && attendsArea(s, row.area));
    let freeSlots = 0;
    for (const a of agents) freeSlots += Math.max(0, a.maxConversations - (await this.holding(a.id)));
    const espera = describeWait({ position, onlineAgents: agents.length, freeSlots, averageMinutes: await this.averageHandlingMinutes() });
    const area = this.deps.settings.areas.find((a) => a.id === row.area)?.name ?? row.area;
    return { estado: 'en_fila', posicion: position, espera, area };
  }

  /** How long agents took on the last conversations they closed; the setting until there is history. */
  private async averageHandlingMinutes(): Promise<number> {
    const recent = await this.deps.prisma.handoff.findMany({
      where: { entityId: this.deps.entityId, status: 'closed', closeReason: 'agent', assignedAt: { not: null } },
      orderBy: { closedAt: 'desc' },
      take: 20,
      select: { assignedAt: true, closedAt: true },
    });
    if (recent.length < 5) return this.deps.settings.timers.averageHandling;
    const total = recent.reduce((sum, r) => sum + ((r.closedAt?.getTime() ?? 0) - (r.assignedAt?.getTime() ?? 0)), 0);
    return Math.max(1, total / recent.length / 60_000);
  }

  private async scheduleOutOfHours(handoffId: string): Promise<void> {
    const now = this.now();
    const range = this.hours.currentRange(now);
    const grace = this.deps.settings.timers.queueOutOfHours * 60_000;
    await this.deps.timers.schedule({
      entityId: this.deps.entityId,
      kind: handoffJobKind,
      key: timerKey('out_of_hours', handoffId),
      runAt: new Date((range ? range.closes.getTime() : now.getTime()) + grace),
      payload: { handoffId, timer: 'out_of_hours' },
    });
  }

  private async scheduleAgentSilent(handoffId: string, agentId: string): Promise<void> {
    await this.deps.timers.schedule({
      entityId: this.deps.entityId,
      kind: handoffJobKind,
      key: timerKey('agent_silent', handoffId),
      runAt: new Date(this.now().getTime() + this.deps.settings.timers.agentSilent * 60_000),
      payload: { handoffId, timer: 'agent_silent', agentId },
    });
  }

  private async scheduleCitizenSilent(handoffId: string, stage: 'warn' | 'close', minutes: number): Promise<void> {
    await this.deps.timers.schedule({
      entityId: this.deps.entityId,
      kind: handoffJobKind,
      key: timerKey('citizen_silent', handoffId),
      runAt: new Date(this.now().getTime() + minutes * 60_000),
      payload: { handoffId, timer: 'citizen_silent', stage },
    });
  }

  private async cancelTimers(handoffId: string): Promise<void> {
    for (const timer of timerNames) await this.deps.timers.cancel(timerKey(timer, handoffId));
  }

  private async markInboundRead(row: HandoffRow): Promise<void> {
    await this.deps.prisma.message.updateMany({
      where: { conversationId: row.conversationId, direction: 'in', readAt: null, createdAt: { gte: row.queuedAt } },
      data: { readAt: this.now() },
    });
  }

  private isCancel(text: string | undefined): boolean {
    if (!text) return false;
    const said = normalizeText(text);
    const words = ['salir', 'cancelar', 'salir de la fila', ...(this.deps.bot?.().cancelWords ?? [])];
    return words.some((w) => normalizeText(w) === said);
  }

  private areaOf(requested: string | undefined, ctx: ActionContext): string {
    const wanted = requested?.trim();
    if (wanted && this.deps.settings.areas.some((a) => a.id === wanted)) return wanted;
    if (wanted) ctx.logger.warn({ area: wanted }, 'handoff area not in atencion.areas: default area used');
    return this.deps.settings.defaultArea;
  }

  private async priorityOf(conversationId: string, stated: string | undefined) {
    const said = await this.deps.prisma.message.findMany({
      where: { conversationId, direction: 'in', text: { not: null } },
      orderBy: { createdAt: 'desc' },
      take: 30,
      select: { text: true },
    });
    return detectPriority([stated ?? '', ...said.map((m) => m.text ?? '')]);
  }

  private async heldBy(actor: StaffActor, handoffId: string): Promise<HandoffRow> {
    const row = await this.rowFor(actor, handoffId);
    if (row.status !== 'assigned') throw new HandoffError(row.status === 'queued' ? 'NOT_HOLDER' : 'CLOSED', row.status === 'queued' ? 'Tome la conversación antes de responder.' : 'Esta conversación ya terminó.');
    if (row.agentId !== actor.id) throw new HandoffError('NOT_HOLDER', 'Esta conversación la atiende otra persona.');
    return row;
  }

  /** The handoff if it is the actor's entity's; another entity's is as unknown as a missing one. */
  private async rowFor(actor: StaffActor, handoffId: string): Promise<HandoffRow> {
    this.assertEntity(actor);
    const row = await this.deps.prisma.handoff.findFirst({ where: { id: handoffId, entityId: this.deps.entityId } });
    if (!row) throw new HandoffError('NOT_FOUND', 'No encontramos esa conversación.');
    return row;
  }

  private rowById(id: string): Promise<HandoffRow> {
    return this.deps.prisma.handoff.findUniqueOrThrow({ where: { id } });
  }

  private async staffOf(actor: StaffActor): Promise<StaffRow> {
    this.assertEntity(actor);
    const row = await this.deps.prisma.staffMember.findFirst({ where: { id: actor.id, entityId: this.deps.entityId, disabledAt: null } });
    if (!row) throw new HandoffError('FORBIDDEN', 'Su usuario no está activo en esta entidad.');
    return row;
  }

  private async attendingStaff(): Promise<StaffRow[]> {
    const all = await this.deps.prisma.staffMember.findMany({ where: { entityId: this.deps.entityId, disabledAt: null }, orderBy: { name: 'asc' } });
    return all.filter((s) => permissionsOf(rolesOf(s.roles)).has('handoff.attend'));
  }

  private holding(agentId: string): Promise<number> {
    return this.deps.prisma.handoff.count({ where: { agentId, status: 'assigned' } });
  }

  private async agentStatus(s: StaffRow): Promise<AgentStatus> {
    return {
      id: s.id,
      name: s.name,
      presence: s.presence as Presence,
      presenceAt: s.presenceAt?.toISOString() ?? null,
      areas: areasOf(s.areas),
      maxConversations: s.maxConversations,
      holding: await this.holding(s.id),
    };
  }

  private assertEntity(actor: StaffActor): void {
    if (actor.entityId !== this.deps.entityId) throw new HandoffError('NOT_FOUND', 'No encontramos esa conversación.');
  }

  private assertAttend(actor: StaffActor): void {
    this.assertEntity(actor);
    if (!can(actor, 'handoff.attend')) throw new HandoffError('FORBIDDEN', 'Su rol no permite atender conversaciones.');
  }

  private rightsOf(actor: StaffActor): ViewerRights {
    return { reserved: can(actor, 'cases.identity.reserved') };
  }

  private async emitChanged(handoffId: string, queueChanged = true): Promise<void> {
    const row = await this.rowById(handoffId);
    // Events reach every signed-in agent: built without the reserved-identity right.
    const handoff = await this.views.summary(row, { reserved: false });
    if (queueChanged) this.emit({ type: 'queue.changed', entityId: row.entityId });
    this.emit({ type: 'handoff.updated', entityId: row.entityId, handoff });
  }

  private async emitMessage(row: HandoffRow, messageId: string): Promise<void> {
    const m = await this.deps.prisma.message.findUnique({ where: { id: messageId } });
    if (!m) return;
    const reserved = await this.views.reservedIdentity(row.conversationId);
    const message = this.views.messageView(m, new Map(), reserved);
    this.emit({ type: 'message', entityId: row.entityId, handoffId: row.id, conversationId: row.conversationId, message });
    await this.emitChanged(row.id, false);
  }

  private emit(event: HandoffEvent): void {
    this.events.emit(event, (error) => this.deps.logger.error({ err: error, event: event.type }, 'handoff event listener failed'));
  }

  private background(task: () => Promise<void>): void {
    const running = task()
      .catch((error: unknown) => this.deps.logger.error({ err: error }, 'handoff background task failed'))
      .finally(() => this.pending.delete(running));
    this.pending.add(running);
  }
}

function rolesOf(roles: unknown): StaffRole[] {
  return Array.isArray(roles) ? roles.filter((r): r is StaffRole => StaffRole.safeParse(r).success) : [];
}

function areasOf(areas: unknown): string[] {
  return Array.isArray(areas) ? areas.filter((a): a is string => typeof a === 'string') : [];
}

/** An agent attends every area when their list is empty. */
function attendsArea(staff: { areas: unknown }, area: string): boolean {
  const list = areasOf(staff.areas);
  return list.length === 0 || list.includes(area);
}

/** Citizens see the first name only. */
function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}
