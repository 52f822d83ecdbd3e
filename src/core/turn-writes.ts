import type { DriverTransaction } from '../db/driver-transaction.js';
import { readDate } from '../db/driver-transaction.js';
import { uuid7 } from '../db/uuid7.js';
import type { StoredOutbound } from './outbox.js';

/** What a turn's writes need to know of its conversation. */
export interface TurnConversation {
  id: string;
  entityId: string;
  contactId: string;
  channel: string;
}

/**
 * queueOutbound (conversation-engine.ts) on the driver: the same rows, in one INSERT. Outbound order is createdAt
 * order: rows start after this conversation's newest outbound, so turns never interleave even when the clock stands
 * still or steps back.
 */
export async function queueOutboundIn(
  tx: DriverTransaction,
  conversation: TurnConversation,
  outbound: StoredOutbound[],
  now: Date,
): Promise<string[]> {
  if (outbound.length === 0) return [];
  const [newest] = await tx.query(
    'SELECT "createdAt" FROM "Message" WHERE "conversationId" = ? AND "direction" = ? ORDER BY "createdAt" DESC LIMIT 1',
    [conversation.id, 'out'],
  );
  const base = Math.max(now.getTime(), (readDate(newest?.createdAt)?.getTime() ?? 0) + 1);
  const ids: string[] = [];
  const values: (string | number | Date | null | { json: unknown })[] = [];
  for (const [i, stored] of outbound.entries()) {
    const id = uuid7();
    ids.push(id);
    values.push(
      id,
      conversation.entityId,
      conversation.id,
      'out',
      conversation.channel,
      stored.message.text,
      { json: stored },
      'queued',
      stored.staffId ?? null,
      0,
      new Date(base + i),
    );
  }
  await tx.execute(
    `INSERT INTO "Message" ("id", "entityId", "conversationId", "direction", "channel", "text", "payload", "status", "staffId", "attempts", "createdAt")
     VALUES ${outbound.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
    values,
  );
  return ids;
}

/** The conversation's session and activity time; its status comes back (an action of this turn may have handed it to people). */
export async function saveSessionIn(
  tx: DriverTransaction,
  conversationId: string,
  session: unknown,
  now: Date,
): Promise<string> {
  const [row] = await tx.query(
    'UPDATE "Conversation" SET "session" = ?, "lastActivityAt" = ? WHERE "id" = ? RETURNING "status"',
    [{ json: session }, now, conversationId],
  );
  if (!row) throw new Error(`conversation ${conversationId} not found`);
  return row.status as string;
}

/** Closes the conversation unless people hold it (a flow that hands it to people ends its own part only). */
export async function closeUnlessHeldIn(
  tx: DriverTransaction,
  conversationId: string,
  reason: string,
  now: Date,
): Promise<void> {
  await tx.execute(
    'UPDATE "Conversation" SET "status" = ?, "closedAt" = ?, "closeReason" = ? WHERE "id" = ? AND "status" <> ?',
    ['closed', now, reason, conversationId, 'handoff'],
  );
}

export async function renameContactIn(tx: DriverTransaction, contactId: string, displayName: string): Promise<void> {
  // Contact.updatedAt is @updatedAt, which Prisma sets from the wall clock.
  await tx.execute('UPDATE "Contact" SET "displayName" = ?, "updatedAt" = ? WHERE "id" = ?', [
    displayName,
    new Date(),
    contactId,
  ]);
}

export async function markProcessedIn(tx: DriverTransaction, messageId: string, now: Date): Promise<void> {
  await tx.execute('UPDATE "Message" SET "status" = ?, "processedAt" = ? WHERE "id" = ?', [
    'processed',
    now,
    messageId,
  ]);
}
