import type { Logger } from 'pino';
import type { EventBus } from '../lib/event-bus.js';
import type { JobTimers } from '../core/job-kind.js';
import { KeyedQueue } from '../core/keyed-queue.js';
import type { OutboundMessageInput } from '../lib/messages.js';
import type { Db } from '../db/database.js';
import { can, type StaffActor } from '../staff/staff-member.js';
import { permissionsOf, StaffRole } from '../staff/staff-roles.js';
import type { AtencionSettings } from './atencion-settings.js';
import { HandoffError, type HandoffEvent, type TranscriptMessage } from './handoff-api.js';
import { HandoffEvents } from './handoff-events.js';
import { HandoffViews, type HandoffRow, type ViewerRights } from './handoff-views.js';

export interface HandoffServiceDeps {
  prisma: Db;
  entityId: string;
  settings: AtencionSettings;
  logger: Logger;
  /** Queues a message to the conversation's citizen (engine.notify). Never awaited from inside a turn. */
  notify: (conversationId: string, message: OutboundMessageInput, meta: { staffId?: string }) => Promise<void>;
  timers: JobTimers;
  /** bot.yaml as it is now (flows reload): the cancel words and the bot's idle minutes. */
  bot?: () => { cancelWords: string[]; idleMinutes: number };
  /** Carries console events to every instance; in memory by default. */
  bus?: EventBus;
  now?: () => Date;
}

export type StaffRow = {
  id: string;
  entityId: string;
  name: string;
  roles: unknown;
  presence: string;
  presenceAt: Date | null;
  maxConversations: number;
  areas: unknown;
  disabledAt: Date | null;
};

/** The reason of a call-back request: it waits in the queue, but no citizen is in the chat to be told anything. */
export const CALLBACK = 'callback';
export const ACTIVE = ['queued', 'assigned'];
/** Not a flow session (parseFlowSession reads it as none): the next message starts at the greeting, and the bot's idle
 * timer closes the conversation quietly. A JSON null would need each generated client's own DbNull. */
export const noSession = {};

/**
 * What every part of the handoff module shares: the dependencies, the clock, the rows and staff of this entity, the
 * console's events, the places last told to queued citizens, and the background tasks `idle()` waits for.
 */
export class HandoffContext {
  readonly now: () => Date;
  readonly views: HandoffViews;
  /** Last place told to each queued citizen, for the rate limit; lost on restart, which costs at most one extra notice. */
  readonly told = new Map<string, { position: number; at: number }>();
  private readonly events: HandoffEvents;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly lanes = new KeyedQueue();

  constructor(readonly deps: HandoffServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.views = new HandoffViews(deps.prisma, this.now);
    this.events = new HandoffEvents(deps.bus);
  }

  get prisma(): Db {
    return this.deps.prisma;
  }

  get entityId(): string {
    return this.deps.entityId;
  }

  get settings(): AtencionSettings {
    return this.deps.settings;
  }

  get logger(): Logger {
    return this.deps.logger;
  }

  /** Resolves when the notices and offers started in the background have finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  background(task: () => Promise<void>): void {
    const running = task()
      .catch((error: unknown) => this.logger.error({ err: error }, 'handoff background task failed'))
      .finally(() => this.pending.delete(running));
    this.pending.add(running);
  }

  /**
   * Like `background`, after the tasks started earlier under the same key: a conversation's messages reach the console
   * in the order they were written, though each is read back from the database on its own.
   */
  backgroundInOrder(key: string, task: () => Promise<void>): void {
    this.background(() => this.lanes.run(key, task));
  }

  subscribe(listener: (event: HandoffEvent) => void): () => void {
    return this.events.subscribe(listener);
  }

  emit(event: HandoffEvent): void {
    this.events.emit(event, (error) =>
      this.logger.error({ err: error, event: event.type }, 'handoff event listener failed'),
    );
  }

  async emitChanged(handoffId: string, queueChanged = true): Promise<void> {
    const row = await this.rowById(handoffId);
    // Events reach every signed-in agent: built without the reserved-identity right.
    const handoff = await this.views.summary(row, { reserved: false });
    if (queueChanged) this.emit({ type: 'queue.changed', entityId: row.entityId });
    this.emit({ type: 'handoff.updated', entityId: row.entityId, handoff });
  }

  async emitMessage(row: HandoffRow, messageId: string): Promise<void> {
    const m = await this.prisma.message.findUnique({ where: { id: messageId } });
    if (!m) return;
    const reserved = await this.views.reservedIdentity(row.conversationId);
    this.emitTranscript(row, this.views.messageView(m, new Map(), reserved));
    await this.emitChanged(row.id, false);
  }

  /** A new line of the handoff's transcript, for the consoles that show it. */
  emitTranscript(row: HandoffRow, message: TranscriptMessage): void {
    this.emit({
      type: 'message',
      entityId: row.entityId,
      handoffId: row.id,
      conversationId: row.conversationId,
      message,
    });
  }

  rowById(id: string): Promise<HandoffRow> {
    return this.prisma.handoff.findUniqueOrThrow({ where: { id } });
  }

  /** The handoff if it is the actor's entity's; another entity's is treated as missing. */
  async rowFor(actor: StaffActor, handoffId: string): Promise<HandoffRow> {
    this.assertEntity(actor);
    const row = await this.prisma.handoff.findFirst({ where: { id: handoffId, entityId: this.entityId } });
    if (!row) throw new HandoffError('NOT_FOUND', 'No encontramos esa conversación.');
    return row;
  }

  async staffOf(actor: StaffActor): Promise<StaffRow> {
    this.assertEntity(actor);
    const row = await this.prisma.staffMember.findFirst({
      where: { id: actor.id, entityId: this.entityId, disabledAt: null },
    });
    if (!row) throw new HandoffError('FORBIDDEN', 'Su usuario no está activo en esta entidad.');
    return row;
  }

  async attendingStaff(): Promise<StaffRow[]> {
    const all = await this.prisma.staffMember.findMany({
      where: { entityId: this.entityId, disabledAt: null },
      orderBy: { name: 'asc' },
    });
    return all.filter((s) => permissionsOf(rolesOf(s.roles)).has('handoff.attend'));
  }

  holding(agentId: string): Promise<number> {
    return this.prisma.handoff.count({ where: { agentId, status: 'assigned' } });
  }

  assertEntity(actor: StaffActor): void {
    if (actor.entityId !== this.entityId) throw new HandoffError('NOT_FOUND', 'No encontramos esa conversación.');
  }

  assertAttend(actor: StaffActor): void {
    this.assertEntity(actor);
    if (!can(actor, 'handoff.attend')) throw new HandoffError('FORBIDDEN', 'Su rol no permite atender conversaciones.');
  }

  rightsOf(actor: StaffActor): ViewerRights {
    return { reserved: can(actor, 'cases.identity.reserved') };
  }
}

export function rolesOf(roles: unknown): StaffRole[] {
  return Array.isArray(roles) ? roles.filter((r): r is StaffRole => StaffRole.safeParse(r).success) : [];
}

export function areasOf(areas: unknown): string[] {
  return Array.isArray(areas) ? areas.filter((a): a is string => typeof a === 'string') : [];
}

/** An agent attends every area when their list is empty. */
export function attendsArea(staff: { areas: unknown }, area: string): boolean {
  const list = areasOf(staff.areas);
  return list.length === 0 || list.includes(area);
}

/** Citizens see the first name only. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? name;
}
