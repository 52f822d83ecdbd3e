import type { Db } from '../db/database.js';
import type { DriverQuery } from '../db/driver-transaction.js';
import { readDate } from '../db/driver-transaction.js';
import { uuid7 } from '../db/uuid7.js';
import type { InboundMessage } from '../lib/messages.js';
import { conversationFromRow, type ConversationRow } from './conversation-row.js';

export type { ConversationRow } from './conversation-row.js';

/**
 * Storing an inbound message, the first thing every message does, on the driver (issue #20): the contact's open
 * conversation with its newest message's time in one statement, then the insert. Through Prisma this was three
 * statements at ~0.3 ms of CPU each in its runtime, the largest Prisma cost left on the hot path.
 */
export async function storeInbound(
  prisma: Db,
  query: DriverQuery,
  message: InboundMessage,
  contactId: string,
  now: Date,
): Promise<{ conversation: ConversationRow; messageId: string } | { duplicate: true }> {
  const open = await readOpenConversation(query, contactId, message.channel);
  const conversation =
    open?.conversation ??
    (await prisma.conversation.create({
      data: { entityId: message.entityId, contactId, channel: message.channel },
    }));
  // Stored in conversation order: never before the newest message, whatever the clocks say, so history reads in the
  // order things happened.
  const createdAt = new Date(Math.max(now.getTime(), (open?.newestAt?.getTime() ?? 0) + 1));
  const messageId = uuid7();
  try {
    await query(
      `INSERT INTO "Message" ("id", "entityId", "conversationId", "direction", "channel", "channelMessageId", "text", "payload", "status", "attempts", "createdAt")
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING "id"`,
      [
        messageId,
        message.entityId,
        conversation.id,
        'in',
        message.channel,
        message.channelMessageId,
        message.text ?? null,
        {
          json: {
            payload: message.payload ?? null,
            attachments: message.attachments,
            receivedAt: message.receivedAt.toISOString(),
            ...(message.start ? { start: true } : {}),
          },
        },
        'received',
        0,
        createdAt,
      ],
    );
  } catch (error) {
    if (isDriverUniqueViolation(error)) return { duplicate: true };
    throw error;
  }
  return { conversation, messageId };
}

/** The contact's conversation on the channel that is not closed, newest first, and when its newest message was stored. */
async function readOpenConversation(
  query: DriverQuery,
  contactId: string,
  channel: string,
): Promise<{ conversation: ConversationRow; newestAt: Date | null } | null> {
  const [row] = await query(
    `SELECT c."id", c."entityId", c."contactId", c."channel", c."status", c."session", c."lastActivityAt",
       (SELECT m."createdAt" FROM "Message" m WHERE m."conversationId" = c."id" ORDER BY m."createdAt" DESC LIMIT 1) AS "newestAt"
     FROM "Conversation" c WHERE c."contactId" = ? AND c."channel" = ? AND c."status" <> ?
     ORDER BY c."startedAt" DESC LIMIT 1`,
    [contactId, channel, 'closed'],
  );
  if (!row) return null;
  return {
    conversation: conversationFromRow(row),
    newestAt: readDate(row.newestAt),
  };
}

/** A unique index refused the row, as the driver adapter reports it (Prisma's own error would say P2002). */
function isDriverUniqueViolation(error: unknown): boolean {
  const cause = (error as { cause?: { kind?: unknown } } | null)?.cause;
  return typeof cause === 'object' && cause !== null && cause.kind === 'UniqueConstraintViolation';
}
