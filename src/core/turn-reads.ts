import type { DriverQuery } from '../db/driver-transaction.js';
import { readDate, readJson } from '../db/driver-transaction.js';
import { conversationFromRow, type ConversationRow } from './conversation-row.js';

/**
 * The hot path's reads on the driver, one statement each where Prisma issued one per relation (it loads relations
 * with a query each on SQLite): these run for every turn (issue #20).
 */

/** Who a turn talks to: the contact's name and their newest address on the channel (null: none). */
export async function readAddressee(
  query: DriverQuery,
  contactId: string,
  channel: string,
): Promise<{ displayName: string | null; recipientId: string | null }> {
  const [row] = await query(
    `SELECT c."displayName",
       (SELECT i."externalId" FROM "ContactIdentity" i WHERE i."contactId" = c."id" AND i."channel" = ? ORDER BY i."createdAt" DESC LIMIT 1) AS "recipientId"
     FROM "Contact" c WHERE c."id" = ?`,
    [channel, contactId],
  );
  if (!row) throw new Error(`contact ${contactId} not found`);
  return {
    displayName: (row.displayName as string | null) ?? null,
    recipientId: (row.recipientId as string | null) ?? null,
  };
}

/** An outbound row as the outbox reads it, with where it goes. */
export interface OutboundRow {
  id: string;
  conversationId: string;
  channel: string;
  status: string;
  payload: unknown;
  attempts: number;
  nextAttemptAt: Date | null;
  conversation: { contactId: string; contact: { unreachableAt: Date | null } };
}

/** A conversation's waiting outbound messages in send order, with their contact's reachability. */
export async function readWaitingOutbound(
  query: DriverQuery,
  conversationId: string,
  take: number,
): Promise<OutboundRow[]> {
  // One seek per status on (conversationId, direction, status, createdAt). With `status IN (…)` SQLite, which plans
  // without statistics, preferred (conversationId, createdAt) for its order and walked the whole conversation.
  const waiting = (status: string) =>
    `SELECT "id", "conversationId", "channel", "status", "payload", "attempts", "nextAttemptAt", "createdAt" FROM "Message"
     WHERE "conversationId" = ? AND "direction" = 'out' AND "status" = '${status}'`;
  const rows = await query(
    `SELECT m."id", m."conversationId", m."channel", m."status", m."payload", m."attempts", m."nextAttemptAt", c."contactId", k."unreachableAt"
     FROM (${waiting('queued')} UNION ALL ${waiting('sending')}) m
     JOIN "Conversation" c ON c."id" = m."conversationId" JOIN "Contact" k ON k."id" = c."contactId"
     ORDER BY m."createdAt" ASC, m."id" ASC LIMIT ?`,
    [conversationId, conversationId, take],
  );
  return rows.map((r) => ({
    id: r.id as string,
    conversationId: r.conversationId as string,
    channel: r.channel as string,
    status: r.status as string,
    payload: readJson(r.payload),
    attempts: Number(r.attempts),
    nextAttemptAt: readDate(r.nextAttemptAt),
    conversation: { contactId: r.contactId as string, contact: { unreachableAt: readDate(r.unreachableAt) } },
  }));
}

/** The next stored, unprocessed inbound message of a conversation, oldest first, with its conversation as it is now. */
export interface NextInbound {
  inbound: { id: string; text: string | null; payload: unknown; createdAt: Date };
  conversation: ConversationRow;
}

export async function readNextInbound(query: DriverQuery, conversationId: string): Promise<NextInbound | null> {
  const [row] = await query(
    `SELECT m."id", m."text", m."payload", m."createdAt",
       c."entityId", c."contactId", c."channel", c."status", c."session", c."lastActivityAt"
     FROM "Message" m JOIN "Conversation" c ON c."id" = m."conversationId"
     WHERE m."conversationId" = ? AND m."direction" = ? AND m."status" = ?
     ORDER BY m."createdAt" ASC, m."id" ASC LIMIT 1`,
    [conversationId, 'in', 'received'],
  );
  if (!row) return null;
  return {
    inbound: {
      id: row.id as string,
      text: (row.text as string | null) ?? null,
      payload: readJson(row.payload),
      createdAt: readDate(row.createdAt)!,
    },
    conversation: conversationFromRow(row, conversationId),
  };
}

/** queued → sending, so two dispatchers never send a message twice; false when another claimed it first. */
export async function claimOutbound(query: DriverQuery, messageId: string): Promise<boolean> {
  const rows = await query('UPDATE "Message" SET "status" = ? WHERE "id" = ? AND "status" = ? RETURNING "id"', [
    'sending',
    messageId,
    'queued',
  ]);
  return rows.length === 1;
}

/** The channel took the message. */
export async function markSent(
  query: DriverQuery,
  messageId: string,
  now: Date,
  channelMessageId: string | null,
  attempts: number,
): Promise<void> {
  await query(
    'UPDATE "Message" SET "status" = ?, "sentAt" = ?, "channelMessageId" = ?, "attempts" = ?, "lastError" = NULL WHERE "id" = ? RETURNING "id"',
    ['sent', now, channelMessageId, attempts, messageId],
  );
}
