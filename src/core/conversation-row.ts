import { readDate, readJson } from '../db/driver-transaction.js';

/** A conversation as the engine works with it. */
export interface ConversationRow {
  id: string;
  entityId: string;
  contactId: string;
  channel: string;
  status: string;
  session: unknown;
  lastActivityAt: Date;
}

/** A conversation read on the driver (the turn's hot reads select these columns under these names). */
export function conversationFromRow(row: Record<string, unknown>, id = row.id as string): ConversationRow {
  return {
    id,
    entityId: row.entityId as string,
    contactId: row.contactId as string,
    channel: row.channel as string,
    status: row.status as string,
    session: readJson(row.session),
    lastActivityAt: readDate(row.lastActivityAt)!,
  };
}
