import type { Db } from '../../db/database.js';
import type { Attachment, OutboundMessage } from '../../lib/messages.js';
import type { StoredOutbound } from '../../core/outbox.js';
import { storedFileIdOf } from '../../uploads/stored-files.js';
import type { WidgetMessage } from './widget-frames.js';

export const webChannel = 'web';
const lastMessages = 50;
const maxReplay = 500;

interface MessageRow {
  id: string;
  direction: string;
  text: string | null;
  payload: unknown;
  channelMessageId: string | null;
  createdAt: Date;
}

/** A stored message as the widget shows it. Pure, so history and live sends cannot disagree. */
export function toWidgetMessage(row: MessageRow): WidgetMessage {
  if (row.direction === 'in') {
    const payload = (row.payload ?? {}) as { attachments?: Attachment[] };
    // Stored as `<session>:<client id>` (widget-connection.ts).
    const clientId = row.channelMessageId?.slice(row.channelMessageId.indexOf(':') + 1);
    return inboundToWidget(row.id, row.text ?? '', payload.attachments ?? [], clientId, row.createdAt);
  }
  const stored = row.payload as StoredOutbound | null;
  return outboundToWidget(
    row.id,
    stored?.message ?? { text: row.text ?? '', options: [], attachments: [], typing: false },
    row.createdAt,
  );
}

export function inboundToWidget(
  id: string,
  text: string,
  attachments: Attachment[],
  clientId: string | undefined,
  at: Date,
): WidgetMessage {
  return {
    id,
    from: 'citizen',
    text,
    options: [],
    attachments: attachments.map(toWidgetAttachment),
    ...(clientId ? { clientId } : {}),
    at: at.toISOString(),
  };
}

export function outboundToWidget(id: string, message: OutboundMessage, at: Date): WidgetMessage {
  return {
    id,
    from: message.author ? 'agent' : 'bot',
    ...(message.author ? { authorName: message.author.name } : {}),
    text: message.text,
    options: message.options.map((o) => ({ label: o.label, value: o.value })),
    attachments: message.attachments.map(toWidgetAttachment),
    ...(message.expects ? { expects: message.expects } : {}),
    at: at.toISOString(),
  };
}

function toWidgetAttachment(a: Attachment): WidgetMessage['attachments'][number] {
  return {
    kind: a.kind,
    fileName: a.fileName ?? null,
    mimeType: a.mimeType ?? null,
    sizeBytes: a.sizeBytes ?? null,
    url: /^https?:\/\//.test(a.ref) ? a.ref : null,
    fileId: storedFileIdOf(a.ref),
  };
}

/**
 * What a widget session shows: every conversation of its contact on the web channel, as one chat log. With `after`
 * (the newest id the browser shows) only what came later; otherwise the last 50 messages.
 */
export async function loadHistory(
  prisma: Db,
  entityId: string,
  sessionId: string,
  after?: string | null,
): Promise<WidgetMessage[]> {
  const identity = await prisma.contactIdentity.findUnique({
    where: { entityId_channel_externalId: { entityId, channel: webChannel, externalId: sessionId } },
    select: { contactId: true },
  });
  if (!identity) return [];
  // By conversation ids rather than a join from the entity's messages: the (conversationId, createdAt) index then
  // reads only this contact's newest rows; the join made SQLite walk every message of the entity (issue #20).
  const conversations = await prisma.conversation.findMany({
    where: { contactId: identity.contactId, channel: webChannel, entityId },
    select: { id: true },
  });
  if (conversations.length === 0) return [];
  const mine = { conversationId: { in: conversations.map((c) => c.id) } };
  const select = {
    id: true,
    direction: true,
    text: true,
    payload: true,
    channelMessageId: true,
    createdAt: true,
  } as const;
  const cursor = after
    ? await prisma.message.findFirst({ where: { ...mine, id: after }, select: { id: true, createdAt: true } })
    : null;
  if (cursor) {
    const rows = await prisma.message.findMany({
      where: {
        ...mine,
        OR: [{ createdAt: { gt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { gt: cursor.id } }],
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      take: maxReplay,
      select,
    });
    return rows.map(toWidgetMessage);
  }
  const rows = await prisma.message.findMany({
    where: mine,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: lastMessages,
    select,
  });
  return rows.reverse().map(toWidgetMessage);
}
