import type { Attachment } from '../lib/messages.js';
import { OPEN_STATUSES } from '../cases/service/case-status.js';
import type { Db } from '../db/database.js';
import type { CitizenCase, HandoffStatus, HandoffSummary, TranscriptMessage } from './handoff-api.js';
import { detectPriority } from './special-protection.js';

/** What a citizen's message shows to staff who may not know a denunciante's reserved identity. */
export const REDACTED_TEXT = '[Mensaje oculto: identidad reservada del denunciante]';
export const RESERVED_LABEL = 'Identidad reservada';

const channelLabels: Record<string, string> = {
  web: 'Ciudadano por el chat web',
  whatsapp: 'Ciudadano por WhatsApp',
  'whatsapp-cloud': 'Ciudadano por WhatsApp',
  telegram: 'Ciudadano por Telegram',
  email: 'Ciudadano por correo electrónico',
  fake: 'Ciudadano (chat de prueba)',
};

export interface HandoffRow {
  id: string;
  entityId: string;
  conversationId: string;
  contactId: string;
  channel: string;
  area: string;
  priority: number;
  reason: string;
  status: string;
  agentId: string | null;
  version: number;
  queuedAt: Date;
  assignedAt: Date | null;
  firstReplyAt: Date | null;
  lastCitizenAt: Date | null;
  lastAgentAt: Date | null;
  closedAt: Date | null;
  closeReason: string | null;
}

export interface ViewerRights {
  /** May read a denunciante's reserved identity (cases.identity.reserved). */
  reserved: boolean;
}

/** Builds what the console shows; every read of citizen data goes through here, so redaction happens in one place. */
export class HandoffViews {
  constructor(
    private readonly prisma: Db,
    private readonly now: () => Date,
  ) {}

  /** The identity data of the reserved denuncias filed in this conversation, or null when there are none. */
  async reservedIdentity(conversationId: string): Promise<string[] | null> {
    const cases = await this.prisma.pqrsdCase.findMany({
      where: { conversationId, identityReserved: true },
      select: { requester: { select: { name: true, documentNumber: true, email: true, phone: true, address: true } } },
    });
    if (cases.length === 0) return null;
    return cases.flatMap((c) =>
      [
        c.requester?.name,
        c.requester?.documentNumber,
        c.requester?.email,
        c.requester?.phone,
        c.requester?.address,
      ].filter((v): v is string => typeof v === 'string' && v.trim().length >= 3),
    );
  }

  /** Place of each queued handoff in its area (1 = next): priority first, then who waited longest. */
  async positions(entityId: string): Promise<Map<string, number>> {
    const queued = await this.prisma.handoff.findMany({
      where: { entityId, status: 'queued' },
      orderBy: [{ priority: 'desc' }, { queuedAt: 'asc' }, { id: 'asc' }],
      select: { id: true, area: true },
    });
    const perArea = new Map<string, number>();
    const positions = new Map<string, number>();
    for (const q of queued) {
      const n = (perArea.get(q.area) ?? 0) + 1;
      perArea.set(q.area, n);
      positions.set(q.id, n);
    }
    return positions;
  }

  async summary(row: HandoffRow, rights: ViewerRights, positions?: Map<string, number>): Promise<HandoffSummary> {
    const now = this.now();
    const [contact, agent, lastIn, reserved, texts] = await Promise.all([
      this.prisma.contact.findUnique({ where: { id: row.contactId }, select: { displayName: true } }),
      row.agentId
        ? this.prisma.staffMember.findUnique({ where: { id: row.agentId }, select: { id: true, name: true } })
        : null,
      this.prisma.message.findFirst({
        where: { conversationId: row.conversationId, direction: 'in', text: { not: null } },
        orderBy: { createdAt: 'desc' },
        select: { text: true },
      }),
      rights.reserved ? Promise.resolve(null) : this.reservedIdentity(row.conversationId),
      this.prisma.message.findMany({
        where: { conversationId: row.conversationId, direction: 'in', createdAt: { gte: row.queuedAt } },
        select: { createdAt: true, readAt: true },
      }),
    ]);
    const hidden = reserved !== null;
    const unanswered = texts
      .filter((m) => !row.lastAgentAt || m.createdAt > row.lastAgentAt)
      .map((m) => m.createdAt.getTime());
    const oldestUnanswered = unanswered.length ? Math.min(...unanswered) : null;
    const waitingFrom =
      row.status === 'queued' ? row.queuedAt.getTime() : row.status === 'assigned' ? oldestUnanswered : null;
    const position =
      row.status === 'queued' ? ((positions ?? (await this.positions(row.entityId))).get(row.id) ?? null) : null;
    return {
      id: row.id,
      conversationId: row.conversationId,
      channel: row.channel,
      area: row.area,
      priority: row.priority,
      priorityLabel: row.priority > 0 ? priorityLabelOf(row) : null,
      reason: row.reason === 'callback' ? 'Pidió que lo llamen (fuera del horario de atención)' : row.reason,
      status: row.status as HandoffStatus,
      position,
      agent: agent ? { id: agent.id, name: agent.name } : null,
      citizenLabel: hidden ? RESERVED_LABEL : contact?.displayName?.trim() || channelLabels[row.channel] || 'Ciudadano',
      queuedAt: row.queuedAt.toISOString(),
      assignedAt: row.assignedAt?.toISOString() ?? null,
      unread: row.status === 'assigned' ? texts.filter((m) => m.readAt === null).length : 0,
      waitingSeconds: waitingFrom === null ? 0 : Math.max(0, Math.floor((now.getTime() - waitingFrom) / 1000)),
      lastCitizenText: hidden ? (lastIn ? REDACTED_TEXT : null) : (lastIn?.text ?? null),
    };
  }

  /** The whole conversation: the bot's part, the agents' and the notes, oldest first. */
  async transcript(conversationId: string, rights: ViewerRights): Promise<TranscriptMessage[]> {
    const [messages, notes, reserved] = await Promise.all([
      this.prisma.message.findMany({ where: { conversationId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
      this.prisma.conversationNote.findMany({ where: { conversationId }, orderBy: { createdAt: 'asc' } }),
      rights.reserved ? Promise.resolve(null) : this.reservedIdentity(conversationId),
    ]);
    const staffIds = [
      ...new Set(
        [...messages.map((m) => m.staffId), ...notes.map((n) => n.staffId)].filter((id): id is string => !!id),
      ),
    ];
    const staff = new Map(
      (
        await this.prisma.staffMember.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true } })
      ).map((s) => [s.id, s.name]),
    );
    const all: (TranscriptMessage & { order: number })[] = [];
    for (const m of messages) all.push({ ...this.messageView(m, staff, reserved), order: m.createdAt.getTime() });
    for (const n of notes) {
      all.push({
        id: n.id,
        from: 'note',
        authorName: staff.get(n.staffId) ?? 'Sistema',
        text: reserved && containsAny(n.text, reserved) ? REDACTED_TEXT : n.text,
        attachments: [],
        at: n.createdAt.toISOString(),
        status: null,
        order: n.createdAt.getTime(),
      });
    }
    return all.sort((a, b) => a.order - b.order).map(({ order: _order, ...m }) => m);
  }

  messageView(
    m: {
      id: string;
      direction: string;
      text: string | null;
      payload: unknown;
      status: string;
      staffId: string | null;
      createdAt: Date;
    },
    staff: ReadonlyMap<string, string>,
    reserved: string[] | null,
  ): TranscriptMessage {
    const inbound = m.direction === 'in';
    const payload = (m.payload ?? {}) as { attachments?: Attachment[]; message?: { attachments?: Attachment[] } };
    const attachments = (inbound ? payload.attachments : payload.message?.attachments) ?? [];
    const text = m.text ?? '';
    // Whatever the citizen wrote may identify them; the bot's summaries repeat the requester's data.
    const hide = reserved !== null && (inbound || containsAny(text, reserved));
    return {
      id: m.id,
      from: inbound ? 'citizen' : m.staffId ? 'agent' : 'bot',
      authorName: m.staffId ? (staff.get(m.staffId) ?? null) : null,
      text: hide ? REDACTED_TEXT : text,
      attachments: hide ? [] : attachments,
      at: m.createdAt.toISOString(),
      status: inbound ? null : m.status,
    };
  }

  /** The citizen's open cases; a reserved denuncia is left out where the viewer could tie it to a visible identity. */
  async cases(contactId: string, rights: ViewerRights, conversationHidden: boolean): Promise<CitizenCase[]> {
    // Cases filed in a chat may carry only the conversation, not the contact.
    const conversations = await this.prisma.conversation.findMany({ where: { contactId }, select: { id: true } });
    const rows = await this.prisma.pqrsdCase.findMany({
      where: {
        OR: [{ contactId }, { conversationId: { in: conversations.map((c) => c.id) } }],
        status: { in: [...OPEN_STATUSES] },
      },
      orderBy: { receivedAt: 'desc' },
      select: { radicado: true, type: true, status: true, dueDate: true, identityReserved: true },
    });
    return rows
      .filter((c) => rights.reserved || !c.identityReserved || conversationHidden)
      .map((c) => ({ radicado: c.radicado, type: c.type, status: c.status, dueDate: c.dueDate }));
  }
}

function containsAny(text: string, needles: string[]): boolean {
  const lower = text.toLowerCase();
  return needles.some((n) => lower.includes(n.toLowerCase()));
}

function priorityLabelOf(row: HandoffRow): string | null {
  // The label is derived from the same words that set the priority; stored reasons keep it stable.
  const detected = detectPriority([row.reason]);
  if (detected.label && detected.priority === row.priority) return detected.label;
  return row.priority >= 2 ? 'Protección especial' : 'Urgente';
}
